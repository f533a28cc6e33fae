#include <unistd.h>

#include <cstdio>

#include "app/cli/command.h"
#include "core/error.h"
#include "core/train/trainer.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_trainer.h"

namespace seqscope::cli {
namespace {

int intOption(const QCommandLineParser& p, const QCommandLineOption& o, const char* name) {
  bool ok = false;
  const int v = p.value(o).toInt(&ok);
  if (!ok) throw Error(std::string("invalid hyper-parameter: ") + name + " must be an integer, got \"" +
                       p.value(o).toStdString() + "\"");
  return v;
}

double doubleOption(const QCommandLineParser& p, const QCommandLineOption& o, const char* name) {
  const std::optional<double> v = numberOption(p, o);
  if (!v) throw Error(std::string("invalid hyper-parameter: ") + name + " must be a number, got \"" +
                       p.value(o).toStdString() + "\"");
  return *v;
}

std::string duration(double s) {
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%dh%02dm", int(s / 3600), int(s / 60) % 60);
  else std::snprintf(buf, sizeof buf, "%dm%02ds", int(s / 60), int(s) % 60);
  return buf;
}

}  // namespace

int trainCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption task("task", "Task: mqar, copy, selective_copy, induction, addition, english, "
                                "sudoku4, sudoku6, sudoku9, maze.", "T");
  const QCommandLineOption arch("arch", QString::fromStdString("Architecture: " + knownArchList() +
                                "; or a Tiny Recursive Model, trm-mlp or trm-attention "
                                "(tasks sudoku4, sudoku9, maze)."), "A");
  const QCommandLineOption latent("latent-steps", "TRM: n, latent updates per cycle.", "N", "2");
  const QCommandLineOption cycles("cycles", "TRM: T, cycles per supervision step (T-1 without gradient).", "T", "2");
  const QCommandLineOption supSteps("sup-steps", "TRM: N_sup, most supervision steps per puzzle.", "N", "8");
  const QCommandLineOption noAugment("no-augment", "TRM: train without Sudoku/maze symmetries.");
  const QCommandLineOption out("out", "Output model directory (checkpoint, vocab.txt, train_log.jsonl).", "DIR");
  const QCommandLineOption steps("steps", "Optimiser steps.", "N", "1000");
  const QCommandLineOption seed("seed", "Random seed (weights and data).", "S", "1");
  const QCommandLineOption dModel("d-model", "Model width.", "D", "64");
  const QCommandLineOption layers("layers", "Number of blocks.", "L", "2");
  const QCommandLineOption heads("heads", "Heads per mixer.", "H", "4");
  const QCommandLineOption state("state-size", "Mamba N, or d_k per head of linear attention, RetNet, "
                                 "Gated DeltaNet.", "N", "16");
  const QCommandLineOption batch("batch-size", "Examples per step.", "B", "32");
  const QCommandLineOption lr("lr", "Peak learning rate.", "LR", "0.003");
  const QCommandLineOption warmup("warmup", "Warm-up steps.", "N", "50");
  const QCommandLineOption pairs("pairs", "MQAR key-value pairs (task default when 0).", "N", "0");
  const QCommandLineOption queries("queries", "MQAR queries per example (task default 4 when 0; at most --pairs).",
                                   "N", "0");
  const QCommandLineOption length("length", "Copy/induction length (task default when 0).", "N", "0");
  const QCommandLineOption digits("digits", "Addition digits (task default when 0).", "N", "0");
  const QCommandLineOption evalEvery("eval-every", "Evaluate every N steps (0: at the end).", "N", "250");
  const QCommandLineOption evalExamples("eval-examples", "Examples per evaluation.", "N", "200");
  const QCommandLineOption objective("objective", QString::fromStdString("ar (next token) or diffusion (LLaDA masked "
                                     "diffusion, needs --arch " + bidirectionalKinds() + ")."), "O", "ar");
  const QCommandLineOption initFrom("init-from", "Start from this checkpoint's weights (same architecture and "
                                    "size), e.g. a curriculum from an easier task.", "DIR");
  const QCommandLineOption trainSet("train-set", "Fixed training set of N examples repeated over epochs "
                                    "(0: fresh examples every step).", "N", "0");
  parser.addOptions({task, arch, out, steps, seed, dModel, layers, heads, state, batch, lr, warmup, pairs,
                     queries, length, digits, evalEvery, evalExamples, objective, trainSet, initFrom, latent, cycles, supSteps, noAugment});
  if (auto exit = parseArguments(parser, "train", "Trains a model on a generated task.", args)) return *exit;
  if (!parser.isSet(task) || !parser.isSet(arch) || !parser.isSet(out)) {
    printError("train", "--task T, --arch A and --out DIR are required");
    return kUsage;
  }
  const QString archName = parser.value(arch);
  if (archName.startsWith("trm-")) {
    if (archName != "trm-mlp" && archName != "trm-attention")
      throw Error("unknown architecture '" + archName.toStdString() + "' (TRM variants: trm-mlp, trm-attention)");
    TrmTrainOptions t;
    t.task = parser.value(task).toStdString();
    t.variant = archName.mid(4).toStdString();
    t.outDir = parser.value(out).toStdString();
    t.steps = intOption(parser, steps, "--steps");
    t.seed = std::uint64_t(intOption(parser, seed, "--seed"));
    t.hiddenSize = intOption(parser, dModel, "--d-model");
    t.numHeads = intOption(parser, heads, "--heads");
    t.batchSize = intOption(parser, batch, "--batch-size");
    t.learningRate = doubleOption(parser, lr, "--lr");
    t.warmupSteps = intOption(parser, warmup, "--warmup");
    t.evalEvery = intOption(parser, evalEvery, "--eval-every");
    t.latentSteps = intOption(parser, latent, "--latent-steps");
    t.cycles = intOption(parser, cycles, "--cycles");
    t.supervisionSteps = intOption(parser, supSteps, "--sup-steps");
    t.augment = !parser.isSet(noAugment);
    if (intOption(parser, layers, "--layers") != 2)
      throw Error("invalid hyper-parameter: a TRM has one network of 2 layers (--layers 2)");
    double lastEval = -1;
    TrmTrainer::train(t, [&](const TrmTrainProgress& p) {
      if (p.evalAccuracy >= 0) lastEval = p.evalAccuracy;
      if (p.step % 50 == 0 || p.step == p.totalSteps || p.evalAccuracy >= 0)
        std::fprintf(stderr, "step %ld/%ld  loss %.4f  cell acc %.3f  exact %.3f  halted at %.2f%s  %s\n",
                     long(p.step), long(p.totalSteps), p.loss, p.cellAccuracy, p.exactRate, p.meanHaltedAt,
                     p.evalAccuracy >= 0 ? ("  eval " + std::to_string(p.evalAccuracy).substr(0, 5)).c_str() : "",
                     duration(p.elapsedSeconds).c_str());
    });
    std::printf("wrote %s (eval accuracy %.3f)\n", t.outDir.c_str(), lastEval);
    return kOk;
  }
  TrainOptions o;
  o.task = parser.value(task).toStdString();
  o.arch = parser.value(arch).toStdString();
  o.outDir = parser.value(out).toStdString();
  o.steps = intOption(parser, steps, "--steps");
  o.seed = std::uint64_t(intOption(parser, seed, "--seed"));
  o.archOptions.dModel = intOption(parser, dModel, "--d-model");
  o.archOptions.layers = intOption(parser, layers, "--layers");
  o.archOptions.heads = intOption(parser, heads, "--heads");
  o.archOptions.stateSize = intOption(parser, state, "--state-size");
  o.batchSize = intOption(parser, batch, "--batch-size");
  o.learningRate = doubleOption(parser, lr, "--lr");
  o.warmupSteps = intOption(parser, warmup, "--warmup");
  o.taskOptions.numPairs = intOption(parser, pairs, "--pairs");
  o.taskOptions.numQueries = intOption(parser, queries, "--queries");
  o.taskOptions.length = intOption(parser, length, "--length");
  o.taskOptions.digits = intOption(parser, digits, "--digits");
  o.evalEvery = intOption(parser, evalEvery, "--eval-every");
  o.evalExamples = intOption(parser, evalExamples, "--eval-examples");
  o.objective = parser.value(objective).toStdString();
  o.trainSetSize = intOption(parser, trainSet, "--train-set");
  o.initFrom = parser.value(initFrom).toStdString();

