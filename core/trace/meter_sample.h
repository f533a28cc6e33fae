#pragma once
// One measurement taken while a run produced a frame: what the meters (views/meter_charts)
// plot. Everything here is measured on the machine (steady clock, bytes actually held),
// except `flops`, which comes from the analytic cost model (core/cost) and says so.
#include <cstddef>

namespace seqscope {

struct MeterSample {
  int position = 0;            // tokens in the sequence when the frame was made
  int tokensThisStep = 0;      // tokens produced or consumed by this step
  double stepSeconds = 0;      // wall time of this step (steady clock)
  std::size_t liveBytes = 0;   // KV cache or recurrent state held after the step
  double cumulativeFlops = 0;  // cost model: FLOPs of all steps so far
  // Generations (GenerationTrace::meters fills them; -1 elsewhere): network evaluations so far and
  // answer tokens generated so far.
  int nfe = -1;
  int generated = -1;
  // TRM solves: the halting head's probability after the frame, and the share of cells right
  // (against the puzzle's solution; -1 when it has none).
  double haltProbability = -1;
  double correctFraction = -1;
};

}  // namespace seqscope
