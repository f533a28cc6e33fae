#include "core/train/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/train/generation_eval.h"
#include "core/train/adamw.h"
#include "core/train/arch_presets.h"
#include "core/train/diffusion_objective.h"
#include "core/train/loss.h"

namespace seqscope {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json optionsJson(const TrainOptions& o) {
  const auto& t = o.taskOptions;
  const auto& a = o.archOptions;
  json j = {{"task", o.task},
          {"task_options", {{"num_pairs", t.numPairs}, {"num_queries", t.numQueries}, {"vocab", t.vocab},
                            {"length", t.length}, {"digits", t.digits}, {"grid_size", t.gridSize},
                            {"givens", t.givens}}},
          {"arch", o.arch},
          {"arch_options", {{"d_model", a.dModel}, {"layers", a.layers}, {"heads", a.heads},
                            {"state_size", a.stateSize}, {"mlp_ratio", a.mlpRatio}, {"causal", a.causal}}},
          {"steps", o.steps}, {"batch_size", o.batchSize}, {"learning_rate", o.learningRate},
          {"warmup_steps", o.warmupSteps}, {"weight_decay", o.weightDecay}, {"clip_norm", o.clipNorm},
          {"seed", o.seed}};
  // Only when not the default, so earlier AR runs stay resumable.
  if (o.objective != "ar") j["objective"] = o.objective;
  if (o.trainSetSize > 0) j["train_set_size"] = o.trainSetSize;
  if (!o.initFrom.empty()) j["init_from"] = o.initFrom;
  return j;
}

void validate(const TrainOptions& o) {
  auto check = [](bool ok, const std::string& what) {
    if (!ok) throw Error("invalid hyper-parameter: " + what);
  };
  check(o.steps >= 1 && o.steps <= 10'000'000, "--steps must be between 1 and 10000000");
  check(o.batchSize >= 1 && o.batchSize <= 4096, "--batch-size must be between 1 and 4096");
  check(o.learningRate > 0 && o.learningRate < 1, "--lr must be in (0, 1)");
  check(o.warmupSteps >= 0, "--warmup must be >= 0");
  check(o.weightDecay >= 0 && o.weightDecay < 1, "--weight-decay must be in [0, 1)");
  check(o.clipNorm > 0, "--clip must be > 0");
  check(o.evalExamples >= 1, "--eval-examples must be >= 1");
  check(o.objective == "ar" || o.objective == "diffusion", "--objective must be ar or diffusion");
  if (o.objective == "diffusion") {
    const MixerEntry* e = MixerRegistry::find(o.arch);
    std::string archs;  // "--arch attention", the mixers with a bidirectional form
    for (const MixerEntry& k : MixerRegistry::entries())
      if (k.hasBidirectionalForm) archs += (archs.empty() ? "--arch " : " or --arch ") + k.kind;
    check(e && e->hasBidirectionalForm, "--objective diffusion needs " + archs + " (a mixer with a bidirectional form)");
  }
  check(o.trainSetSize >= 0 && o.trainSetSize <= 10'000'000, "--train-set must be between 0 and 10000000");
}

// A fixed training set: its examples, and for each step which of them form the batch.
struct FixedSet {
  std::vector<Example> examples;
  // Batch `step` takes positions [step * size, (step + 1) * size) of the endless sequence made
  // by concatenating one seeded permutation of the set per epoch.
  std::vector<Example> batchAt(std::uint64_t seed, std::int64_t step, int size) const {
    std::vector<Example> batch;
    const std::int64_t N = std::int64_t(examples.size());
    std::int64_t cached = -1;
    std::vector<std::size_t> order;
    for (std::int64_t k = step * size; k < (step + 1) * size; ++k) {
      const std::int64_t epoch = k / N;
      if (epoch != cached) {
        order.resize(std::size_t(N));
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        Rng rng(seed * 0xA24BAED4963EE407ull + std::uint64_t(epoch) + 3);
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[std::size_t(rng.below(i))]);
        cached = epoch;
      }
      batch.push_back(examples[order[std::size_t(k % N)]]);
    }
    return batch;
  }
};

// The batch of step `step`: a pure function of (seed, step), so a resumed run sees exactly
// the batches the uninterrupted run would have seen.
std::vector<Example> batchAt(const Task& task, std::uint64_t seed, std::int64_t step, int size) {
  Rng rng(seed * 0x9E3779B97F4A7C15ull + std::uint64_t(step) * 0xD1B54A32D192ED03ull + 1);
  std::vector<Example> batch;
  for (int i = 0; i < size; ++i) batch.push_back(task.sample(rng));
  return batch;
}

void saveCheckpoint(LanguageModel& model, const Task& task, const AdamW& opt, const TrainOptions& o,
                    std::int64_t step) {
  Checkpoint::save(model, o.outDir);
  (o.objective == "diffusion" ? DiffusionObjective(task).vocabulary() : task.vocabulary())
      .save(o.outDir + "/vocab.txt");
  opt.save(o.outDir + "/optimizer.safetensors", model.parameters());
  // Written last: a run is resumable from a checkpoint only once all of it is on disk.
  json state = {{"step", step}, {"options", optionsJson(o)}};
  writeFileAtomically(o.outDir + "/trainer_state.json", state.dump(2) + "\n");
}

}  // namespace

