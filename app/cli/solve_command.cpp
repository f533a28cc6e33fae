// `seqscope solve`: a Tiny Recursive Model refines the answer to one Sudoku or maze, one
// recursion at a time, until its halting head stops it (core/trm/trm_solver.h).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "core/error.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_solver.h"
#include "core/trace/refinement_trace_json.h"

namespace seqscope::cli {

int solveCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption model(
      "model", "TRM model directory (trained with --arch trm-mlp or trm-attention).", "DIR");
  const QCommandLineOption puzzle(
      "puzzle",
      "Sudoku: one line of digits, 0 or . for blanks (16 or 81 cells). Maze: rows "
      "separated by /, # wall, . open, S start, G goal.",
      "TEXT");
  const QCommandLineOption maxSteps(
      "max-steps", "Most supervision steps (default: the model's N_sup).", "N", "0");
  const QCommandLineOption noHalt("no-halt",
                                  "Ignore the halting head: always run --max-steps steps.");
  const QCommandLineOption json("json",
                                "Print {\"solution\", \"supervision_steps\", \"halted\"} as JSON.");
  const QCommandLineOption trace(
      "trace", "Write every recursion's frame to OUT.json (format in the README).", "OUT.json");
  parser.addOptions({model, puzzle, maxSteps, noHalt, json, trace});
  if (auto exit = parseArguments(parser, "solve",
                                 "Solves a Sudoku or a maze with a Tiny Recursive Model.", args))
    return *exit;
  if (!parser.isSet(model) || !parser.isSet(puzzle)) {
    printError("solve", "--model DIR and --puzzle TEXT are required");
    return kUsage;
  }
  bool ok = false;
  const int steps = parser.value(maxSteps).toInt(&ok);
  if (!ok || steps < 0 || steps > 256) {
    printError("solve", "--max-steps must be between 1 and 256");
    return kUsage;
  }
  const std::string dir = parser.value(model).toStdString();
  const TrmModel trm = TrmCheckpoint::load(dir);
  SolveOptions options;
  options.maxSupervisionSteps = steps;
  options.useHalting = !parser.isSet(noHalt);
  const RefinementTrace t = solve(trm, parser.value(puzzle).toStdString(), options);
  if (parser.isSet(trace)) writeRefinementTrace(t, parser.value(trace).toStdString());
  const TrmTask task(trm.config().task);
  const std::string solution = t.frames.empty() ? "" : task.toText(t.frames.back().answer);
  const int k = supervisionStepsOf(t);
  if (parser.isSet(json)) {
    const nlohmann::json j = {
        {"solution", solution}, {"supervision_steps", k}, {"halted", t.halted}};
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("%s\n%s after %d supervision step%s (%zu recursions)\n", solution.c_str(),
                t.halted ? "halted" : "stopped at the step limit", k, k == 1 ? "" : "s",
                t.frames.size());
  }
  return kOk;
}

}  // namespace seqscope::cli
