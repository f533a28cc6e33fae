#include "core/io/model_config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace seqscope {
namespace {

using nlohmann::json;

// Reads typed keys with messages that name the file and the key.
class Reader {
 public:
  Reader(const json& j, std::string source) : j_(j), source_(std::move(source)) {}

  bool has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }

  int integer(const char* key, int min = 1) const {
    if (!has(key)) throw Error(source_ + ": missing key \"" + key + "\"");
    return integerOr(key, 0, min);
  }
  int integerOr(const char* key, int fallback, int min = 1) const {
    if (!has(key)) return fallback;
    const json& v = j_[key];
    if (!v.is_number_integer()) throw Error(source_ + ": \"" + key + "\" must be an integer, got " + v.dump());
    const long long x = v.get<long long>();
    if (x < min || x > 1'000'000'000)
      throw Error(source_ + ": \"" + key + "\" = " + v.dump() + " is out of range (minimum " +
                  std::to_string(min) + ")");
    return int(x);
  }
  double number(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    return toNumber(j_[key], key);
  }
  double toNumber(const json& v, const char* key) const {
    if (v.is_number()) return v.get<double>();
    // transformers writes infinities as {"__float__": "Infinity"}.
    if (v.is_object() && v.contains("__float__") && v["__float__"].is_string()) {
      const std::string s = v["__float__"];
      if (s == "Infinity") return INFINITY;
      if (s == "-Infinity") return -INFINITY;
    }
    throw Error(source_ + ": \"" + key + "\" must be a number, got " + v.dump());
  }
  bool boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!j_[key].is_boolean()) throw Error(source_ + ": \"" + key + "\" must be true or false");
    return j_[key].get<bool>();
  }
  const json& at(const char* key) const { return j_[key]; }
  const std::string& source() const { return source_; }

 private:
  const json& j_;
  std::string source_;
};

void require(bool ok, const std::string& source, const std::string& what) {
  if (!ok) throw Error(source + ": " + what);
}

double ropeTheta(const Reader& r, double fallback) {
  // transformers 5 moved rope_theta into rope_parameters.
  if (r.has("rope_parameters") && r.at("rope_parameters").is_object()) {
    Reader rp(r.at("rope_parameters"), r.source() + " (rope_parameters)");
    const std::string type = rp.has("rope_type") ? rp.at("rope_type").get<std::string>() : "default";
    require(type == "default", r.source(), "rope_type \"" + type + "\" is not supported (only default)");
    return rp.number("rope_theta", fallback);
  }
  if (r.has("rope_scaling")) throw Error(r.source() + ": rope_scaling is not supported");
  return r.number("rope_theta", fallback);
}

void readLlama(const Reader& r, ModelConfig& c) {
  c.intermediateSize = r.integer("intermediate_size");
  c.normEps = float(r.number("rms_norm_eps", 1e-6));
  auto& a = c.attention;
  a.hiddenSize = c.hiddenSize;
  a.numHeads = r.integer("num_attention_heads");
  a.numKvHeads = r.integerOr("num_key_value_heads", a.numHeads);
  require(a.numHeads % a.numKvHeads == 0, r.source(),
          "num_attention_heads must be a multiple of num_key_value_heads");
  a.headDim = r.integerOr("head_dim", c.hiddenSize / a.numHeads);
  require(a.headDim % 2 == 0, r.source(), "head_dim must be even for rotary embeddings");
  a.ropeTheta = ropeTheta(r, 10000.0);
  a.bias = r.boolean("attention_bias", false);
  require(!r.boolean("mlp_bias", false), r.source(), "mlp_bias = true is not supported");
  a.slidingWindow = r.integerOr("sliding_window", 0, 0);
  a.causal = true;
  c.layerMixers.assign(c.numLayers, "attention");
}

