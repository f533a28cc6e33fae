#include "core/io/model_config.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/util/json_reader.h"

namespace seqscope {
namespace {

using nlohmann::json;

// Seqscope's own models: llama-style blocks with a mixer kind per layer, each kind's
// hyper-parameters in a section named after it, read by the kind's registry entry.
void readSeqscope(const JsonReader& r, ModelConfig& c) {
  c.intermediateSize = r.integerOr("intermediate_size", 0, 0);
  c.normEps = float(r.number("rms_norm_eps", 1e-5));
  r.require(r.has("layer_types") && r.at("layer_types").is_array() && !r.at("layer_types").empty(),
            "missing key \"layer_types\" (a list of mixer kinds, repeated over the layers)");
  std::vector<std::string> pattern;
  for (const auto& v : r.at("layer_types")) {
    r.require(v.is_string(), "layer_types must list strings");
    const std::string k = v.get<std::string>();
    r.require(MixerRegistry::find(k) != nullptr,
              "unknown mixer kind \"" + k + "\" in layer_types (known: " + MixerRegistry::kindList() + ")");
    pattern.push_back(k);
  }
  for (int i = 0; i < c.numLayers; ++i) c.layerMixers.push_back(pattern[i % pattern.size()]);
  for (const std::string& kind : pattern)
    if (!c.mixers.count(kind))
      c.mixers[kind] = MixerRegistry::at(kind).readSection(r.section(kind.c_str()), c.hiddenSize);
}

// The training objective. A diffusion model needs the bidirectional form of every layer (only
// mixers that have one qualify) and a mask token inside its vocabulary.
void readObjective(const JsonReader& r, ModelConfig& c) {
  if (r.has("seqscope_objective")) {
    const json& v = r.at("seqscope_objective");
    r.require(v.is_string() && (v == "ar" || v == "diffusion"),
              "\"seqscope_objective\" must be \"ar\" or \"diffusion\", got " + v.dump());
    c.objective = v.get<std::string>();
  }
  c.sequenceLength = r.integerOr("seqscope_sequence_length", 0, 0);
  if (!c.isDiffusion()) return;
  c.maskTokenId = r.integer("seqscope_mask_token_id", 0);
  r.require(c.maskTokenId < c.vocabSize, "seqscope_mask_token_id " + std::to_string(c.maskTokenId) +
                                             " is outside the vocabulary of " + std::to_string(c.vocabSize) +
                                             " tokens");
  for (const auto& [kind, config] : c.mixers) {
    const MixerEntry& e = MixerRegistry::at(kind);
    r.require(e.hasBidirectionalForm,
              "a diffusion model needs a bidirectional form in every layer (\"" + kind + "\" has none)");
    r.require(e.isBidirectional(*config), "a diffusion model needs \"causal\": false in its \"" + kind + "\" section");
  }
}

}  // namespace

std::vector<std::string> knownModelTypes() {
  std::vector<std::string> types;
  for (const MixerEntry& e : MixerRegistry::entries())
    for (const HfArchitecture& a : e.hfArchitectures) types.push_back(a.modelType);
  types.push_back("seqscope");
  return types;
}

const MixerConfig& ModelConfig::mixerConfig(const std::string& kind) const {
  const auto it = mixers.find(kind);
  if (it == mixers.end() || !it->second) throw Error("the model has no \"" + kind + "\" layer");
  return *it->second;
}

bool ModelConfig::backboneNaming() const {
  const HfArchitecture* a = MixerRegistry::findHf(modelType);
  return a && a->backboneNaming;
}

ModelConfig ModelConfig::fromJson(const json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": expected a JSON object");
  JsonReader r(j, source);
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
  const MixerEntry* hfMixer = nullptr;
  const HfArchitecture* hf = MixerRegistry::findHf(c.modelType, &hfMixer);
  c.tieEmbeddings = r.boolean("tie_word_embeddings", hf && hf->tieDefault);
  if (r.has("seqscope_note") && j["seqscope_note"].is_string()) c.note = j["seqscope_note"];
  if (r.has("seqscope_task")) {
    if (!j["seqscope_task"].is_string())
      throw Error(source + ": \"seqscope_task\" must be a string, got " + j["seqscope_task"].dump());
    c.task = j["seqscope_task"];
  }
  if (hf) {  // a Hugging Face architecture: every layer the registering mixer
    HfModelFields f = hf->read(r, c.hiddenSize);
    c.intermediateSize = f.intermediateSize;
    c.normEps = f.normEps;
    c.layerMixers.assign(std::size_t(c.numLayers), hfMixer->kind);
    c.mixers[hfMixer->kind] = std::move(f.mixer);
  } else {
    readSeqscope(r, c);
  }
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
  const MixerEntry* hfMixer = nullptr;
  if (const HfArchitecture* hf = MixerRegistry::findHf(modelType, &hfMixer)) {
    j["architectures"] = {hf->className};
    hf->write(j, mixerConfig(hfMixer->kind), hiddenSize, intermediateSize, normEps);
    return j;
  }
  j["architectures"] = {"SeqscopeForCausalLM"};
  j["intermediate_size"] = intermediateSize;
  j["rms_norm_eps"] = normEps;
  j["layer_types"] = layerMixers;
  for (const auto& [kind, config] : mixers)
    if (std::count(layerMixers.begin(), layerMixers.end(), kind) > 0)
      j[kind] = MixerRegistry::at(kind).writeSection(*config);
  return j;
}

}  // namespace seqscope
