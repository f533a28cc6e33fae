// The registry entry of Mamba (selective SSM, Gu & Dao 2023): config section, the Hugging Face
// "mamba" config (MambaForCausalLM), --arch preset, notation.
#include "core/mixers/mamba/mamba.h"
#include "core/mixers/mixer_registry.h"

namespace seqscope {
namespace {

using nlohmann::json;
constexpr const char* kKind = "mamba";

const MambaConfig& config(const MixerConfig& c) { return mixerConfigAs<MambaConfig>(c, kKind); }

HfModelFields readHf(const JsonReader& r, int hiddenSize) {
  HfModelFields f;
  f.normEps = float(r.number("layer_norm_epsilon", 1e-5));
  MambaConfig m;
  m.hiddenSize = hiddenSize;
  m.stateSize = r.integer("state_size");
  m.intermediateSize = r.integerOr("intermediate_size", r.integerOr("expand", 2) * hiddenSize);
  m.convKernel = r.integerOr("conv_kernel", 4);
  if (r.has("time_step_rank") && r.at("time_step_rank").is_string()) {
    r.require(r.at("time_step_rank") == "auto", "time_step_rank must be an integer or \"auto\"");
    m.dtRank = (hiddenSize + 15) / 16;
  } else {
    m.dtRank = r.integerOr("time_step_rank", (hiddenSize + 15) / 16);
  }
  m.useConvBias = r.boolean("use_conv_bias", true);
  m.useBias = r.boolean("use_bias", false);
  f.mixer = wrapMixerConfig(m);
  return f;
}

void writeHf(json& j, const MixerConfig& c, int hiddenSize, int, float normEps) {
  const MambaConfig& m = config(c);
  j.update({{"layer_norm_epsilon", normEps}, {"state_size", m.stateSize},
            {"intermediate_size", m.intermediateSize}, {"conv_kernel", m.convKernel},
            {"time_step_rank", m.dtRank}, {"use_conv_bias", m.useConvBias},
            {"use_bias", m.useBias}, {"expand", m.intermediateSize / hiddenSize}});
}

const bool registered = MixerRegistry::add({
    .kind = kKind,
    .order = 30,
    .summary = "Mamba: a selective SSM, one decay per channel and state dimension",
    .notation = {"Mamba", "channel", "state dimension",
                 "h<sub>%1</sub> = Ā<sub>%1</sub> ⊙ h<sub>%4</sub> + %2B̄<sub>%1</sub> x<sub>%1</sub>%3"
                 "  ·  y<sub>%1</sub> = C<sub>%1</sub> h<sub>%1</sub>  (diagonal: each channel its own decay)"},
    .readSection =
        [](const JsonReader& s, int hiddenSize) {
          MambaConfig m;
          m.hiddenSize = hiddenSize;
          m.intermediateSize = s.integer("intermediate_size");
          m.stateSize = s.integer("state_size");
          m.convKernel = s.integerOr("conv_kernel", 4);
          m.dtRank = s.integerOr("time_step_rank", (hiddenSize + 15) / 16);
          m.useConvBias = s.boolean("use_conv_bias", true);
          m.useBias = s.boolean("use_bias", false);
          return wrapMixerConfig(m);
        },
    .writeSection =
        [](const MixerConfig& c) {
          const auto& m = config(c);
          return json{{"intermediate_size", m.intermediateSize}, {"state_size", m.stateSize},
                      {"conv_kernel", m.convKernel}, {"time_step_rank", m.dtRank},
                      {"use_conv_bias", m.useConvBias}, {"use_bias", m.useBias}};
        },
    .preset =
        [](const MixerSizing& o) {
          return wrapMixerConfig(
              MambaConfig{o.dModel, 2 * o.dModel, o.stateSize, 4, std::max(1, (o.dModel + 15) / 16), true, false});
        },
    .make = [](const MixerConfig& m) -> std::unique_ptr<Mixer> { return std::make_unique<Mamba>(config(m)); },
    .hfArchitectures = {{.modelType = kKind, .className = "MambaForCausalLM", .backboneNaming = true,
                         .tieDefault = true, .read = readHf, .write = writeHf}},
});

}  // namespace
}  // namespace seqscope
