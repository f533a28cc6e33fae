// The registry entry of Gated DeltaNet (Yang et al. 2024): config section, --arch preset (and
// the 3:1 hybrid with attention, the Qwen3-Next pattern), notation.
#include "core/mixers/gated_deltanet/gated_deltanet.h"
#include "core/mixers/mixer_registry.h"

namespace seqscope {
namespace {

using nlohmann::json;
constexpr const char* kKind = "gated_deltanet";

const GatedDeltaNetConfig& config(const MixerConfig& c) { return mixerConfigAs<GatedDeltaNetConfig>(c, kKind); }

// Every fourth layer is attention; a stack shorter than four ends with one.
std::vector<std::string> hybridLayers(int layers) {
  std::vector<std::string> kinds;
  for (int i = 0; i < layers; ++i) {
    const bool attention = i % 4 == 3 || (layers < 4 && i == layers - 1);
    kinds.push_back(attention ? "attention" : kKind);
  }
  return kinds;
}

const bool registered = MixerRegistry::add({
    .kind = kKind,
    .order = 50,
    .summary = "Gated DeltaNet: a d_k x d_v state with a decay and a delta-rule write",
    .notation = {"Gated DeltaNet", "key dimension", "value dimension",
                 "S<sub>%1</sub> = α<sub>%1</sub> (I − %2β<sub>%1</sub> k<sub>%1</sub> k<sub>%1</sub><sup>⊤</sup>%3) "
                 "S<sub>%4</sub> + %2β<sub>%1</sub> k<sub>%1</sub> v<sub>%1</sub><sup>⊤</sup>%3"
                 "  ·  o<sub>%1</sub> = S<sub>%1</sub><sup>⊤</sup> q<sub>%1</sub>"},
    .readSection =
        [](const JsonReader& s, int hiddenSize) {
          GatedDeltaNetConfig g;
          g.hiddenSize = hiddenSize;
          g.numHeads = s.integer("num_heads");
          g.headKDim = s.integer("head_k_dim");
          g.headVDim = s.integer("head_v_dim");
          g.convKernel = s.integerOr("conv_kernel", 4);
          g.chunkSize = s.integerOr("chunk_size", 64);
          g.useGate = s.boolean("use_gate", true);
          g.normEps = float(s.number("norm_eps", 1e-5));
          return wrapMixerConfig(g);
        },
    .writeSection =
        [](const MixerConfig& c) {
          const auto& g = config(c);
          return json{{"num_heads", g.numHeads}, {"head_k_dim", g.headKDim}, {"head_v_dim", g.headVDim},
                      {"conv_kernel", g.convKernel}, {"chunk_size", g.chunkSize}, {"use_gate", g.useGate},
                      {"norm_eps", g.normEps}};
        },
    .preset =
        [](const MixerSizing& o) {
          GatedDeltaNetConfig g;
          g.hiddenSize = o.dModel;
          g.numHeads = o.heads;
          g.headKDim = o.stateSize;
          g.headVDim = o.dModel / o.heads;
          g.chunkSize = 64;
          return wrapMixerConfig(g);
        },
    .make = [](const MixerConfig& m) -> std::unique_ptr<Mixer> { return std::make_unique<GatedDeltaNet>(config(m)); },
    .archAliases = {{"hybrid", "3:1 Gated DeltaNet and attention layers (Qwen3-Next's pattern)", hybridLayers}},
});

}  // namespace
}  // namespace seqscope
