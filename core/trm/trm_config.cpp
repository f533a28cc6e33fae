#include "core/trm/trm_config.h"

#include "core/error.h"

namespace seqscope {
namespace {

template <class T>
void read(const nlohmann::json& j, const char* key, T& out, const std::string& source,
          bool required) {
  if (!j.contains(key)) {
    if (required) throw Error(source + ": missing \"" + key + "\"");
    return;
  }
  try {
    out = j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(source + ": \"" + key + "\" has the wrong type");
  }
}

}  // namespace

TrmConfig TrmConfig::fromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": not a JSON object");
  std::string type;
  read(j, "model_type", type, source, true);
  if (type != kTrmModelType)
    throw Error(source + ": model_type is \"" + type + "\", expected \"" + kTrmModelType +
                "\" (not a Tiny Recursive Model; train one with seqscope train --arch trm-mlp)");
  TrmConfig c;
  read(j, "task", c.task, source, true);
  read(j, "variant", c.variant, source, true);
  read(j, "hidden_size", c.hiddenSize, source, true);
  read(j, "intermediate_size", c.intermediateSize, source, true);
  read(j, "token_mix_size", c.tokenMixSize, source, false);
  read(j, "num_attention_heads", c.numHeads, source, false);
  read(j, "num_hidden_layers", c.numLayers, source, true);
  read(j, "cells", c.cells, source, true);
  read(j, "rows", c.rows, source, true);
  read(j, "cols", c.cols, source, true);
  read(j, "input_vocab_size", c.inputVocab, source, true);
  read(j, "num_classes", c.numClasses, source, true);
  read(j, "latent_steps", c.latentSteps, source, true);
  read(j, "cycles", c.cycles, source, true);
  read(j, "supervision_steps", c.supervisionSteps, source, true);
  read(j, "rms_norm_eps", c.normEps, source, false);
  read(j, "seqscope_note", c.note, source, false);
  c.validate(source);
  return c;
}

nlohmann::json TrmConfig::toJson() const {
  nlohmann::json j = {{"model_type", kTrmModelType},
                      {"task", task},
                      {"variant", variant},
                      {"hidden_size", hiddenSize},
                      {"intermediate_size", intermediateSize},
                      {"token_mix_size", tokenMix()},
                      {"num_attention_heads", numHeads},
                      {"num_hidden_layers", numLayers},
                      {"cells", cells},
                      {"rows", rows},
                      {"cols", cols},
                      {"input_vocab_size", inputVocab},
                      {"num_classes", numClasses},
                      {"latent_steps", latentSteps},
                      {"cycles", cycles},
                      {"supervision_steps", supervisionSteps},
                      {"rms_norm_eps", normEps}};
  if (!note.empty()) j["seqscope_note"] = note;
  return j;
}

void TrmConfig::validate(const std::string& source) const {
  auto check = [&](bool ok, const std::string& what) {
    if (!ok) throw Error(source + ": " + what);
  };
  check(variant == "mlp" || variant == "attention",
        "variant must be \"mlp\" or \"attention\" (got \"" + variant + "\")");
  check(hiddenSize >= 2 && hiddenSize <= 4096, "hidden_size must be between 2 and 4096");
  check(intermediateSize >= 1 && intermediateSize <= 16384,
        "intermediate_size must be between 1 and 16384");
  check(numLayers >= 1 && numLayers <= 16, "num_hidden_layers must be between 1 and 16");
  check(cells >= 1 && cells <= 4096 && rows * cols == cells,
        "cells must equal rows * cols (at most 4096)");
  check(inputVocab >= 2 && numClasses >= 2, "input_vocab_size and num_classes must be at least 2");
  check(latentSteps >= 1 && latentSteps <= 64, "latent_steps (n) must be between 1 and 64");
  check(cycles >= 1 && cycles <= 64, "cycles (T) must be between 1 and 64");
  check(supervisionSteps >= 1 && supervisionSteps <= 256,
        "supervision_steps must be between 1 and 256");
  if (variant == "attention")
    check(numHeads >= 1 && hiddenSize % numHeads == 0,
          "hidden_size must be a multiple of num_attention_heads");
}

}  // namespace seqscope
