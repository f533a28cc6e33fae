// `seqscope export`: renders a scene offscreen with the explorer's own views and encodes it
// (MP4, WebM, GIF, animated WebP or a folder of PNG frames), with a progress bar on stderr.
#include <unistd.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <chrono>
#include <cstdio>
#include <limits>

#include "app/cli/command.h"
#include "app/export/export_options.h"
#include "app/export/exporter.h"
#include "app/gui/scene_frame_source.h"
#include "core/error.h"
#include "core/util/format_bytes.h"

namespace seqscope::cli {
namespace {

int intOption(const QCommandLineParser& p, const QCommandLineOption& o) {
  bool ok = false;
  const int v = p.value(o).toInt(&ok);
  if (!ok)
    throw Error("--" + o.names().first().toStdString() + " must be an integer, got \"" +
                p.value(o).toStdString() + "\"");
  return v;
}

// A number from `low` to `high` (numberOption's spellings); Error naming the option otherwise.
double rangedOption(const QCommandLineParser& p, const QCommandLineOption& o, double low,
                    double high, const char* what) {
  const std::optional<double> v = numberOption(p, o);
  if (!v || *v < low || *v > high)
    throw Error("--" + o.names().first().toStdString() + ": \"" + p.value(o).toStdString() +
                "\" is not " + what + " from " + QString::number(low).toStdString() + " to " +
                QString::number(high).toStdString());
  return *v;
}

// "1,3" (1-based, as the window numbers them) -> {0, 2}.
std::vector<int> parsePanes(const QString& text, int paneCount) {
  std::vector<int> panes;
  for (const QString& item : text.split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const int n = item.trimmed().toInt(&ok);
    if (!ok || n < 1 || n > paneCount)
      throw Error("--panes: \"" + item.trimmed().toStdString() +
                  "\" is not a pane of the scene (1 to " + std::to_string(paneCount) + ")");
    panes.push_back(n - 1);
  }
  if (panes.empty()) throw Error("--panes: no panes given");
  return panes;
}


// The bar `train` draws: redrawn in place on a terminal, a line every 10% in a log.
class ProgressBar {
 public:
  explicit ProgressBar(bool gif) : tty_(isatty(fileno(stderr))), gif_(gif) { clock_.start(); }

  bool operator()(int done, int total) {
    if (total <= 0) return true;
    const int percent = int(100LL * done / total);
    if (!tty_ && done != total && percent / 10 == lastTenth_) return true;
    lastTenth_ = percent / 10;
    const int width = 24, filled = int(std::int64_t(width) * done / total);
    const std::string bar =
        std::string(std::size_t(filled), '#') + std::string(std::size_t(width - filled), '.');
    // GIF runs over the frames twice: first to build one palette, then to encode.
    const int frames = gif_ ? total / 2 : total;
    const bool second = gif_ && done > frames;
    const int frame = second ? done - frames : done;
    const double seconds = clock_.elapsed() / 1000.0;
    const double rate = seconds > 0 ? done / seconds : 0;
    char line[200];
    std::snprintf(line, sizeof line, "[%s] %s frame %d/%d  %.1f frames/s  ETA %.0f s", bar.c_str(),
                  gif_ ? (second ? "encoding" : "palette ") : "", frame, frames, rate,
                  rate > 0 ? (total - done) / rate : 0.0);
    if (tty_)
      std::fprintf(stderr, "\r%s\033[K", line);
    else
      std::fprintf(stderr, "%s\n", line);
    return true;
  }
  void finish() {
    if (tty_) std::fprintf(stderr, "\n");
  }

