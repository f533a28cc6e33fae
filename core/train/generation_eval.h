#pragma once
// Exact-match accuracy by actually generating: each evaluation example's prompt goes through
// generate() and the answer slots are compared with the reference answer. For a diffusion
// model this is the only honest accuracy (it has no teacher-forced form); for an AR model,
// greedy generation gives the same figure as Trainer::evaluate's teacher forcing.
#include <cstdint>

#include "core/sample/sampler.h"
#include "core/tasks/task.h"
#include "core/train/trainer.h"

namespace seqscope {

// Examples come from the task's evaluation stream (Rng(seed + kEvalSeedOffset)), exactly those
// Trainer::evaluate scores. The generation length is the reference answer's length (diffusion:
// padded to the task's longest sequence). `loss` is per answer token: AR, the teacher-forced
// cross-entropy; diffusion, the LLaDA loss (1/p-weighted masked cross-entropy, one t per
// example drawn from the seed), an upper bound on the negative log-likelihood.
EvalResult evaluateByGeneration(const LanguageModel& model, const Task& task, int n,
                                std::uint64_t seed, const SamplerOptions& options = {});

}  // namespace seqscope
