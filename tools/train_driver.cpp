// A Qt-free front end to Seqscope's trainers, for long training runs on a many-core machine
// without Qt (the device box): the same C++ trainers as `seqscope train`, the same option
// names, then an evaluation written next to the checkpoint as eval.json.
// Build (from the repository root; Eigen and nlohmann-json headers on the include path):
//   g++ -O3 -std=c++20 -fopenmp -I. tools/train_driver.cpp core/**/*.cpp -o train_driver
// usage (language models, `seqscope train` without Qt):
//   train_driver --task T --arch A --out DIR [--d-model D] [--layers L] [--heads H]
//        [--state-size N] [--steps S] [--batch-size B] [--lr LR] [--warmup W] [--seed S]
//        [--pairs N] [--length N] [--digits N] [--objective ar|diffusion] [--eval-every E]
//        [--eval-examples N] [--eval-n N] [--weight-decay WD] [--queries N] [--init-from DIR]
//        [--judge SETTINGS]   (e.g. "21/21,63": generations judged by the task, as
//                             tools/english_validity.py does, written to eval.json)
//        or, without training: train_driver --judge-model DIR --task T [--length N] --judge S
// usage (Tiny Recursive Models): train_driver --arch trm-mlp|trm-attention --task T --out DIR
//        [--d-model D] [--latent-steps n] [--cycles T] [--sup-steps N] [--steps S]
//        [--batch-size B] [--lr LR] [--warmup W] [--seed S] [--eval-every E] [--eval-n N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/sample/sampler.h"
#include "core/train/diffusion_objective.h"
#include "core/tasks/task.h"
#include "core/train/trainer.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_trainer.h"

