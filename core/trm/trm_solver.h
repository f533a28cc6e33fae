#pragma once
// Solving one puzzle with a trained TRM, frame by frame: the entry point of `seqscope solve`
// and of the GUI's refinement view (which calls it from a worker thread and gets each frame
// through its progress callback, core/trace/trace_progress.h, as soon as it exists).
//
// A frame is made after every cycle (T per supervision step, so one per recursion): the
// decoded answer, the cells changed since the previous frame (the first frame compares with
// the puzzle), per-cell confidence (softmax probability of the decoded class; 1 for cells the
// model does not decide: maze walls, S and G), the halting probability sigmoid(q(y)), the L2
// norms of y and z, and a MeterSample:
//   stepSeconds     steady_clock time of the cycle, including decoding the frame
//   liveBytes       bytes of y and z held (2 * cells * D * sizeof(Real))
//   cumulativeFlops analytic: per cycle (n + 1) evaluations of f (TrmNetwork::flops: matrix
//                   products of the mixers and SwiGLU MLPs) plus decoding (output head
//                   2*cells*D*classes, halting head 2*D); the embedding is not counted
//   position = tokensThisStep = cells
// Halting: after the last cycle of a supervision step the solver stops when useHalting and
// the halting probability exceeds 0.5; trace.halted is true when that happened before the
// step limit. Everything is deterministic: the same model and puzzle give the same frames
// (apart from stepSeconds).
#include <functional>
#include <string>

#include "core/trace/refinement_trace.h"
#include "core/trace/trace_progress.h"
#include "core/trm/trm_model.h"
#include "core/trm/trm_task.h"

namespace seqscope {

struct SolveOptions {
  int maxSupervisionSteps = 0;  // 0: the model's N_sup
  bool useHalting = true;       // false: always run maxSupervisionSteps
};

// `puzzle` in CLI text form (TrmTask::parse); throws Error for bad input. progress returning
// false cancels: solve() returns at once with the frames made so far (halted = false).
RefinementTrace solve(const TrmModel& model, const std::string& puzzle, const SolveOptions& options,
                      const TraceProgress<RefinementTrace>& progress = {});
// The same for an already encoded puzzle (e.g. TrmTask::sample; its solution, when known,
// goes into trace.solution).
RefinementTrace solve(const TrmModel& model, const TrmExample& puzzle, const SolveOptions& options,
                      const TraceProgress<RefinementTrace>& progress = {});

// Number of supervision steps the trace ran (frames / T, rounded up).
int supervisionStepsOf(const RefinementTrace& trace);

}  // namespace seqscope
