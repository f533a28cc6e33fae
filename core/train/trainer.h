#pragma once
// The training loop: seeded batches from a generated task, forward + backward per example
// in parallel (OpenMP over the batch, gradients summed in example order so results do not
// depend on the thread count), global-norm clipping, AdamW with warm-up + cosine schedule,
// periodic evaluation, atomic checkpoints, a JSON-lines log, and resumption.
#include <functional>
#include <string>

#include "core/models/language_model.h"
#include "core/tasks/task.h"
#include "core/train/arch_presets.h"

namespace seqscope {

struct TrainOptions {
  std::string task;
  TaskOptions taskOptions;
  std::string arch;
  ArchOptions archOptions;
  std::int64_t steps = 1000;
  int batchSize = 32;
  double learningRate = 3e-3;
  std::int64_t warmupSteps = 50;
  double weightDecay = 0.1;
  double clipNorm = 1.0;
  std::uint64_t seed = 1;
  std::string outDir;              // empty: no checkpoints or log (tests)
  std::int64_t evalEvery = 250;    // steps; 0 = only at the end
  int evalExamples = 200;
  std::int64_t checkpointEvery = 250;
  // "ar": next-token prediction. "diffusion": the LLaDA masked-diffusion objective
  // (core/train/diffusion_objective.h) on a bidirectional attention model (arch attention).
  std::string objective = "ar";
  // 0: every batch draws fresh examples. N > 0: a fixed training set of N examples, visited in
  // a new seeded order every epoch (the "data-constrained" regime: many epochs over little data).
  int trainSetSize = 0;
  // A checkpoint of the same architecture to start from instead of random weights (a
  // curriculum: MQAR at 16 pairs from the model trained at 4). Names and shapes must match.
  std::string initFrom;
};

struct TrainProgress {
  std::int64_t step = 0, totalSteps = 0;
  double loss = 0;            // mean cross-entropy per scored token of this batch
  double tokenAccuracy = 0;   // this batch, scored tokens
  double learningRate = 0;
  double tokensPerSecond = 0; // all tokens of the batch, forward + backward
  double elapsedSeconds = 0;
  double evalAccuracy = -1;   // exact-match accuracy when evaluated at this step, else -1
  double evalLoss = -1;       // evaluation loss per answer token at the same steps, else -1
};

struct EvalResult {
  int n = 0;
  double accuracy = 0;        // exact match: every scored token right
  double tokenAccuracy = 0;
  double loss = 0;            // mean per scored token
};

class Trainer {
 public:
  using ProgressFn = std::function<void(const TrainProgress&)>;

  // Trains from scratch, or resumes when outDir holds a trainer_state.json of the same run.
  // Throws Error for bad options, an unwritable folder, or a diverging loss (NaN/inf): then
  // the last good checkpoint stays in outDir.
  static LanguageModel train(const TrainOptions& options, const ProgressFn& progress = {});

  // Exact-match accuracy on n examples from the task's evaluation stream. A diffusion model
  // is scored by generating (evaluateByGeneration, default sampler options).
  static EvalResult evaluate(const LanguageModel& model, const Task& task, int n, std::uint64_t seed);
};

}  // namespace seqscope