void readMamba(const Reader& r, ModelConfig& c) {
  c.normEps = float(r.number("layer_norm_epsilon", 1e-5));
  auto& m = c.mamba;
  m.hiddenSize = c.hiddenSize;
  m.stateSize = r.integer("state_size");
  m.intermediateSize = r.integerOr("intermediate_size", r.integerOr("expand", 2) * c.hiddenSize);
  m.convKernel = r.integerOr("conv_kernel", 4);
  if (r.has("time_step_rank") && r.at("time_step_rank").is_string()) {
    require(r.at("time_step_rank") == "auto", r.source(), "time_step_rank must be an integer or \"auto\"");
    m.dtRank = (c.hiddenSize + 15) / 16;
  } else {
    m.dtRank = r.integerOr("time_step_rank", (c.hiddenSize + 15) / 16);
  }
  m.useConvBias = r.boolean("use_conv_bias", true);
  m.useBias = r.boolean("use_bias", false);
  c.layerMixers.assign(c.numLayers, "mamba");
}

void readMamba2(const Reader& r, ModelConfig& c) {
  c.normEps = float(r.number("layer_norm_epsilon", 1e-5));
  auto& m = c.mamba2;
  m.hiddenSize = c.hiddenSize;
  m.numHeads = r.integer("num_heads");
  m.headDim = r.integer("head_dim");
  const int expand = r.integerOr("expand", 2);
  require(m.numHeads * m.headDim == expand * c.hiddenSize, r.source(),
          "num_heads * head_dim must equal expand * hidden_size");
  m.nGroups = r.integerOr("n_groups", 1);
  require(m.numHeads % m.nGroups == 0, r.source(), "num_heads must be a multiple of n_groups");
  m.stateSize = r.integer("state_size");
  m.convKernel = r.integerOr("conv_kernel", 4);
  m.chunkSize = r.integerOr("chunk_size", 256);
  m.useConvBias = r.boolean("use_conv_bias", true);
  m.useBias = r.boolean("use_bias", false);
  m.normEps = c.normEps;
  require(r.boolean("rms_norm", true), r.source(), "rms_norm = false is not supported");
  if (r.has("time_step_limit")) {
    const json& lim = r.at("time_step_limit");
    require(lim.is_array() && lim.size() == 2, r.source(), "time_step_limit must be [min, max]");
    m.dtMin = float(r.toNumber(lim[0], "time_step_limit"));
    const double mx = r.toNumber(lim[1], "time_step_limit");
    m.dtMax = std::isinf(mx) ? 1e30f : float(mx);
  }
  c.layerMixers.assign(c.numLayers, "mamba2");
}

