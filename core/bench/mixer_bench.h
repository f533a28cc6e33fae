#pragma once
// Measures every mixer side by side in one run: prefill and decode time per token and the
// bytes its state really holds, at growing sequence lengths, next to the cost model's
// figures, plus the machine's GEMM peak so each figure can be read as a fraction of it.
// Timings live here and in `seqscope bench`, never in tests.
#include <functional>
#include <string>
#include <vector>

#include "core/io/model_config.h"

namespace seqscope {

struct BenchRow {
  std::string mixer;
  std::int64_t length = 0;
  bool skipped = false;
  std::string skipReason;
  double prefillSecondsPerToken = 0;
  double decodeSecondsPerToken = 0;   // one step at position `length`
  std::size_t stateBytes = 0;         // measured: MixerState::bytes() after `length` tokens
  std::size_t costStateBytes = 0;     // cost model
  double prefillFlops = 0;            // cost model, whole sequence
  double decodeFlops = 0;             // cost model, one step
};

struct BenchOptions {
  std::vector<std::string> mixers;     // empty = all
  std::vector<std::int64_t> lengths{256, 1024, 4096, 16384, 65536};
  // Attention is measured while its T x T score matrix (what an attention map holds, and
  // what the unblocked parallel form would materialise) fits this budget per head:
  // 1 GiB => T <= 16384. Beyond it the row says why it was skipped.
  std::size_t attentionScoreBudgetBytes = std::size_t(1) << 30;
  double minSecondsPerMeasurement = 0.1;  // repeat short runs until this much time passed
  int decodeSteps = 16;
};

class MixerBench {
 public:
  // The model shape every mixer is benchmarked in (d_model 64, 4 heads of 16, ...).
  static ModelConfig benchConfig();
  // Achieved GFLOP/s of a 1024^3 float GEMM with Eigen on all OpenMP threads.
  static double measureGemmGflops();
  static std::vector<BenchRow> run(const BenchOptions& options,
                                   const std::function<void(const BenchRow&)>& onRow = {});
};

}  // namespace seqscope
