#include "core/trm/trm_trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/tasks/task.h"
#include "core/train/adamw.h"
#include "core/trm/trm_checkpoint.h"

namespace seqscope {
namespace {

namespace fs = std::filesystem;

void validate(const TrmTrainOptions& o) {
  auto check = [](bool ok, const std::string& what) {
    if (!ok) throw Error("invalid hyper-parameter: " + what);
  };
  check(o.steps >= 1 && o.steps <= 10'000'000, "--steps must be between 1 and 10000000");
  check(o.batchSize >= 1 && o.batchSize <= 4096, "--batch-size must be between 1 and 4096");
  check(o.learningRate > 0 && o.learningRate < 1, "--lr must be in (0, 1)");
  check(o.warmupSteps >= 0, "--warmup must be >= 0");
  check(o.emaDecay >= 0 && o.emaDecay < 1, "EMA decay must be in [0, 1)");
  check(o.evalExamples >= 1, "--eval-examples must be >= 1");
  check(o.hiddenSize >= 4 && o.hiddenSize <= 1024, "--d-model must be between 4 and 1024");
}

// Each slot refill draws from its own stream keyed by (seed, step, slot): runs are
// reproducible and independent of the thread count.
Rng slotRng(std::uint64_t seed, std::int64_t step, int slot) {
  return Rng(seed * 0x9E3779B97F4A7C15ull + std::uint64_t(step) * 0xD1B54A32D192ED03ull +
             std::uint64_t(slot) * 0xA0761D6478BD642Full + 7);
}

struct Slot {
  TrmExample example;
  TrmModel::State state;
  int steps = 0;     // supervision steps taken on this puzzle
  int minSteps = 1;  // exploration: may not halt before this many steps
};

}  // namespace

TrmConfig TrmTrainer::configFor(const TrmTrainOptions& o, const TrmTask& task) {
  TrmConfig c;
  c.task = task.name();
  c.variant = o.variant;
  c.hiddenSize = o.hiddenSize;
  c.intermediateSize = o.intermediateSize > 0 ? o.intermediateSize : 2 * o.hiddenSize;
  c.numHeads = o.numHeads;
  c.cells = task.cells();
  c.rows = task.rows();
  c.cols = task.cols();
  c.inputVocab = task.inputVocab();
  c.numClasses = task.numClasses();
  c.latentSteps = o.latentSteps;
  c.cycles = o.cycles;
  c.supervisionSteps = o.supervisionSteps;
  c.validate("TRM hyper-parameters");
  return c;
}

TrmEvalResult TrmTrainer::evaluate(const TrmModel& model, const TrmTask& task, int n,
                                   std::uint64_t seed, int maxSteps) {
  if (model.config().task != task.name())
    throw Error("this checkpoint was trained on " + model.config().task + ", not " + task.name());
  const int steps = maxSteps > 0 ? maxSteps : model.config().supervisionSteps;
  Rng rng(seed + kEvalSeedOffset);
  std::vector<TrmExample> examples;
  for (int i = 0; i < n; ++i) examples.push_back(task.sample(rng, false));
  struct One {
    std::vector<char> exactAt;
    bool exactHalted = false, halted = false;
    int stepsUsed = 0, cellsRight = 0, scored = 0;
  };
  std::vector<One> out(static_cast<std::size_t>(n));
#pragma omp parallel for schedule(dynamic)
  for (int i = 0; i < n; ++i) {
    const TrmExample& ex = examples[std::size_t(i)];
    One& o = out[std::size_t(i)];
    const Mat x = model.embed(ex.inputs);
    TrmModel::State s = model.initialState();
    bool stopped = false;
    for (int k = 0; k < steps; ++k) {
      for (int c = 0; c < model.config().cycles; ++c) model.cycle(x, s);
      const Mat logits = model.logits(s.y);
      int right = 0, scored = 0;
      for (int cell = 0; cell < task.cells(); ++cell) {
        const int t = ex.targets[std::size_t(cell)];
        if (t < 0) continue;
        Eigen::Index arg;
        logits.row(cell).maxCoeff(&arg);
        ++scored;
        right += int(arg) == t;
      }
      o.exactAt.push_back(right == scored);
      if (!stopped && (model.haltLogit(s.y) > 0 || k + 1 == steps)) {
        stopped = true;
        o.halted = k + 1 < steps;
        o.stepsUsed = k + 1;
        o.exactHalted = right == scored;
        o.cellsRight = right;
        o.scored = scored;
      }
    }
  }
  TrmEvalResult r;
  r.n = n;
  r.accuracyBySteps.assign(std::size_t(steps), 0.0);
  long right = 0, scored = 0;
  for (const One& o : out) {
    r.accuracy += o.exactHalted;
    r.meanSteps += o.stepsUsed;
    r.haltedFraction += o.halted;
    right += o.cellsRight;
    scored += o.scored;
    for (int k = 0; k < steps; ++k) r.accuracyBySteps[std::size_t(k)] += o.exactAt[std::size_t(k)];
  }
  r.accuracy /= n;
  r.meanSteps /= n;
  r.haltedFraction /= n;
  r.cellAccuracy = scored ? double(right) / double(scored) : 0;
  for (double& a : r.accuracyBySteps) a /= n;
  return r;
}

TrmModel TrmTrainer::train(const TrmTrainOptions& o, const ProgressFn& progress) {
  validate(o);
  const TrmTask task(o.task);
  TrmModel model(configFor(o, task));
  {
    Rng rng(o.seed);
    model.initialize(rng);
  }
  TrmModel ema = model;
  ema.setNote("TRM (" + o.variant + ") trained by seqscope train on " + o.task +
              ": n=" + std::to_string(o.latentSteps) + ", T=" + std::to_string(o.cycles) +
              ", N_sup=" + std::to_string(o.supervisionSteps) + ", " + std::to_string(o.steps) +
              " steps of batch " + std::to_string(o.batchSize) + ", seed " +
              std::to_string(o.seed) + "; EMA weights");
  const ParameterList params = model.parameters(), emaParams = ema.parameters();
  AdamW opt(AdamWOptions{0.9, 0.95, 1e-8, o.weightDecay});

  std::ofstream log;
  if (!o.outDir.empty()) {
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    if (!fs::is_directory(o.outDir))
      throw Error(o.outDir + ": cannot create the output folder (" + ec.message() + ")");
    writeFileAtomically(o.outDir + "/.write-test", "");  // clear message when read-only
    fs::remove(o.outDir + "/.write-test");
    log.open(o.outDir + "/train_log.jsonl", std::ios::trunc);
  }

  const int B = o.batchSize, nSup = model.config().supervisionSteps, T = model.config().cycles;
  std::vector<Slot> slots(static_cast<std::size_t>(B));
  auto refill = [&](int i, std::int64_t step) {
    Rng rng = slotRng(o.seed, step, i);
    Slot& s = slots[std::size_t(i)];
    s.example = task.sample(rng, o.augment);
    s.state = model.initialState();
    s.steps = 0;
    s.minSteps = rng.uniform() < o.haltExploration
                     ? 2 + int(rng.below(std::uint64_t(std::max(1, nSup - 1))))
                     : 1;
  };
  for (int i = 0; i < B; ++i) refill(i, 0);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  for (std::int64_t step = 0; step < o.steps; ++step) {
    std::vector<Gradients> perSlot(slots.size());
    std::vector<TrmModel::CycleResult> results(slots.size());
#pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < B; ++i) {
      Slot& s = slots[std::size_t(i)];
      const Mat x = model.embed(s.example.inputs);
      for (int c = 0; c + 1 < T; ++c) model.cycle(x, s.state);
      results[std::size_t(i)] =
          model.gradientCycle(s.example.inputs, s.example.targets, s.state, 1.0 / B,
                              o.haltLossWeight / B, perSlot[std::size_t(i)]);
    }
    Gradients grads;
    double loss = 0;
    long right = 0, scored = 0, exact = 0;
    for (int i = 0; i < B; ++i) {  // fixed order: thread-count independent
      grads.add(perSlot[std::size_t(i)]);
      const auto& r = results[std::size_t(i)];
      loss += (r.crossEntropy + o.haltLossWeight * r.haltLoss) / B;
      right += r.correct;
      scored += r.scored;
      exact += r.exact();
    }
    if (!std::isfinite(loss) || loss > 1e4)
      throw Error("training diverged at step " + std::to_string(step) + " (loss " +
                  std::to_string(loss) + "); try a lower --lr");
    const double norm = std::sqrt(grads.squaredNorm(params));
    if (norm > o.clipNorm) grads.scale(Real(o.clipNorm / norm));
    const double lr = warmupCosine(step, o.steps, o.warmupSteps, o.learningRate);
    opt.step(params, grads, lr);
    // Warm-up of the average ((1 + t) / (10 + t) caps the decay early) so that it does not
    // hold on to the random initial weights in short runs.
    const Real d = Real(std::min(o.emaDecay, (1.0 + double(step)) / (10.0 + double(step))));
    for (std::size_t p = 0; p < params.size(); ++p)
      *emaParams[p].value = d * *emaParams[p].value + (Real(1) - d) * *params[p].value;

    // Halt (or run out of steps), then refill with a fresh puzzle for the next step.
    double haltedAt = 0;
    int finished = 0;
    for (int i = 0; i < B; ++i) {
      Slot& s = slots[std::size_t(i)];
      ++s.steps;
      const bool halt =
          (results[std::size_t(i)].haltLogit > 0 && s.steps >= s.minSteps) || s.steps >= nSup;
      if (halt) {
        haltedAt += s.steps;
        ++finished;
        refill(i, step + 1);
      }
    }

    TrmTrainProgress p;
    p.step = step + 1;
    p.totalSteps = o.steps;
    p.loss = loss;
    p.cellAccuracy = scored ? double(right) / double(scored) : 0;
    p.exactRate = double(exact) / B;
    p.meanHaltedAt = finished ? haltedAt / finished : 0;
    p.learningRate = lr;
    p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const bool last = p.step == o.steps;
    TrmEvalResult er;
    if (last || (o.evalEvery > 0 && p.step % o.evalEvery == 0)) {
      er = evaluate(ema, task, o.evalExamples, o.seed);
      p.evalAccuracy = er.accuracy;
    }
    if (log.is_open()) {
      nlohmann::json line = {{"step", p.step},
                             {"loss", p.loss},
                             {"cell_accuracy", p.cellAccuracy},
                             {"exact_rate", p.exactRate},
                             {"mean_halted_at", p.meanHaltedAt},
                             {"lr", lr},
                             {"grad_norm", norm},
                             {"seconds", p.elapsedSeconds}};
      if (p.evalAccuracy >= 0) {
        line["eval_accuracy"] = er.accuracy;
        line["eval_cell_accuracy"] = er.cellAccuracy;
        line["eval_mean_steps"] = er.meanSteps;
        line["eval_accuracy_by_steps"] = er.accuracyBySteps;
      }
      log << line.dump() << "\n" << std::flush;
      if (p.evalAccuracy >= 0) TrmCheckpoint::save(ema, o.outDir);
    }
    if (progress) progress(p);
  }
  return ema;
}

}  // namespace seqscope
