#include "core/bench/mixer_bench.h"

#include <algorithm>
#include <chrono>

#include "core/mixers/mixer_registry.h"
#include "core/util/rng.h"

namespace seqscope {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Runs fn repeatedly until minSeconds passed (at least once); returns the fastest run,
// the figure least disturbed by whatever else the machine is doing.
template <typename Fn>
double fastest(double minSeconds, Fn&& fn) {
  double best = 1e300, total = 0;
  do {
    const auto t0 = Clock::now();
    fn();
    const double s = secondsSince(t0);
    best = std::min(best, s);
    total += s;
  } while (total < minSeconds);
  return best;
}

Mat randomMat(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Rng rng(seed);
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = Real(rng.normal());
  return m;
}

}  // namespace

ModelConfig MixerBench::benchConfig() {
  // Every registered mixer as one layer, each sized by its --arch preset at d_model 64, 4 heads
  // and a state (key) width of 16: the shape the README's bench figures are for.
  ModelConfig c;
  c.modelType = "seqscope";
  c.hiddenSize = 64;
  c.vocabSize = 64;
  c.layerMixers = MixerRegistry::kinds();
  c.numLayers = int(c.layerMixers.size());
  const MixerSizing sizing{64, 4, 16, true};
  for (const MixerEntry& e : MixerRegistry::entries()) c.mixers[e.kind] = e.preset(sizing);
  return c;
}

double MixerBench::measureGemmGflops() {
  const Eigen::Index n = 1024;
  const Mat a = randomMat(n, n, 1), b = randomMat(n, n, 2);
  Mat c(n, n);
  c.noalias() = a * b;  // warm-up: page in, spin up threads
  const double s = fastest(0.5, [&] { c.noalias() = a * b; });
  return 2.0 * double(n) * double(n) * double(n) / s / 1e9;
}

std::vector<BenchRow> MixerBench::run(const BenchOptions& options,
                                      const std::function<void(const BenchRow&)>& onRow) {
  const ModelConfig config = benchConfig();
  const std::vector<std::string> kinds = options.mixers.empty() ? knownMixerKinds() : options.mixers;
  std::vector<BenchRow> rows;
  for (const std::string& kind : kinds) {
    const MixerEntry& entry = MixerRegistry::at(kind);
    auto mixer = entry.make(config.mixerConfig(kind));
    ParameterList params;
    mixer->collectParameters("", params);
    Rng rng(7);
    initParameters(params, rng);
    for (std::int64_t T : options.lengths) {
      BenchRow row;
      row.mixer = kind;
      row.length = T;
      const MixerCost cost = mixer->cost(T);
      row.costStateBytes = cost.stateBytes;
      row.prefillFlops = cost.prefillFlops;
      row.decodeFlops = cost.decodeFlops;
      const double scoreBytes = double(T) * double(T) * sizeof(Real);
      if (entry.quadraticScores && scoreBytes > double(options.attentionScoreBudgetBytes)) {
        row.skipped = true;
        row.skipReason = "memory guard: a " + std::to_string(T) + "x" + std::to_string(T) +
                         " score matrix needs " + std::to_string(std::int64_t(scoreBytes / (1 << 20))) +
                         " MiB per head (budget " +
                         std::to_string(options.attentionScoreBudgetBytes >> 20) + " MiB)";
      } else {
        const Mat x = randomMat(Eigen::Index(T), config.hiddenSize, 11);
        const double prefill = fastest(options.minSecondsPerMeasurement, [&] { mixer->forward(x); });
        row.prefillSecondsPerToken = prefill / double(T);
        // Decode: state after T-1 tokens (from the parallel form), then time single steps at
        // position T on copies of that state so each step sees the same cache size.
        auto state = mixer->newState();
        mixer->forward(x.topRows(Eigen::Index(T - 1)), state.get());
        const Row next = x.row(Eigen::Index(T - 1));
        double decodeTotal = 0;
        for (int i = 0; i < options.decodeSteps; ++i) {
          auto s = state->clone();
          const auto t0 = Clock::now();
          mixer->step(*s, next);
          decodeTotal += secondsSince(t0);
          if (i == 0) row.stateBytes = s->bytes();
        }
        row.decodeSecondsPerToken = decodeTotal / options.decodeSteps;
      }
      if (onRow) onRow(row);
      rows.push_back(row);
    }
  }
  return rows;
}

}  // namespace seqscope