namespace {

using Args = std::map<std::string, std::string>;

std::string get(const Args& a, const char* key, const char* fallback) {
  const auto it = a.find(key);
  return it == a.end() ? std::string(fallback) : it->second;
}

// What tools/english_validity.py measures, without Qt: for each setting ("ar", STEPS or
// STEPS/BLOCK), 24 generations at temperature 1 (seeds 1-8, prompts "t", "a", "s") and one
// greedy, judged by the task's rules (English: sentences the grammar accepts).
nlohmann::json judgeGenerations(const seqscope::LanguageModel& model, const seqscope::Vocabulary& vocabulary,
                                const seqscope::Task& task, const std::string& settings) {
  using namespace seqscope;
  nlohmann::json results = nlohmann::json::array();
  std::size_t from = 0;
  while (from <= settings.size()) {
    const std::size_t comma = std::min(settings.find(',', from), settings.size());
    const std::string setting = settings.substr(from, comma - from);
    from = comma + 1;
    if (setting.empty()) continue;
    SamplerOptions base;
    if (setting != "ar") {
      const std::size_t slash = setting.find('/');
      base.steps = std::stoi(setting.substr(0, slash));
      if (slash != std::string::npos) base.blockLength = std::stoi(setting.substr(slash + 1));
    }
    int right = 0, total = 0, greedyRight = 0, greedyTotal = 0;
    // One-letter prompts at character level (the first letters of sentences), whole
    // determiners at word level.
    const bool words = vocabulary.isWordLevel();
    for (const char* prompt : words ? std::vector<const char*>{"the", "a", "some"}
                                    : std::vector<const char*>{"t", "a", "s"}) {
      for (int seed = 0; seed <= 8; ++seed) {  // seed 0: greedy
        SamplerOptions s = base;
        s.temperature = seed == 0 ? 0.0 : 1.0;
        s.seed = std::uint64_t(seed == 0 ? 1 : seed);
        const GenerationTrace trace = generate(model, vocabulary, vocabulary.encode(prompt), s);
        const Judgement jd = task.judge(trace.text(int(trace.frames.size()) - 1));
        (seed == 0 ? greedyRight : right) += jd.right;
        (seed == 0 ? greedyTotal : total) += jd.total;
      }
    }
    results.push_back({{"setting", setting}, {"sentences", total}, {"grammatical", right},
                       {"fraction", right / std::max(1.0, double(total))},
                       {"greedy_fraction", greedyRight / std::max(1.0, double(greedyTotal))}});
    std::fprintf(stderr, "judged %s: %d of %d (greedy %d of %d)\n", setting.c_str(), right, total,
                 greedyRight, greedyTotal);
  }
  return results;
}

int trainLanguageModel(const Args& a) {
  using namespace seqscope;
  if (a.count("--judge-model")) {  // judges a trained checkpoint only
    const LanguageModel model = Checkpoint::load(a.at("--judge-model"));
    TaskOptions to;
    to.length = std::stoi(get(a, "--length", "0"));
    const nlohmann::json judged =
        judgeGenerations(model, Vocabulary::loadFromModelDir(a.at("--judge-model")),
                         *makeTask(get(a, "--task", "english"), to), get(a, "--judge", "21/21"));
    std::printf("%s\n", judged.dump().c_str());
    return 0;
  }
  TrainOptions o;
  o.task = get(a, "--task", "mqar");
  o.arch = get(a, "--arch", "attention");
  o.outDir = get(a, "--out", "");
  if (o.outDir.empty()) throw Error("--out DIR is required");
  o.steps = std::stol(get(a, "--steps", "1000"));
  o.seed = std::stoull(get(a, "--seed", "1"));
  o.archOptions.dModel = std::stoi(get(a, "--d-model", "64"));
  o.archOptions.layers = std::stoi(get(a, "--layers", "2"));
  o.archOptions.heads = std::stoi(get(a, "--heads", "4"));
  o.archOptions.stateSize = std::stoi(get(a, "--state-size", "16"));
  o.batchSize = std::stoi(get(a, "--batch-size", "32"));
  o.learningRate = std::stod(get(a, "--lr", "0.003"));
  o.warmupSteps = std::stol(get(a, "--warmup", "50"));
  o.weightDecay = std::stod(get(a, "--weight-decay", "0.1"));
  o.taskOptions.numPairs = std::stoi(get(a, "--pairs", "0"));
  o.taskOptions.numQueries = std::stoi(get(a, "--queries", "0"));
  o.taskOptions.length = std::stoi(get(a, "--length", "0"));
  o.taskOptions.digits = std::stoi(get(a, "--digits", "0"));
  o.evalEvery = std::stol(get(a, "--eval-every", "250"));
  o.evalExamples = std::stoi(get(a, "--eval-examples", "200"));
  o.objective = get(a, "--objective", "ar");
  o.trainSetSize = std::stoi(get(a, "--train-set", "0"));
  o.initFrom = get(a, "--init-from", "");
  const int evalN = std::stoi(get(a, "--eval-n", "1000"));
  const LanguageModel model = Trainer::train(o, [](const TrainProgress& p) {
    if (p.step % 100 == 0 || p.evalAccuracy >= 0)
      std::fprintf(stderr, "step %ld/%ld loss %.4f acc %.3f eval %.3f %.0fs\n", long(p.step),
                   long(p.totalSteps), p.loss, p.tokenAccuracy, p.evalAccuracy, p.elapsedSeconds);
  });
  const auto task = makeTask(o.task, o.taskOptions);
  const EvalResult r = Trainer::evaluate(model, *task, evalN, 1);
  const nlohmann::json j = {{"task", o.task}, {"arch", o.arch}, {"accuracy", r.accuracy},
                            {"token_accuracy", r.tokenAccuracy}, {"loss", r.loss}, {"n", r.n}};
  nlohmann::json out = j;
  if (a.count("--judge"))
    out["judged"] = judgeGenerations(
        model, o.objective == "diffusion" ? DiffusionObjective(*task).vocabulary() : task->vocabulary(), *task,
        a.at("--judge"));
  std::ofstream(o.outDir + "/eval.json") << out.dump(2) << "\n";
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace seqscope;
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) a[argv[i]] = argv[i + 1];
  auto get = [&](const char* k, const char* d) { return ::get(a, k, d); };
  try {
    const std::string arch = get("--arch", "trm-mlp");
    if (arch.rfind("trm-", 0) != 0) return trainLanguageModel(a);
    TrmTrainOptions o;
    o.task = get("--task", "sudoku4");
    o.variant = arch.substr(4);
    o.outDir = get("--out", "");
    o.hiddenSize = std::stoi(get("--d-model", "64"));
    o.latentSteps = std::stoi(get("--latent-steps", "2"));
    o.cycles = std::stoi(get("--cycles", "2"));
    o.supervisionSteps = std::stoi(get("--sup-steps", "8"));
    o.steps = std::stol(get("--steps", "1000"));
    o.batchSize = std::stoi(get("--batch-size", "32"));
    o.learningRate = std::stod(get("--lr", "0.003"));
    o.warmupSteps = std::stol(get("--warmup", "50"));
    o.seed = std::stoull(get("--seed", "1"));
    o.evalEvery = std::stol(get("--eval-every", "0"));
    const int evalN = std::stoi(get("--eval-n", "1000"));
    if (o.outDir.empty()) throw Error("--out DIR is required");
    const TrmModel model = TrmTrainer::train(o, [](const TrmTrainProgress& p) {
      if (p.step % 25 == 0 || p.evalAccuracy >= 0)
        std::fprintf(stderr,
                     "step %ld/%ld loss %.4f cell %.3f exact %.3f halted-at %.2f eval %.3f %.0fs\n",
                     long(p.step), long(p.totalSteps), p.loss, p.cellAccuracy, p.exactRate,
                     p.meanHaltedAt, p.evalAccuracy, p.elapsedSeconds);
    });
    const TrmEvalResult r = TrmTrainer::evaluate(model, TrmTask(o.task), evalN, 1);
    const nlohmann::json j = {{"task", o.task},
                              {"accuracy", r.accuracy},
                              {"n", r.n},
                              {"cell_accuracy", r.cellAccuracy},
                              {"mean_supervision_steps", r.meanSteps},
                              {"halted_fraction", r.haltedFraction},
                              {"accuracy_by_steps", r.accuracyBySteps}};
    std::ofstream(o.outDir + "/eval.json") << j.dump(2) << "\n";
    std::printf("%s\n", j.dump().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_driver: %s\n", e.what());
    return 1;
  }
  return 0;
}
