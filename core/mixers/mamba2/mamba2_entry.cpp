// The registry entry of Mamba-2 (SSD, Dao & Gu 2024): config section, the Hugging Face
// "mamba2" config (Mamba2ForCausalLM), --arch preset, notation.
#include <cmath>

#include "core/mixers/mamba2/mamba2.h"
#include "core/mixers/mixer_registry.h"

namespace seqscope {
namespace {

using nlohmann::json;
constexpr const char* kKind = "mamba2";

const Mamba2Config& config(const MixerConfig& c) { return mixerConfigAs<Mamba2Config>(c, kKind); }

HfModelFields readHf(const JsonReader& r, int hiddenSize) {
  HfModelFields f;
  f.normEps = float(r.number("layer_norm_epsilon", 1e-5));
  Mamba2Config m;
  m.hiddenSize = hiddenSize;
  m.numHeads = r.integer("num_heads");
  m.headDim = r.integer("head_dim");
  const int expand = r.integerOr("expand", 2);
  r.require(m.numHeads * m.headDim == expand * hiddenSize, "num_heads * head_dim must equal expand * hidden_size");
  m.nGroups = r.integerOr("n_groups", 1);
  r.require(m.numHeads % m.nGroups == 0, "num_heads must be a multiple of n_groups");
  m.stateSize = r.integer("state_size");
  m.convKernel = r.integerOr("conv_kernel", 4);
  m.chunkSize = r.integerOr("chunk_size", 256);
  m.useConvBias = r.boolean("use_conv_bias", true);
  m.useBias = r.boolean("use_bias", false);
  m.normEps = f.normEps;
  r.require(r.boolean("rms_norm", true), "rms_norm = false is not supported");
  if (r.has("time_step_limit")) {
    const json& lim = r.at("time_step_limit");
    r.require(lim.is_array() && lim.size() == 2, "time_step_limit must be [min, max]");
    m.dtMin = float(r.toNumber(lim[0], "time_step_limit"));
    const double mx = r.toNumber(lim[1], "time_step_limit");
    m.dtMax = std::isinf(mx) ? 1e30f : float(mx);
  }
  f.mixer = wrapMixerConfig(m);
  return f;
}

void writeHf(json& j, const MixerConfig& c, int hiddenSize, int, float normEps) {
  const Mamba2Config& m = config(c);
  j.update({{"layer_norm_epsilon", normEps}, {"num_heads", m.numHeads}, {"head_dim", m.headDim},
            {"expand", m.numHeads * m.headDim / hiddenSize}, {"n_groups", m.nGroups},
            {"state_size", m.stateSize}, {"conv_kernel", m.convKernel},
            {"chunk_size", m.chunkSize}, {"use_conv_bias", m.useConvBias},
            {"use_bias", m.useBias}, {"time_step_limit", {m.dtMin, m.dtMax}}});
}

const bool registered = MixerRegistry::add({
    .kind = kKind,
    .order = 40,
    .summary = "Mamba-2: a selective SSM with one scalar decay per head (SSD)",
    .notation = {"Mamba-2", "channel of the head", "state dimension",
                 "h<sub>%1</sub> = a<sub>%1</sub> h<sub>%4</sub> + %2x<sub>%1</sub> B<sub>%1</sub><sup>⊤</sup>%3"
                 "  ·  y<sub>%1</sub> = h<sub>%1</sub> C<sub>%1</sub>  (a<sub>%1</sub> = exp(Δ<sub>%1</sub> A), one per head)"},
    .readSection =
        [](const JsonReader& s, int hiddenSize) {
          Mamba2Config m;
          m.hiddenSize = hiddenSize;
          m.numHeads = s.integer("num_heads");
          m.headDim = s.integer("head_dim");
          m.nGroups = s.integerOr("n_groups", 1);
          s.require(m.numHeads % m.nGroups == 0, "num_heads must be a multiple of n_groups");
          m.stateSize = s.integer("state_size");
          m.convKernel = s.integerOr("conv_kernel", 4);
          m.chunkSize = s.integerOr("chunk_size", 64);
          m.useConvBias = s.boolean("use_conv_bias", true);
          m.normEps = float(s.number("norm_eps", 1e-5));
          return wrapMixerConfig(m);
        },
    .writeSection =
        [](const MixerConfig& c) {
          const auto& m = config(c);
          return json{{"num_heads", m.numHeads}, {"head_dim", m.headDim}, {"n_groups", m.nGroups},
                      {"state_size", m.stateSize}, {"conv_kernel", m.convKernel}, {"chunk_size", m.chunkSize},
                      {"use_conv_bias", m.useConvBias}, {"norm_eps", m.normEps}};
        },
    .preset =
        [](const MixerSizing& o) {
          Mamba2Config m;
          m.hiddenSize = o.dModel;
          m.headDim = std::max(1, 2 * o.dModel / (2 * o.heads));
          m.numHeads = 2 * o.dModel / m.headDim;
          m.stateSize = o.stateSize;
          m.chunkSize = 64;
          return wrapMixerConfig(m);
        },
    .make = [](const MixerConfig& m) -> std::unique_ptr<Mixer> { return std::make_unique<Mamba2>(config(m)); },
    .hfArchitectures = {{.modelType = kKind, .className = "Mamba2ForCausalLM", .backboneNaming = true,
                         .tieDefault = false, .read = readHf, .write = writeHf}},
});

}  // namespace
}  // namespace seqscope