// Seqscope's own models: llama-style blocks with a mixer kind per layer.
void readSeqscope(const Reader& r, ModelConfig& c) {
  c.intermediateSize = r.integerOr("intermediate_size", 0, 0);
  c.normEps = float(r.number("rms_norm_eps", 1e-5));
  require(r.has("layer_types") && r.at("layer_types").is_array() && !r.at("layer_types").empty(),
          r.source(), "missing key \"layer_types\" (a list of mixer kinds, repeated over the layers)");
  std::vector<std::string> pattern;
  for (const auto& v : r.at("layer_types")) {
    require(v.is_string(), r.source(), "layer_types must list strings");
    const std::string k = v.get<std::string>();
    const auto& kinds = knownMixerKinds();
    require(std::find(kinds.begin(), kinds.end(), k) != kinds.end(), r.source(),
            "unknown mixer kind \"" + k + "\" in layer_types");
    pattern.push_back(k);
  }
  for (int i = 0; i < c.numLayers; ++i) c.layerMixers.push_back(pattern[i % pattern.size()]);
  auto has = [&](const char* k) { return std::count(pattern.begin(), pattern.end(), k) > 0; };
  auto section = [&](const char* k) {
    require(r.has(k) && r.at(k).is_object(), r.source(), std::string("missing section \"") + k + "\"");
    return Reader(r.at(k), r.source() + " (" + k + ")");
  };
  const int H = c.hiddenSize;
  if (has("attention")) {
    Reader s = section("attention");
    auto& a = c.attention;
    a.hiddenSize = H;
    a.numHeads = s.integer("num_attention_heads");
    a.numKvHeads = s.integerOr("num_key_value_heads", a.numHeads);
    require(a.numHeads % a.numKvHeads == 0, s.source(), "num_attention_heads must be a multiple of num_key_value_heads");
    a.headDim = s.integerOr("head_dim", H / a.numHeads);
    a.causal = s.boolean("causal", true);
    a.slidingWindow = s.integerOr("sliding_window", 0, 0);
    a.useRope = s.boolean("use_rope", true);
    a.ropeTheta = s.number("rope_theta", 10000.0);
    a.bias = s.boolean("attention_bias", false);
  }
  if (has("linear_attention")) {
    Reader s = section("linear_attention");
    auto& a = c.linearAttention;
    a.hiddenSize = H;
    a.numHeads = s.integer("num_heads");
    a.headKDim = s.integer("head_k_dim");
    a.headVDim = s.integer("head_v_dim");
  }
  if (has("retnet")) {
    Reader s = section("retnet");
    auto& a = c.retnet;
    a.hiddenSize = H;
    a.numHeads = s.integer("num_heads");
    a.headKDim = s.integer("head_k_dim");
    a.headVDim = s.integer("head_v_dim");
    a.ropeTheta = s.number("rope_theta", 10000.0);
    a.normEps = float(s.number("norm_eps", 1e-5));
  }
  if (has("mamba")) {
    Reader s = section("mamba");
    auto& m = c.mamba;
    m.hiddenSize = H;
    m.intermediateSize = s.integer("intermediate_size");
    m.stateSize = s.integer("state_size");
    m.convKernel = s.integerOr("conv_kernel", 4);
    m.dtRank = s.integerOr("time_step_rank", (H + 15) / 16);
    m.useConvBias = s.boolean("use_conv_bias", true);
    m.useBias = s.boolean("use_bias", false);
  }
  if (has("mamba2")) {
    Reader s = section("mamba2");
    auto& m = c.mamba2;
    m.hiddenSize = H;
    m.numHeads = s.integer("num_heads");
    m.headDim = s.integer("head_dim");
    m.nGroups = s.integerOr("n_groups", 1);
    require(m.numHeads % m.nGroups == 0, s.source(), "num_heads must be a multiple of n_groups");
    m.stateSize = s.integer("state_size");
    m.convKernel = s.integerOr("conv_kernel", 4);
    m.chunkSize = s.integerOr("chunk_size", 64);
    m.useConvBias = s.boolean("use_conv_bias", true);
    m.normEps = float(s.number("norm_eps", 1e-5));
  }
  if (has("gated_deltanet")) {
    Reader s = section("gated_deltanet");
    auto& g = c.gatedDeltaNet;
    g.hiddenSize = H;
    g.numHeads = s.integer("num_heads");
    g.headKDim = s.integer("head_k_dim");
    g.headVDim = s.integer("head_v_dim");
    g.convKernel = s.integerOr("conv_kernel", 4);
    g.chunkSize = s.integerOr("chunk_size", 64);
    g.useGate = s.boolean("use_gate", true);
    g.normEps = float(s.number("norm_eps", 1e-5));
  }
}

