#pragma once
// What a model folder holds, read from its config.json without loading the weights: the model
// picker asks this of every bundled model to offer only those a view can show.
#include <string>

namespace seqscope {

enum class ModelKind {
  Unknown,            // no readable config.json
  LanguageModel,      // a causal (autoregressive) language model
  DiffusionModel,     // a masked diffusion language model
  RecursiveReasoner,  // a Tiny Recursive Model
};

// ModelKind::Unknown when the folder has no readable config.json (never throws).
ModelKind modelKindOf(const std::string& modelDir);

}  // namespace seqscope