EvalResult Trainer::evaluate(const LanguageModel& model, const Task& task, int n, std::uint64_t seed) {
  if (model.config().isDiffusion()) return evaluateByGeneration(model, task, n, seed);
  if (model.config().vocabSize != task.vocabSize())
    throw Error("the model has " + std::to_string(model.config().vocabSize) + " tokens but task " +
                task.name() + " uses " + std::to_string(task.vocabSize()) +
                ": this checkpoint was not trained on " + task.name());
  Rng rng(seed + kEvalSeedOffset);
  std::vector<Example> examples;
  for (int i = 0; i < n; ++i) examples.push_back(task.sample(rng));
  std::vector<LossResult> results(static_cast<std::size_t>(n));
#pragma omp parallel for schedule(dynamic)
  for (int i = 0; i < n; ++i)
    results[std::size_t(i)] = crossEntropy(model.forward(examples[std::size_t(i)].tokens),
                                           examples[std::size_t(i)].targets);
  EvalResult r;
  r.n = n;
  double loss = 0;
  long scored = 0, correct = 0, exact = 0;
  for (const auto& lr : results) {
    loss += lr.loss;
    scored += lr.scored;
    correct += lr.correct;
    exact += lr.exact();
  }
  r.accuracy = double(exact) / n;
  r.tokenAccuracy = scored ? double(correct) / double(scored) : 0;
  r.loss = scored ? loss / double(scored) : 0;
  return r;
}

namespace {

// Copies every weight of the checkpoint in `dir` into `params` (the same names and shapes).
void loadInitialWeights(const std::string& dir, const ParameterList& params) {
  LanguageModel source = Checkpoint::load(dir);
  const ParameterList from = source.parameters();
  if (from.size() != params.size())
    throw Error("--init-from " + dir + ": " + std::to_string(from.size()) + " weight tensors, the model has " +
                std::to_string(params.size()));
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Mat& src = *from[i].value;
    Mat& dst = *params[i].value;
    if (from[i].name != params[i].name || src.rows() != dst.rows() || src.cols() != dst.cols())
      throw Error("--init-from " + dir + ": " + from[i].name + " does not match the model's " + params[i].name +
                  " (another architecture or size)");
    dst = src;
  }
}

}  // namespace