// The training objective. A diffusion model must be all bidirectional attention (only that
// mixer has a non-causal form) and name a mask token inside its vocabulary.
void readObjective(const Reader& r, ModelConfig& c) {
  if (r.has("seqscope_objective")) {
    const json& v = r.at("seqscope_objective");
    require(v.is_string() && (v == "ar" || v == "diffusion"), r.source(),
            "\"seqscope_objective\" must be \"ar\" or \"diffusion\", got " + v.dump());
    c.objective = v.get<std::string>();
  }
  c.sequenceLength = r.integerOr("seqscope_sequence_length", 0, 0);
  if (!c.isDiffusion()) return;
  c.maskTokenId = r.integer("seqscope_mask_token_id", 0);
  require(c.maskTokenId < c.vocabSize, r.source(),
          "seqscope_mask_token_id " + std::to_string(c.maskTokenId) +
              " is outside the vocabulary of " + std::to_string(c.vocabSize) + " tokens");
  for (const auto& kind : c.layerMixers)
    require(kind == "attention", r.source(),
            "a diffusion model needs attention in every layer (found \"" + kind + "\")");
  require(!c.attention.causal, r.source(), "a diffusion model needs \"causal\": false attention");
}

}  // namespace

const std::vector<std::string>& knownModelTypes() {
  static const std::vector<std::string> types{"llama", "mistral", "mamba", "mamba2", "seqscope"};
  return types;
}

const std::vector<std::string>& knownMixerKinds() {
  static const std::vector<std::string> kinds{"attention", "linear_attention", "retnet",
                                              "mamba",     "mamba2",           "gated_deltanet"};
  return kinds;
}

ModelConfig ModelConfig::fromJson(const json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": expected a JSON object");
  Reader r(j, source);
  ModelConfig c;
  if (!r.has("model_type") || !j["model_type"].is_string())
    throw Error(source + ": missing key \"model_type\"");
  c.modelType = j["model_type"].get<std::string>();
  const auto& types = knownModelTypes();
  if (std::find(types.begin(), types.end(), c.modelType) == types.end()) {
    std::string list;
    for (const auto& t : types) list += (list.empty() ? "" : ", ") + t;
    throw Error(source + ": unknown model_type \"" + c.modelType + "\" (supported: " + list + ")");
  }
  c.vocabSize = r.integer("vocab_size");
  c.hiddenSize = r.integer("hidden_size");
  c.numLayers = r.integer("num_hidden_layers");
  c.tieEmbeddings = r.boolean("tie_word_embeddings", c.modelType == "mamba");
  if (r.has("seqscope_note") && j["seqscope_note"].is_string()) c.note = j["seqscope_note"];
  if (r.has("seqscope_task")) {
    if (!j["seqscope_task"].is_string())
      throw Error(source + ": \"seqscope_task\" must be a string, got " + j["seqscope_task"].dump());
    c.task = j["seqscope_task"];
  }
  if (c.modelType == "llama" || c.modelType == "mistral") readLlama(r, c);
  else if (c.modelType == "mamba") readMamba(r, c);
  else if (c.modelType == "mamba2") readMamba2(r, c);
  else readSeqscope(r, c);
  readObjective(r, c);
  return c;
}

ModelConfig ModelConfig::fromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open (missing or unreadable)");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw Error(path + ": malformed JSON (" + std::string(e.what()) + ")");
  }
  try {
    return fromJson(j, path);
  } catch (const json::exception& e) {
    throw Error(path + ": " + e.what());
  }
}

