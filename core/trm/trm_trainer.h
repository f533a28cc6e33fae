#pragma once
// Deep-supervision training of a Tiny Recursive Model, as the reference does it: a batch of
// B slots, each holding a puzzle and its carried (y, z). Every optimizer step runs one
// supervision step on every slot (T - 1 cycles without gradient, one gradient cycle), adds
// the cross-entropy of the answer and the halting BCE, clips, and steps AdamW; a slot whose
// halting head says "stop" (logit > 0), or that used all N_sup steps, then takes a fresh
// puzzle and restarts from y_init, z_init. With probability haltExploration a new puzzle gets
// a random minimum number of steps before it may halt (the reference's exploration), so the
// halting head also sees late steps. An exponential moving average of the weights is kept
// and is what gets evaluated and saved.
#include <functional>
#include <string>
#include <vector>

#include "core/trm/trm_model.h"
#include "core/trm/trm_task.h"

namespace seqscope {

struct TrmTrainOptions {
  std::string task = "sudoku4";
  std::string variant = "mlp";  // "mlp" or "attention"
  int hiddenSize = 64;
  int intermediateSize = 0;  // 0: 2 * hiddenSize
  int numHeads = 4;
  int latentSteps = 2;        // n
  int cycles = 2;             // T
  int supervisionSteps = 8;   // N_sup
  std::int64_t steps = 2000;  // optimizer steps (= supervision steps of the whole batch)
  int batchSize = 32;
  double learningRate = 1e-3;
  std::int64_t warmupSteps = 100;
  double weightDecay = 0.1;
  double clipNorm = 1.0;
  double emaDecay = 0.999;
  double haltExploration = 0.1;
  double haltLossWeight = 0.5;
  bool augment = true;
  std::uint64_t seed = 1;
  std::string outDir;            // empty: nothing written
  std::int64_t evalEvery = 500;  // 0: only at the end
  int evalExamples = 200;
};

struct TrmTrainProgress {
  std::int64_t step = 0, totalSteps = 0;
  double loss = 0;          // batch mean of CE per cell + weight * halting BCE
  double cellAccuracy = 0;  // scored cells right, this batch
  double exactRate = 0;     // slots whose whole answer is right after this step
  double meanHaltedAt = 0;  // mean supervision steps of the puzzles finished this step
  double learningRate = 0;
  double elapsedSeconds = 0;
  double evalAccuracy = -1;  // EMA model, with halting, when evaluated at this step
};

struct TrmEvalResult {
  int n = 0;
  double accuracy = 0;                  // exact, stopping where the halting head says so
  double cellAccuracy = 0;              // scored cells right, at the halting step
  double meanSteps = 0;                 // supervision steps used, with halting
  double haltedFraction = 0;            // puzzles the head stopped before the step limit
  std::vector<double> accuracyBySteps;  // [k-1]: exact after k supervision steps, no halting
};

class TrmTrainer {
 public:
  using ProgressFn = std::function<void(const TrmTrainProgress&)>;
  // Throws Error for bad options or an unwritable folder. Returns the EMA model.
  static TrmModel train(const TrmTrainOptions& options, const ProgressFn& progress = {});
  // n puzzles from the evaluation stream (seed + kEvalSeedOffset), no augmentation, up to
  // maxSteps supervision steps (0: the model's N_sup).
  static TrmEvalResult evaluate(const TrmModel& model, const TrmTask& task, int n,
                                std::uint64_t seed, int maxSteps = 0);
  static TrmConfig configFor(const TrmTrainOptions& options, const TrmTask& task);
};

}  // namespace seqscope