 private:
  bool tty_, gif_;
  int lastTenth_ = -1;
  QElapsedTimer clock_;
};

}  // namespace

int exportCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption sceneOpt("scene",
                                    "The scene to export (a JSON file, e.g. one of "
                                    "resources/scenes/).",
                                    "SCENE.json");
  const QCommandLineOption outOpt("out",
                                  "Output: FILE.mp4 (H.264), FILE.webm (VP9), FILE.gif, "
                                  "FILE.webp (animated), or DIR/ for numbered PNG frames.",
                                  "PATH");
  const QCommandLineOption fpsOpt("fps",
                                  "Frames per second of the output (default: the scene's "
                                  "own playback speed, rounded; GIF at most 50).",
                                  "N");
  const QCommandLineOption sizeOpt("size",
                                   "Width x height in pixels, at most 3840x2160 (MP4 and "
                                   "WebM: even).",
                                   "WxH", "1280x720");
  const QCommandLineOption fromOpt("from", "First scene frame to export (0-based).", "K", "0");
  const QCommandLineOption toOpt("to", "Last scene frame to export, inclusive (default: the last).",
                                 "K");
  const QCommandLineOption holdOpt("hold",
                                   "Show the last frame this many seconds longer, 0 to " +
                                       QString::number(kExportMaxHoldSeconds) +
                                       " (default: " + QString::number(kExportDefaultHoldSeconds) +
                                       "; 0: no hold).",
                                   "SECONDS", QString::number(kExportDefaultHoldSeconds));
  const QCommandLineOption panesOpt("panes",
                                    "Only these panes, 1-based, e.g. 1,3 (default: all); the "
                                    "frames end with the longest of their runs.",
                                    "LIST");
  const QCommandLineOption titleOpt("title",
                                    "Burn the scene's title into a band at the top of every "
                                    "frame (the default).");
  const QCommandLineOption noTitleOpt("no-title", "Frames without the title band.");
  const QCommandLineOption noNarrationOpt("no-narration", "Frames without the scene's narration band.");
  const QCommandLineOption noMetersOpt("no-meters",
                                       "Frames without the meters strip, even if the scene "
                                       "shows it (the panes take the room).");
  const QCommandLineOption fontScaleOpt(
      "font-scale",
      "Multiply the size of text and views by F, " + QString::number(kMinRenderFontScale) + " to " +
          QString::number(kMaxRenderFontScale) + " (default: 1; e.g. 1.5 for slides).",
      "F", "1");
  parser.addOptions({sceneOpt, outOpt, fpsOpt, sizeOpt, fromOpt, toOpt, holdOpt, panesOpt, titleOpt,
                     noTitleOpt, noNarrationOpt, noMetersOpt, fontScaleOpt});
  if (auto exit = parseArguments(parser, "export",
                                 "Renders a scene offscreen, exactly as the explorer window shows "
                                 "it, and writes it as a video, an animation or PNG frames.",
                                 args))
    return *exit;
  if (!parser.isSet(sceneOpt) || !parser.isSet(outOpt)) {
    printError("export",
               "--scene SCENE.json and --out PATH are required (see seqscope export --help)");
    return kUsage;
  }
  if (parser.isSet(titleOpt) && parser.isSet(noTitleOpt)) {
    printError("export", "--title and --no-title contradict each other; give one");
    return kUsage;
  }

  // Everything that can be checked without running the models is checked first.
  ExportOptions options;
  options.outputPath = parser.value(outOpt).toStdString();
  options.format = exportFormatForPath(options.outputPath);
  const auto [width, height] = parseExportSize(parser.value(sizeOpt).toStdString());
  options.width = width;
  options.height = height;
  options.from = intOption(parser, fromOpt);
  if (parser.isSet(toOpt)) options.to = intOption(parser, toOpt);
  options.holdLastSeconds =
      rangedOption(parser, holdOpt, 0, kExportMaxHoldSeconds, "a number of seconds");
  SceneRenderOptions render;
  render.title = !parser.isSet(noTitleOpt);
  render.narration = !parser.isSet(noNarrationOpt);
  render.meters = !parser.isSet(noMetersOpt);
  render.fontScale =
      rangedOption(parser, fontScaleOpt, kMinRenderFontScale, kMaxRenderFontScale, "a number");
  const QString scenePath = parser.value(sceneOpt);
  const Scene scene = SceneFrameSource::loadScene(scenePath);
  options.fps =
      parser.isSet(fpsOpt) ? intOption(parser, fpsOpt) : SceneFrameSource::naturalFps(scene);
  std::vector<int> panes;
  if (parser.isSet(panesOpt)) panes = parsePanes(parser.value(panesOpt), int(scene.panes.size()));
  // The range's upper end needs the scene's frame count, which only the runs tell.
  planExport(options, std::numeric_limits<int>::max());

  std::fprintf(stderr, "running the scene's %d pane(s)...\n", int(scene.panes.size()));
  SceneFrameSource source(scenePath, panes, render);
  const ExportPlan plan = planExport(options, source.frameCount());
  std::fprintf(stderr,
               "exporting scene frames %d to %d of %d as %s, %dx%d at %d fps, then %d hold "
               "frame(s)\n",
               plan.first, plan.last, source.frameCount(), exportFormatName(plan.format).c_str(),
               plan.width, plan.height, plan.fps, plan.holdFrames);
  ProgressBar bar(plan.format == ExportFormat::Gif);
  const auto start = std::chrono::steady_clock::now();
  const ExportResult result =
      exportAnimation(source, options, [&](int done, int total) { return bar(done, total); });
  bar.finish();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("wrote %s: %d frames, %dx%d, %d fps, %.2f s of animation, %s (%.1f frames/s)\n",
              result.outputPath.c_str(), result.frames, plan.width, plan.height, plan.fps,
              result.seconds, formatBytes(double(result.bytes)).c_str(), result.frames / wall);
  return kOk;
}

}  // namespace seqscope::cli
