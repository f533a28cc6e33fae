#include "app/cli/cli.h"

#include <QApplication>
#include <QCoreApplication>
#include <memory>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

#include "app/cli/command.h"
#include "core/error.h"

namespace seqscope::cli {
namespace {

struct Subcommand {
  int (*fn)(const QStringList&);
  const char* summary;
  // Commands that draw (charts, images) need a QApplication; they run it offscreen.
  bool paints = false;
};

const std::map<std::string, Subcommand>& subcommands() {
  static const std::map<std::string, Subcommand> table{
      {"info", {infoCommand, "architectures, model types, bundled models, threads, versions"}},
      {"forward", {forwardCommand, "logits of a model for a token sequence (parallel or recurrent)"}},
      {"bench", {benchCommand, "speed and memory of every mixer side by side, and of the explorer", true}},
      {"init", {initCommand, "write a randomly initialised model from a config.json"}},
      {"train", {trainCommand, "train a model on a generated task (progress bar, checkpoints, log)"}},
      {"eval", {evalCommand, "exact-match accuracy of a model on a generated task"}},
      {"chart", {chartCommand, "render a line chart described in JSON to a PNG", true}},
      {"generate", {generateCommand, "answer a prompt with the diffusion or autoregressive sampler"}},
      {"solve", {solveCommand, "solve a Sudoku or a maze with a Tiny Recursive Model, step by step"}},
      {"export", {exportCommand, "render a scene to MP4, WebM, GIF, animated WebP or PNG frames", true}},
  };
  return table;
}

void printUsage() {
  // The "Usage: … / or: …" shape is what help2man turns into the man page's SYNOPSIS.
  std::printf(
      "Seqscope %s - see how the sequence architectures that compete with the transformer work.\n\n"
      "Usage: seqscope [SCENE.json | MODEL_DIR] [--frame K|middle|end] [--present] [--screenshot OUT.png]\n"
      "  or:  seqscope SUBCOMMAND [options]\n\n"
      "Without a subcommand, opens the explorer window on a scene or a model folder (the default\n"
      "scene when none is given): --frame shows frame K once the runs end, --present starts in\n"
      "presentation mode, --screenshot saves the screen then and quits. A subcommand runs without\n"
      "a window; SUBCOMMAND --help lists its options.\n\n"
      "Subcommands:\n",
      SEQSCOPE_VERSION);
  for (const auto& [name, sc] : subcommands()) std::printf("  %-10s %s\n", name.c_str(), sc.summary);
  std::printf("\nOptions:\n  -h, --help     show this help\n  -v, --version  show the version\n");
}

}  // namespace

bool isSubcommand(int argc, char** argv) {
  if (argc < 2) return false;
  const std::string a = argv[1];
  return subcommands().count(a) || a == "--help" || a == "-h" || a == "--version" || a == "-v" ||
         a == "help";
}

int run(int argc, char** argv) {
  const auto found = subcommands().find(argv[1]);
  const bool paints = found != subcommands().end() && found->second.paints;
  // Painting (charts; bench, which measures the explorer window) needs a QApplication, but
  // never a display: force the offscreen platform unless the caller chose one.
  if (paints && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  std::unique_ptr<QCoreApplication> appHolder;
  if (paints) appHolder = std::make_unique<QApplication>(argc, argv);
  else appHolder = std::make_unique<QCoreApplication>(argc, argv);
  QCoreApplication& app = *appHolder;
  QCoreApplication::setApplicationName("seqscope");
  QCoreApplication::setApplicationVersion(SEQSCOPE_VERSION);
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    printUsage();
    return kOk;
  }
  if (first == "--version" || first == "-v") {
    std::printf("seqscope %s\n", SEQSCOPE_VERSION);
    return kOk;
  }
  QStringList args = app.arguments();
  args.removeFirst();  // program
  args.removeFirst();  // subcommand
  try {
    return subcommands().at(first).fn(args);
  } catch (const Error& e) {
    printError(QString::fromStdString(first), QString::fromUtf8(e.what()));
    return kFailed;
  } catch (const std::bad_alloc&) {
    printError(QString::fromStdString(first), "out of memory (the input is too large for this machine)");
    return kFailed;
  }
}

std::optional<double> numberOption(const QCommandLineParser& parser, const QCommandLineOption& option) {
  const std::string text = parser.value(option).trimmed().toStdString();
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int> parseArguments(QCommandLineParser& parser, const QString& name,
                                  const QString& description, const QStringList& args) {
  parser.setApplicationDescription(description);
  const QCommandLineOption help({"h", "help"}, "Show this help.");
  parser.addOption(help);
  QStringList full = args;
  full.prepend("seqscope " + name);
  if (!parser.parse(full)) {
    printError(name, parser.errorText() + " (see seqscope " + name + " --help)");
    return kUsage;
  }
  if (parser.isSet(help)) {
    std::fputs(qPrintable(parser.helpText()), stdout);
    return kOk;
  }
  if (!parser.positionalArguments().isEmpty()) {
    printError(name, "unexpected argument \"" + parser.positionalArguments().first() + "\"");
    return kUsage;
  }
  return std::nullopt;
}

void printError(const QString& name, const QString& message) {
  std::fprintf(stderr, "seqscope %s: %s\n", qPrintable(name), qPrintable(message));
}

}  // namespace seqscope::cli
