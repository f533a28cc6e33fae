#pragma once
// A model's hyper-parameters, read from and written to config.json. The keys are those of
// Hugging Face transformers for the architectures the mixers register (llama, mistral, mamba,
// mamba2: core/mixers/<kind>/<kind>_entry.cpp), so directories saved by transformers load unchanged; Seqscope's own models use model_type
// "seqscope" with a per-layer "layer_types" list (see docs/ARCHITECTURE.md, Checkpoints).
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/mixers/mixer_registry.h"

namespace seqscope {

struct ModelConfig {
  std::string modelType;  // "seqscope", or a Hugging Face model_type a mixer registers ("llama")
  int vocabSize = 0;
  int hiddenSize = 0;
  int numLayers = 0;
  int intermediateSize = 0;  // SwiGLU MLP width; 0 = blocks without MLP (Mamba style)
  float normEps = 1e-5f;
  bool tieEmbeddings = false;
  std::vector<std::string> layerMixers;  // mixer kind per layer (Mixer::kind())
  std::string note;  // "seqscope_note": provenance of the checkpoint, shown by info and the GUI
  // "seqscope_task": the task the model was trained on (core/tasks), written by the trainer;
  // lets a read run check the model's answers. Empty for imported checkpoints.
  std::string task;
  // "seqscope_objective": how the model was trained, so a sampler can refuse the wrong kind.
  // "ar" (default, next-token prediction) or "diffusion" (LLaDA masked diffusion: bidirectional
  // attention, predicts the tokens hidden behind "seqscope_mask_token_id").
  std::string objective = "ar";
  int maskTokenId = -1;      // "seqscope_mask_token_id"; diffusion only
  int sequenceLength = 0;    // "seqscope_sequence_length": prompt + answer length it was trained
                             // on (0 = unknown); the default generation fills it up
  bool isDiffusion() const { return objective == "diffusion"; }

  // The config of each mixer kind in layerMixers (its section of config.json), shared by all
  // layers of that kind.
  std::map<std::string, std::shared_ptr<const MixerConfig>> mixers;
  // Mixer `kind`'s config; Error if the model has no layer of that kind.
  const MixerConfig& mixerConfig(const std::string& kind) const;
  // The same, as the kind's own struct (mixerConfigAs).
  template <class C>
  const C& mixerConfigAs(const std::string& kind) const {
    return seqscope::mixerConfigAs<C>(mixerConfig(kind), kind.c_str());
  }

  // Tensor naming scheme: "model." (llama family, seqscope) or "backbone." (mamba family), as
  // the Hugging Face architecture of modelType says.
  bool backboneNaming() const;

  // `source` names the file in error messages.
  static ModelConfig fromJson(const nlohmann::json& j, const std::string& source);
  static ModelConfig fromFile(const std::string& path);
  nlohmann::json toJson() const;
};

// The model types this build understands: "seqscope" and every registered Hugging Face one.
std::vector<std::string> knownModelTypes();

}  // namespace seqscope
