// The registry entry of RetNet's retention (Sun et al. 2023): config section, --arch preset,
// notation.
#include "core/mixers/mixer_registry.h"
#include "core/mixers/retnet/retention.h"

namespace seqscope {
namespace {

using nlohmann::json;
constexpr const char* kKind = "retnet";

const RetNetConfig& config(const MixerConfig& c) { return mixerConfigAs<RetNetConfig>(c, kKind); }

const bool registered = MixerRegistry::add({
    .kind = kKind,
    .order = 20,
    .summary = "RetNet retention: a state decayed by a fixed gamma per head",
    .notation = {"RetNet retention", "key dimension", "value dimension",
                 "S<sub>%1</sub> = γ S<sub>%4</sub> + %2k<sub>%1</sub> v<sub>%1</sub><sup>⊤</sup>%3"
                 "  ·  o<sub>%1</sub> = S<sub>%1</sub><sup>⊤</sup> q<sub>%1</sub>"},
    .readSection =
        [](const JsonReader& s, int hiddenSize) {
          RetNetConfig a;
          a.hiddenSize = hiddenSize;
          a.numHeads = s.integer("num_heads");
          a.headKDim = s.integer("head_k_dim");
          a.headVDim = s.integer("head_v_dim");
          a.ropeTheta = s.number("rope_theta", 10000.0);
          a.normEps = float(s.number("norm_eps", 1e-5));
          return wrapMixerConfig(a);
        },
    .writeSection =
        [](const MixerConfig& m) {
          const auto& a = config(m);
          return json{{"num_heads", a.numHeads}, {"head_k_dim", a.headKDim}, {"head_v_dim", a.headVDim},
                      {"rope_theta", a.ropeTheta}, {"norm_eps", a.normEps}};
        },
    .preset =
        [](const MixerSizing& o) {
          return wrapMixerConfig(RetNetConfig{o.dModel, o.heads, o.stateSize, o.dModel / o.heads, 10000.0, 1e-5f});
        },
    .make = [](const MixerConfig& m) -> std::unique_ptr<Mixer> { return std::make_unique<Retention>(config(m)); },
});

}  // namespace
}  // namespace seqscope