json ModelConfig::toJson() const {
  json j;
  j["model_type"] = modelType;
  j["vocab_size"] = vocabSize;
  j["hidden_size"] = hiddenSize;
  j["num_hidden_layers"] = numLayers;
  j["tie_word_embeddings"] = tieEmbeddings;
  if (!note.empty()) j["seqscope_note"] = note;
  if (!task.empty()) j["seqscope_task"] = task;
  if (isDiffusion()) {
    j["seqscope_objective"] = objective;
    j["seqscope_mask_token_id"] = maskTokenId;
  }
  if (sequenceLength > 0) j["seqscope_sequence_length"] = sequenceLength;
  if (modelType == "mamba") {
    const auto& m = mamba;
    j["architectures"] = {"MambaForCausalLM"};
    j.update({{"layer_norm_epsilon", normEps}, {"state_size", m.stateSize},
              {"intermediate_size", m.intermediateSize}, {"conv_kernel", m.convKernel},
              {"time_step_rank", m.dtRank}, {"use_conv_bias", m.useConvBias},
              {"use_bias", m.useBias}, {"expand", m.intermediateSize / hiddenSize}});
    return j;
  }
  if (modelType == "mamba2") {
    const auto& m = mamba2;
    j["architectures"] = {"Mamba2ForCausalLM"};
    j.update({{"layer_norm_epsilon", normEps}, {"num_heads", m.numHeads}, {"head_dim", m.headDim},
              {"expand", m.numHeads * m.headDim / hiddenSize}, {"n_groups", m.nGroups},
              {"state_size", m.stateSize}, {"conv_kernel", m.convKernel},
              {"chunk_size", m.chunkSize}, {"use_conv_bias", m.useConvBias},
              {"use_bias", m.useBias}, {"time_step_limit", {m.dtMin, m.dtMax}}});
    return j;
  }
  const auto& a = attention;
  json att = {{"num_attention_heads", a.numHeads}, {"num_key_value_heads", a.numKvHeads},
              {"head_dim", a.headDim}, {"rope_theta", a.ropeTheta}, {"attention_bias", a.bias}};
  if (modelType == "llama" || modelType == "mistral") {
    j["architectures"] = {modelType == "llama" ? "LlamaForCausalLM" : "MistralForCausalLM"};
    j.update(att);
    j["intermediate_size"] = intermediateSize;
    j["rms_norm_eps"] = normEps;
    if (a.slidingWindow > 0) j["sliding_window"] = a.slidingWindow;
    return j;
  }
  j["architectures"] = {"SeqscopeForCausalLM"};
  j["intermediate_size"] = intermediateSize;
  j["rms_norm_eps"] = normEps;
  j["layer_types"] = layerMixers;
  auto has = [&](const char* k) { return std::count(layerMixers.begin(), layerMixers.end(), k) > 0; };
  if (has("attention")) {
    att["causal"] = a.causal;
    att["sliding_window"] = a.slidingWindow;
    att["use_rope"] = a.useRope;
    j["attention"] = att;
  }
  if (has("linear_attention"))
    j["linear_attention"] = {{"num_heads", linearAttention.numHeads},
                             {"head_k_dim", linearAttention.headKDim},
                             {"head_v_dim", linearAttention.headVDim}};
  if (has("retnet"))
    j["retnet"] = {{"num_heads", retnet.numHeads}, {"head_k_dim", retnet.headKDim},
                   {"head_v_dim", retnet.headVDim}, {"rope_theta", retnet.ropeTheta},
                   {"norm_eps", retnet.normEps}};
  if (has("mamba"))
    j["mamba"] = {{"intermediate_size", mamba.intermediateSize}, {"state_size", mamba.stateSize},
                  {"conv_kernel", mamba.convKernel}, {"time_step_rank", mamba.dtRank},
                  {"use_conv_bias", mamba.useConvBias}, {"use_bias", mamba.useBias}};
  if (has("mamba2"))
    j["mamba2"] = {{"num_heads", mamba2.numHeads}, {"head_dim", mamba2.headDim},
                   {"n_groups", mamba2.nGroups}, {"state_size", mamba2.stateSize},
                   {"conv_kernel", mamba2.convKernel}, {"chunk_size", mamba2.chunkSize},
                   {"use_conv_bias", mamba2.useConvBias}, {"norm_eps", mamba2.normEps}};
  if (has("gated_deltanet"))
    j["gated_deltanet"] = {{"num_heads", gatedDeltaNet.numHeads},
                           {"head_k_dim", gatedDeltaNet.headKDim},
                           {"head_v_dim", gatedDeltaNet.headVDim},
                           {"conv_kernel", gatedDeltaNet.convKernel},
                           {"chunk_size", gatedDeltaNet.chunkSize},
                           {"use_gate", gatedDeltaNet.useGate},
                           {"norm_eps", gatedDeltaNet.normEps}};
  return j;
}

}  // namespace seqscope
