#pragma once
// Autoregressive decoding with the model's recurrent form (the KV cache for attention, the
// state for recurrent mixers): one token per step; use it through generate().
#include <vector>

#include "core/sample/sampler.h"

namespace seqscope {

class ArSampler {
 public:
  // options must be resolved (resolveSamplerOptions). The prompt is prefilled token by token
  // inside the first step, so step k commits answer slot k - 1 and nfe counts generated tokens.
  static GenerationTrace run(const LanguageModel& model, const Vocabulary& vocabulary,
                             const std::vector<int>& prompt, const SamplerOptions& options,
                             const GenerationProgress& progress);
};

}  // namespace seqscope
