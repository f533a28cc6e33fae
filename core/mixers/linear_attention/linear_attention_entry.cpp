// The registry entry of linear attention (Katharopoulos et al. 2020): config section, --arch
// preset, notation.
#include "core/mixers/linear_attention/linear_attention.h"
#include "core/mixers/mixer_registry.h"

namespace seqscope {
namespace {

using nlohmann::json;
constexpr const char* kKind = "linear_attention";

const LinearAttentionConfig& config(const MixerConfig& c) { return mixerConfigAs<LinearAttentionConfig>(c, kKind); }

const bool registered = MixerRegistry::add({
    .kind = kKind,
    .order = 10,
    .summary = "linear attention: a d_k x d_v state summed over the tokens, no decay",
    .notation = {"linear attention", "key dimension", "value dimension",
                 "S<sub>%1</sub> = S<sub>%4</sub> + %2φ(k<sub>%1</sub>) v<sub>%1</sub><sup>⊤</sup>%3"
                 "  ·  o<sub>%1</sub> = S<sub>%1</sub><sup>⊤</sup> φ(q<sub>%1</sub>)"},
    .readSection =
        [](const JsonReader& s, int hiddenSize) {
          LinearAttentionConfig a;
          a.hiddenSize = hiddenSize;
          a.numHeads = s.integer("num_heads");
          a.headKDim = s.integer("head_k_dim");
          a.headVDim = s.integer("head_v_dim");
          return wrapMixerConfig(a);
        },
    .writeSection =
        [](const MixerConfig& m) {
          const auto& a = config(m);
          return json{{"num_heads", a.numHeads}, {"head_k_dim", a.headKDim}, {"head_v_dim", a.headVDim}};
        },
    .preset =
        [](const MixerSizing& o) {
          return wrapMixerConfig(LinearAttentionConfig{o.dModel, o.heads, o.stateSize, o.dModel / o.heads, 1e-6f});
        },
    .make = [](const MixerConfig& m) -> std::unique_ptr<Mixer> { return std::make_unique<LinearAttention>(config(m)); },
});

}  // namespace
}  // namespace seqscope
