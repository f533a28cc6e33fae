#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/train/generation_eval.h"
#include "core/train/trainer.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_trainer.h"

namespace seqscope::cli {

int evalCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption model("model", "Model directory.", "DIR");
  const QCommandLineOption task("task", "Task to evaluate on (see seqscope train --help).", "T");
  const QCommandLineOption n("n", "Number of evaluation examples.", "N", "1000");
  const QCommandLineOption seed("seed", "Evaluation seed (examples come from the eval stream).", "S", "1");
  const QCommandLineOption pairs("pairs", "MQAR key-value pairs (task default when 0).", "N", "0");
  const QCommandLineOption length("length", "Copy/induction length (task default when 0).", "N", "0");
  const QCommandLineOption digits("digits", "Addition digits (task default when 0).", "N", "0");
  const QCommandLineOption json("json", "Print {\"task\", \"accuracy\", \"n\", ...} as JSON.");
  // Sampler options: a diffusion model is always scored by generating; an AR model too when any
  // of these is given (greedy generation equals its teacher-forced score at temperature 0).
  const QCommandLineOption steps("steps", "Diffusion steps (default: the answer length).", "N");
  const QCommandLineOption block("block-length", "Diffusion block length (default: the answer length).", "B");
  const QCommandLineOption remasking("remasking", "Diffusion remasking: low_confidence or random.", "R");
  const QCommandLineOption sampler("sampler", "Score by generating with this sampler: ar or diffusion.", "S");
  parser.addOptions({model, task, n, seed, pairs, length, digits, json, steps, block, remasking, sampler});
  if (auto exit = parseArguments(parser, "eval", "Exact-match accuracy of a model on a task.", args))
    return *exit;
  if (!parser.isSet(model) || !parser.isSet(task)) {
    printError("eval", "--model DIR and --task T are required");
    return kUsage;
  }
  bool ok = false;
  const int count = parser.value(n).toInt(&ok);
  if (!ok || count < 1 || count > 1'000'000) {
    printError("eval", "--n must be between 1 and 1000000");
    return kUsage;
  }
  const std::string dir = parser.value(model).toStdString();
  if (TrmCheckpoint::isTrm(dir)) {
    // A Tiny Recursive Model: exact accuracy with halting, and the curve against the
    // number of supervision steps (no halting).
    const TrmModel trm = TrmCheckpoint::load(dir);
    const TrmTask trmTask(parser.value(task).toStdString());
    const TrmEvalResult r = TrmTrainer::evaluate(trm, trmTask, count, parser.value(seed).toULongLong());
    if (parser.isSet(json)) {
      const nlohmann::json j = {{"task", trmTask.name()}, {"accuracy", r.accuracy}, {"n", r.n},
                                {"cell_accuracy", r.cellAccuracy}, {"mean_supervision_steps", r.meanSteps},
                                {"halted_fraction", r.haltedFraction}, {"accuracy_by_steps", r.accuracyBySteps}};
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("%s: accuracy %.4f (exact, with halting, n = %d), cell accuracy %.4f, %.2f supervision steps "
                  "on average\naccuracy after k supervision steps (no halting):",
                  trmTask.name().c_str(), r.accuracy, r.n, r.cellAccuracy, r.meanSteps);
      for (std::size_t k = 0; k < r.accuracyBySteps.size(); ++k) std::printf(" %zu:%.3f", k + 1, r.accuracyBySteps[k]);
      std::printf("\n");
    }
    return kOk;
  }
  TaskOptions to;
  to.numPairs = parser.value(pairs).toInt();
  to.length = parser.value(length).toInt();
  to.digits = parser.value(digits).toInt();
  const auto t = makeTask(parser.value(task).toStdString(), to);
  const LanguageModel lm = Checkpoint::load(parser.value(model).toStdString());
  const bool generating = lm.config().isDiffusion() || parser.isSet(steps) || parser.isSet(block) ||
                          parser.isSet(remasking) || parser.isSet(sampler);
  SamplerOptions so;
  if (parser.isSet(steps)) so.steps = parser.value(steps).toInt(&ok);
  if (parser.isSet(block) && ok) so.blockLength = parser.value(block).toInt(&ok);
  if (!ok || so.steps < 0 || so.blockLength < 0) {
    printError("eval", "--steps and --block-length must be positive integers");
    return kUsage;
  }
  if (parser.isSet(remasking)) so.remasking = parser.value(remasking).toStdString();
  if (parser.isSet(sampler)) so.sampler = parser.value(sampler).toStdString();
  const std::uint64_t s = parser.value(seed).toULongLong();
  const EvalResult r = generating ? evaluateByGeneration(lm, *t, count, s, so) : Trainer::evaluate(lm, *t, count, s);
  if (parser.isSet(json)) {
    const nlohmann::json j = {{"task", t->name()}, {"accuracy", r.accuracy}, {"n", r.n},
                              {"token_accuracy", r.tokenAccuracy}, {"loss", r.loss}};
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("%s: accuracy %.4f (exact match, n = %d), token accuracy %.4f, loss %.4f\n",
                t->name().c_str(), r.accuracy, r.n, r.tokenAccuracy, r.loss);
  }
  return kOk;
}

}  // namespace seqscope::cli