LanguageModel Trainer::train(const TrainOptions& o, const ProgressFn& progress) {
  validate(o);
  const auto task = makeTask(o.task, o.taskOptions);
  const bool diffusion = o.objective == "diffusion";
  const DiffusionObjective objective(*task);
  ArchOptions archOptions = o.archOptions;
  if (diffusion) archOptions.causal = false;
  ModelConfig config = makeArchConfig(o.arch, archOptions, diffusion ? objective.vocabSize() : task->vocabSize(),
                                      task->maxLength());
  config.objective = o.objective;
  config.sequenceLength = task->maxLength();
  config.task = task->name();
  if (diffusion) config.maskTokenId = objective.maskId();
  LanguageModel model(config);
  FixedSet fixedSet;
  if (o.trainSetSize > 0) {
    Rng rng(o.seed * 0x94D049BB133111EBull + 11);
    for (int i = 0; i < o.trainSetSize; ++i) fixedSet.examples.push_back(task->sample(rng));
  }
  const ParameterList params = model.parameters();
  AdamW opt(AdamWOptions{0.9, 0.95, 1e-8, o.weightDecay});
  std::int64_t start = 0;

  std::ofstream log;
  if (!o.outDir.empty()) {
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    if (!fs::is_directory(o.outDir))
      throw Error(o.outDir + ": cannot create the output folder (" + ec.message() + ")");
    const std::string probe = o.outDir + "/.write-test";
    writeFileAtomically(probe, "");  // fails with a clear message when the folder is read-only
    fs::remove(probe);
    const std::string statePath = o.outDir + "/trainer_state.json";
    if (fs::exists(statePath)) {
      std::ifstream in(statePath);
      const json state = json::parse(in, nullptr, false);
      if (state.is_discarded() || !state.contains("options") || state["options"] != optionsJson(o))
        throw Error(o.outDir + " holds a different training run; choose another --out or the same options");
      model = Checkpoint::load(o.outDir);
      opt.load(o.outDir + "/optimizer.safetensors", model.parameters());
      start = state["step"].get<std::int64_t>();
    } else {
      Rng rng(o.seed);
      initParameters(params, rng);
      if (!o.initFrom.empty()) loadInitialWeights(o.initFrom, params);
    }
    log.open(o.outDir + "/train_log.jsonl", start > 0 ? std::ios::app : std::ios::trunc);
  } else {
    Rng rng(o.seed);
    initParameters(params, rng);
    if (!o.initFrom.empty()) loadInitialWeights(o.initFrom, params);
  }
  const ParameterList live = model.parameters();  // storage may have moved on resume

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  std::int64_t lastGood = start;
  for (std::int64_t step = start; step < o.steps; ++step) {
    const auto ts = Clock::now();
    const std::vector<Example> batch = o.trainSetSize > 0 ? fixedSet.batchAt(o.seed, step, o.batchSize)
                                                          : batchAt(*task, o.seed, step, o.batchSize);
    // Diffusion: each example becomes its padded clean sequence with a fresh LLaDA masking.
    // The loss is divided by the batch's answer tokens (not by the masked count): with the
    // 1/p weights that is the unbiased ELBO estimate.
    std::vector<DiffusionObjective::Noised> noised;
    if (diffusion) {
      Rng rng(o.seed * 0xD6E8FEB86659FD93ull + std::uint64_t(step) * 0x9E3779B97F4A7C15ull + 5);
      for (const auto& e : batch) {
        const DiffusionObjective::Clean c = objective.clean(e);
        noised.push_back(DiffusionObjective::noise(c.tokens, c.promptLength, objective.maskId(), rng));
      }
    }
    long scoredTotal = 0, tokens = 0, maskedTotal = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (diffusion) {
        scoredTotal += noised[i].answerLength;
        for (int t : noised[i].targets) maskedTotal += t >= 0;
        tokens += long(noised[i].tokens.size());
      } else {
        for (int t : batch[i].targets) scoredTotal += t >= 0;
        tokens += long(batch[i].tokens.size());
      }
    }
    const double scale = 1.0 / double(std::max(1L, scoredTotal));
    std::vector<Gradients> perExample(batch.size());
    std::vector<LossResult> losses(batch.size());
#pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < int(batch.size()); ++i) {
      Mat dlogits;
      if (diffusion) {
        const DiffusionObjective::Noised& e = noised[std::size_t(i)];
        losses[std::size_t(i)] = crossEntropy(model.forward(e.tokens), e.targets, &dlogits, scale, e.weights);
        model.backward(e.tokens, dlogits, perExample[std::size_t(i)]);
      } else {
        const Example& e = batch[std::size_t(i)];
        losses[std::size_t(i)] = crossEntropy(model.forward(e.tokens), e.targets, &dlogits, scale);
        model.backward(e.tokens, dlogits, perExample[std::size_t(i)]);
      }
    }
    Gradients grads;
    double loss = 0;
    long correct = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {  // fixed order: thread-count independent
      grads.add(perExample[i]);
      loss += losses[i].loss;
      correct += losses[i].correct;
    }
    loss *= scale;
    if (!std::isfinite(loss) || loss > 1e4) {
      throw Error("training diverged at step " + std::to_string(step) + " (loss " + std::to_string(loss) +
                  "); " + (o.outDir.empty() ? std::string("nothing was saved")
                                            : "the last good checkpoint (step " + std::to_string(lastGood) +
                                                  ") is kept in " + o.outDir) +
                  "; try a lower --lr");
    }
    const double norm = std::sqrt(grads.squaredNorm(live));
    if (norm > o.clipNorm) grads.scale(Real(o.clipNorm / norm));
    const double lr = warmupCosine(step, o.steps, o.warmupSteps, o.learningRate);
    opt.step(live, grads, lr);

    TrainProgress p;
    p.step = step + 1;
    p.totalSteps = o.steps;
    p.loss = loss;
    // Diffusion: accuracy over the masked tokens the batch asked for.
    p.tokenAccuracy = diffusion ? double(correct) / double(std::max(1L, maskedTotal)) : double(correct) * scale;
    p.learningRate = lr;
    const double stepSeconds = std::chrono::duration<double>(Clock::now() - ts).count();
    p.tokensPerSecond = double(tokens) / std::max(1e-9, stepSeconds);
    p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const bool last = p.step == o.steps;
    if (last || (o.evalEvery > 0 && p.step % o.evalEvery == 0)) {
      const EvalResult r = evaluate(model, *task, o.evalExamples, o.seed);
      p.evalAccuracy = r.accuracy;
      p.evalLoss = r.loss;
    }
    if (log.is_open()) {
      json line = {{"step", p.step}, {"loss", p.loss}, {"token_accuracy", p.tokenAccuracy},
                   {"lr", p.learningRate}, {"tokens_per_second", p.tokensPerSecond},
                   {"grad_norm", norm}, {"seconds", p.elapsedSeconds}};
      if (p.evalAccuracy >= 0) {
        line["eval_accuracy"] = p.evalAccuracy;
        line["eval_loss"] = p.evalLoss;
      }
      log << line.dump() << "\n" << std::flush;
    }
    if (!o.outDir.empty() && (last || (o.checkpointEvery > 0 && p.step % o.checkpointEvery == 0))) {
      saveCheckpoint(model, *task, opt, o, p.step);
      lastGood = p.step;
    }
    if (progress) progress(p);
  }
  return model;
}

}  // namespace seqscope
