#include "core/trm/trm_solver.h"

#include <omp.h>

#include <chrono>
#include <cmath>

namespace seqscope {

RefinementTrace solve(const TrmModel& model, const std::string& puzzle, const SolveOptions& options,
                      const TraceProgress<RefinementTrace>& progress) {
  const TrmTask task(model.config().task);
  return solve(model, task.parse(puzzle), options, progress);
}

namespace {

RefinementTrace solveOnThisThread(const TrmModel& model, const TrmExample& ex,
                                  const SolveOptions& options,
                                  const TraceProgress<RefinementTrace>& progress) {
  using Clock = std::chrono::steady_clock;
  const TrmConfig& c = model.config();
  const TrmTask task(c.task);
  RefinementTrace trace;
  trace.task = c.task;
  trace.modelName = model.name;
  trace.rows = c.rows;
  trace.cols = c.cols;
  trace.puzzle = ex.puzzle;
  trace.solution = ex.solution;
  const int maxSteps =
      options.maxSupervisionSteps > 0 ? options.maxSupervisionSteps : c.supervisionSteps;
  const double flopsPerCycle = c.evaluationsPerCycle() * model.networkFlops() + model.decodeFlops();
  const std::size_t liveBytes = 2 * std::size_t(c.cells) * std::size_t(c.hiddenSize) * sizeof(Real);

  auto t = Clock::now();
  const Mat x = model.embed(ex.inputs);
  TrmModel::State s = model.initialState();
  std::string previous = ex.puzzle;
  double flops = 0;
  for (int step = 0; step < maxSteps; ++step) {
    for (int cyc = 0; cyc < c.cycles; ++cyc) {
      model.cycle(x, s);
      const Mat logits = model.logits(s.y);
      RefinementFrame f;
      f.supervisionStep = step;
      f.cycle = cyc;
      std::vector<int> classes(std::size_t(c.cells));
      f.confidence.resize(std::size_t(c.cells));
      for (int i = 0; i < c.cells; ++i) {
        Eigen::Index arg;
        const Real top = logits.row(i).maxCoeff(&arg);
        classes[std::size_t(i)] = int(arg);
        const Real denom = (logits.row(i).array() - top).exp().sum();
        f.confidence[std::size_t(i)] = task.isDecided(ex, i) ? float(Real(1) / denom) : 1.0f;
      }
      f.answer = task.decode(classes, ex);
      f.changed.resize(f.answer.size());
      for (std::size_t i = 0; i < f.answer.size(); ++i) f.changed[i] = f.answer[i] != previous[i];
      previous = f.answer;
      f.haltProbability = float(1.0 / (1.0 + std::exp(-model.haltLogit(s.y))));
      f.yNorm = float(s.y.norm());
      f.zNorm = float(s.z.norm());
      flops += flopsPerCycle;
      const auto now = Clock::now();
      f.meter.position = c.cells;
      f.meter.tokensThisStep = c.cells;
      f.meter.stepSeconds = std::chrono::duration<double>(now - t).count();
      f.meter.liveBytes = liveBytes;
      f.meter.cumulativeFlops = flops;
      trace.frames.push_back(f);
      if (progress && !progress(trace)) return trace;
      t = Clock::now();
    }
    if (options.useHalting && trace.frames.back().haltProbability > 0.5f) {
      trace.halted = step + 1 < maxSteps;
      break;
    }
  }
  return trace;
}

}  // namespace

RefinementTrace solve(const TrmModel& model, const TrmExample& ex, const SolveOptions& options,
                      const TraceProgress<RefinementTrace>& progress) {
  // Keep Eigen's matrix products on this thread: Eigen would otherwise wake an OpenMP team
  // for every 81 x 64 product, and on a busy 2-core machine that made each cycle of a 9x9
  // Sudoku take over a second instead of a few milliseconds (measured with
  // OMP_NUM_THREADS=2, load 8). nthreads-var is a per-thread setting, so this does not
  // affect other threads (the GUI calls solve() from a worker); it is restored on return.
  struct OneThread {
    int saved = omp_get_max_threads();
    OneThread() { omp_set_num_threads(1); }
    ~OneThread() { omp_set_num_threads(saved); }
  } oneThread;
  RefinementTrace trace = solveOnThisThread(model, ex, options, progress);
  return trace;
}

int supervisionStepsOf(const RefinementTrace& trace) {
  return trace.frames.empty() ? 0 : trace.frames.back().supervisionStep + 1;
}

}  // namespace seqscope
