// The registry entry of softmax attention: its config section, the Hugging Face llama and
// mistral configs (every layer attention), its --arch preset and how the views write about it.
#include "core/mixers/attention/softmax_attention.h"
#include "core/mixers/mixer_registry.h"

namespace seqscope {
namespace {

using nlohmann::json;
constexpr const char* kKind = "attention";

const AttentionConfig& config(const MixerConfig& c) { return mixerConfigAs<AttentionConfig>(c, kKind); }

double ropeTheta(const JsonReader& r, double fallback) {
  // transformers 5 moved rope_theta into rope_parameters.
  if (r.has("rope_parameters") && r.at("rope_parameters").is_object()) {
    JsonReader rp(r.at("rope_parameters"), r.source() + " (rope_parameters)");
    const std::string type = rp.has("rope_type") ? rp.at("rope_type").get<std::string>() : "default";
    r.require(type == "default", "rope_type \"" + type + "\" is not supported (only default)");
    return rp.number("rope_theta", fallback);
  }
  if (r.has("rope_scaling")) throw Error(r.source() + ": rope_scaling is not supported");
  return r.number("rope_theta", fallback);
}

// The keys llama-style configs and Seqscope's "attention" section share.
json commonKeys(const AttentionConfig& a) {
  return {{"num_attention_heads", a.numHeads}, {"num_key_value_heads", a.numKvHeads},
          {"head_dim", a.headDim}, {"rope_theta", a.ropeTheta}, {"attention_bias", a.bias}};
}

HfModelFields readLlama(const JsonReader& r, int hiddenSize) {
  HfModelFields f;
  f.intermediateSize = r.integer("intermediate_size");
  f.normEps = float(r.number("rms_norm_eps", 1e-6));
  AttentionConfig a;
  a.hiddenSize = hiddenSize;
  a.numHeads = r.integer("num_attention_heads");
  a.numKvHeads = r.integerOr("num_key_value_heads", a.numHeads);
  r.require(a.numHeads % a.numKvHeads == 0, "num_attention_heads must be a multiple of num_key_value_heads");
  a.headDim = r.integerOr("head_dim", hiddenSize / a.numHeads);
  r.require(a.headDim % 2 == 0, "head_dim must be even for rotary embeddings");
  a.ropeTheta = ropeTheta(r, 10000.0);
  a.bias = r.boolean("attention_bias", false);
  r.require(!r.boolean("mlp_bias", false), "mlp_bias = true is not supported");
  a.slidingWindow = r.integerOr("sliding_window", 0, 0);
  a.causal = true;
  f.mixer = wrapMixerConfig(a);
  return f;
}

void writeLlama(json& j, const MixerConfig& m, int, int intermediateSize, float normEps) {
  const AttentionConfig& a = config(m);
  j.update(commonKeys(a));
  j["intermediate_size"] = intermediateSize;
  j["rms_norm_eps"] = normEps;
  if (a.slidingWindow > 0) j["sliding_window"] = a.slidingWindow;
}

std::shared_ptr<const MixerConfig> readSection(const JsonReader& s, int hiddenSize) {
  AttentionConfig a;
  a.hiddenSize = hiddenSize;
  a.numHeads = s.integer("num_attention_heads");
  a.numKvHeads = s.integerOr("num_key_value_heads", a.numHeads);
  s.require(a.numHeads % a.numKvHeads == 0, "num_attention_heads must be a multiple of num_key_value_heads");
  a.headDim = s.integerOr("head_dim", hiddenSize / a.numHeads);
  a.causal = s.boolean("causal", true);
  a.slidingWindow = s.integerOr("sliding_window", 0, 0);
  a.useRope = s.boolean("use_rope", true);
  a.ropeTheta = s.number("rope_theta", 10000.0);
  a.bias = s.boolean("attention_bias", false);
  return wrapMixerConfig(a);
}

json writeSection(const MixerConfig& m) {
  const AttentionConfig& a = config(m);
  json j = commonKeys(a);
  j["causal"] = a.causal;
  j["sliding_window"] = a.slidingWindow;
  j["use_rope"] = a.useRope;
  return j;
}

std::shared_ptr<const MixerConfig> preset(const MixerSizing& o) {
  const int hd = o.dModel / o.heads;
  return wrapMixerConfig(AttentionConfig{o.dModel, o.heads, o.heads, hd, o.causal, 0, true, 10000.0, false});
}

HfArchitecture llamaFamily(const char* modelType, const char* className) {
  return {.modelType = modelType, .className = className, .backboneNaming = false, .tieDefault = false,
          .read = readLlama, .write = writeLlama};
}

const bool registered = MixerRegistry::add({
    .kind = kKind,
    .order = 0,
    .summary = "softmax attention with RoPE and a KV cache (causal, or bidirectional for diffusion)",
    .notation = {"softmax attention", "cached position", "channel",
                 "o<sub>%1</sub> = Σ<sub>j≤%1</sub> softmax<sub>j</sub>(%2q<sub>%1</sub>·k<sub>j</sub>%3 / √d) v<sub>j</sub>"
                 "  ·  cache: K, V gain %2row %1%3"},
    .stateGrowsWithTokens = true,
    .quadraticScores = true,
    .hasBidirectionalForm = true,
    .tensorPrefix = "self_attn.",
    .readSection = readSection,
    .writeSection = writeSection,
    .isBidirectional = [](const MixerConfig& m) { return !config(m).causal; },
    .preset = preset,
    .make = [](const MixerConfig& m) -> std::unique_ptr<Mixer> { return std::make_unique<SoftmaxAttention>(config(m)); },
    .hfArchitectures = {llamaFamily("llama", "LlamaForCausalLM"), llamaFamily("mistral", "MistralForCausalLM")},
    .archAliases = {},
});

}  // namespace
}  // namespace seqscope
