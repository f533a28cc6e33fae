#pragma once
// The LLaDA sampler for masked diffusion models (see sampler.h for the algorithm); use it
// through generate(), which validates the options.
#include <vector>

#include "core/sample/sampler.h"

namespace seqscope {

class DiffusionSampler {
 public:
  // options must be resolved (resolveSamplerOptions).
  static GenerationTrace run(const LanguageModel& model, const Vocabulary& vocabulary,
                             const std::vector<int>& prompt, const SamplerOptions& options,
                             const GenerationProgress& progress);

  // How many of a block's `masked` positions each of its `steps` steps commits: masked / steps
  // each, the remainder one more on the first steps (LLaDA's get_num_transfer_tokens).
  static std::vector<int> schedule(int masked, int steps);
};

}  // namespace seqscope