  const bool tty = isatty(fileno(stderr));
  double lastEval = -1;
  Trainer::train(o, [&](const TrainProgress& p) {
    if (p.evalAccuracy >= 0) lastEval = p.evalAccuracy;
    const double eta = p.elapsedSeconds / double(p.step) * double(p.totalSteps - p.step);
    const int width = 24, filled = int(width * p.step / p.totalSteps);
    const std::string bar = std::string(std::size_t(filled), '#') + std::string(std::size_t(width - filled), '.');
    char line[256];
    std::snprintf(line, sizeof line, "[%s] step %ld/%ld  loss %.4f  acc %.3f%s  %.0f tok/s  ETA %s",
                  bar.c_str(), long(p.step), long(p.totalSteps), p.loss, p.tokenAccuracy,
                  lastEval >= 0 ? ("  eval " + std::to_string(lastEval).substr(0, 5)).c_str() : "",
                  p.tokensPerSecond, duration(eta).c_str());
    // On a terminal the bar redraws in place; in a log every 50th step gets a line.
    if (tty) std::fprintf(stderr, "\r%s\033[K", line);
    else if (p.step % 50 == 0 || p.step == p.totalSteps || p.evalAccuracy >= 0) std::fprintf(stderr, "%s\n", line);
  });
  if (tty) std::fprintf(stderr, "\n");
  std::printf("wrote %s (eval accuracy %.3f)\n", o.outDir.c_str(), lastEval);
  return kOk;
}

}  // namespace seqscope::cli
