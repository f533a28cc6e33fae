#include <omp.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/gui/gui_bench.h"
#include "app/export/export_bench.h"
#include "app/gui/scene_frame_source.h"
#include "app/resource_paths.h"
#include "core/bench/mixer_bench.h"
#include "core/error.h"
#include "core/util/format_bytes.h"
#include "core/io/model_config.h"

namespace seqscope::cli {
namespace {

std::vector<std::int64_t> parseLengths(const QString& text) {
  std::vector<std::int64_t> out;
  for (const QString& item : text.split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const qlonglong v = item.trimmed().toLongLong(&ok);
    if (!ok || v < 2 || v > (1 << 24))
      throw Error("--lengths: \"" + item.toStdString() + "\" is not a length between 2 and 16777216");
    out.push_back(v);
  }
  if (out.empty()) throw Error("--lengths: no lengths given");
  return out;
}

std::vector<std::string> parseMixers(const QString& text) {
  std::vector<std::string> out;
  const auto& known = knownMixerKinds();
  for (const QString& item : text.split(',', Qt::SkipEmptyParts)) {
    const std::string k = item.trimmed().toStdString();
    if (std::find(known.begin(), known.end(), k) == known.end())
      throw Error("--mixers: unknown mixer \"" + k + "\" (see seqscope info)");
    out.push_back(k);
  }
  return out;
}

// `frames` frames that cycle through `source`'s (0, 1, ..., n-1, 0, 1, ...).
class LoopedFrames : public FrameSource {
 public:
  LoopedFrames(FrameSource& source, int frames) : source_(source), frames_(frames) {}
  int frameCount() const override { return frames_; }
  QImage renderFrame(int index, QSize size) override {
    return source_.renderFrame(index % source_.frameCount(), size);
  }

 private:
  FrameSource& source_;
  int frames_;
};


}  // namespace

int benchCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption json("json", "Print the results as JSON.");
  const QCommandLineOption mixers("mixers", "Comma-separated mixer kinds (default: all).", "LIST");
  const QCommandLineOption lengths("lengths", "Comma-separated sequence lengths.", "LIST",
                                   "256,1024,4096,16384,65536");
  parser.addOptions({json, mixers, lengths});
  if (auto exit = parseArguments(parser, "bench",
                                 "Measures every mixer side by side: prefill and decode time per "
                                 "token and state bytes, next to the cost model; then export speed (1280x720 "
                                 "MP4 frames per second, GIF bytes per second of animation).",
                                 args))
    return *exit;
  BenchOptions options;
  options.lengths = parseLengths(parser.value(lengths));
  if (parser.isSet(mixers)) options.mixers = parseMixers(parser.value(mixers));

  const bool asJson = parser.isSet(json);
  const double gemm = MixerBench::measureGemmGflops();
  if (!asJson) {
    std::printf("Seqscope bench: %d OpenMP threads; machine GEMM peak %.1f GFLOP/s (Eigen, 1024^3 float)\n",
                omp_get_max_threads(), gemm);
    std::printf("mixer shape: d_model 64, 4 heads x 16 (see docs/ARCHITECTURE.md, Bench)\n\n");
    std::printf("%-16s %7s %14s %9s %14s %12s %12s\n", "mixer", "length", "prefill us/tok",
                "GFLOP/s", "decode us/tok", "state held", "cost model");
    std::fflush(stdout);
  }
  auto printRow = [&](const BenchRow& r) {
    if (asJson) {
      std::fprintf(stderr, "\rbench: %-16s %7ld", r.mixer.c_str(), long(r.length));
      return;
    }
    if (r.skipped) {
      std::printf("%-16s %7ld  skipped: %s\n", r.mixer.c_str(), long(r.length), r.skipReason.c_str());
    } else {
      std::printf("%-16s %7ld %14.3f %9.2f %14.2f %12s %12s\n", r.mixer.c_str(), long(r.length),
                  r.prefillSecondsPerToken * 1e6,
                  r.prefillFlops / (r.prefillSecondsPerToken * double(r.length)) / 1e9,
                  r.decodeSecondsPerToken * 1e6, formatBytes(double(r.stateBytes)).c_str(),
                  formatBytes(double(r.costStateBytes)).c_str());
    }
    std::fflush(stdout);
  };
  const std::vector<BenchRow> rows = MixerBench::run(options, printRow);

  // The explorer's paint time and GUI responsiveness (offscreen window, same code as on screen).
  if (asJson) std::fprintf(stderr, "\rbench: explorer window          ");
  const GuiBenchResult gui = GuiBench::run();
  if (!asJson) {
    std::printf("\nexplorer: %d frames of the 4-pane scene %s at 1920x1080: paint median %.2f ms, "
                "worst %.2f ms (goal < 8 ms); panes alone %.2f ms, meters alone %.2f ms\n",
                gui.framesPainted, qPrintable(gui.scene.section('/', -1)), gui.paintMedianMs,
                gui.paintWorstMs, gui.panesMedianMs, gui.metersMedianMs);
    std::printf("explorer: the same at 1280x720: paint median %.2f ms, worst %.2f ms (goal < 8 ms); "
                "panes alone %.2f ms, meters alone %.2f ms\n",
                gui.projector.paintMedianMs, gui.projector.paintWorstMs, gui.projector.panesMedianMs,
                gui.projector.metersMedianMs);
    std::printf("explorer: GUI thread's largest stall while a %d-token attention run streamed "
                "%d frames in %.0f s: %.1f ms (goal < 30 ms)\n",
                gui.longRunTokens, gui.longRunFramesSeen, gui.watchSeconds, gui.largestStallMs);
  }
  // Export speed: a built-in scene drawn by the explorer's own views (SceneFrameSource), its
  // models run first. The MP4 at 30 fps (the goal: faster than real time); the GIF at the
  // scene's own speed, as `seqscope export` writes it by default.
  if (asJson) std::fprintf(stderr, "\rbench: export %-20s", "");
  // The scene has 17 frames (one per token); the MP4 loops them to 3 s at 30 fps, every frame
  // drawn again (seek + paint), so the encoder's fixed start-up cost weighs as it does in a
  // real export. The GIF is the scene once, at its own speed.
  const QString exportScene = resourceDir() + "/scenes/3-associative-recall.json";
  SceneFrameSource sceneSource(exportScene);
  LoopedFrames exportSource(sceneSource, 90);
  const ExportBenchResult ex =
      benchExport(exportSource, exportScene.section('/', -1).toStdString(), 3.0,
                  SceneFrameSource::naturalFps(sceneSource.scene()), sceneSource.frameCount());
  if (!asJson) {
    std::printf("\nexport (scene %s, %dx%d; render alone: %.0f frames/s)\n", ex.source.c_str(),
                ex.width, ex.height, ex.renderOnlyFramesPerSecond);
    std::printf("MP4 (H.264) %d frames: %.1f frames/s, %.2fx real time at %d fps, %s "
                "(%.1f frames per CPU-second)\n",
                ex.mp4Frames, ex.mp4FramesPerSecond(), ex.realTimeFactor(), ex.mp4Fps,
                formatBytes(double(ex.mp4Bytes)).c_str(), ex.mp4FramesPerCpuSecond());
    std::printf("GIF %d frames at %d fps: %s per second of animation (%.1f s to export, "
                "%.1f CPU-seconds)\n",
                ex.gifFrames, ex.gifFps, formatBytes(ex.gifBytesPerSecondOfAnimation()).c_str(),
                ex.gifSeconds, ex.gifCpuSeconds);
    return kOk;
  }
  std::fprintf(stderr, "\r%40s\r", "");
  nlohmann::json out;
  out["threads"] = omp_get_max_threads();
  out["gemm_gflops"] = gemm;
  out["config"] = MixerBench::benchConfig().toJson();
  out["results"] = nlohmann::json::array();
  for (const BenchRow& r : rows) {
    nlohmann::json j{{"mixer", r.mixer},
                     {"length", r.length},
                     {"skipped", r.skipped},
                     {"cost_state_bytes", r.costStateBytes},
                     {"cost_prefill_flops", r.prefillFlops},
                     {"cost_decode_flops", r.decodeFlops}};
    if (r.skipped) {
      j["skip_reason"] = r.skipReason;
    } else {
      j["prefill_us_per_token"] = r.prefillSecondsPerToken * 1e6;
      j["decode_us_per_token"] = r.decodeSecondsPerToken * 1e6;
      j["prefill_gflops"] = r.prefillFlops / (r.prefillSecondsPerToken * double(r.length)) / 1e9;
      j["state_bytes"] = r.stateBytes;
    }
    out["results"].push_back(j);
  }
  out["explorer"] = {{"scene", gui.scene.section('/', -1).toStdString()},
                     {"size", "1920x1080"},
                     {"frames_painted", gui.framesPainted},
                     {"paint_median_ms", gui.paintMedianMs},
                     {"paint_worst_ms", gui.paintWorstMs},
                     {"panes_median_ms", gui.panesMedianMs},
                     {"meters_median_ms", gui.metersMedianMs},
                     {"projector", {{"size", "1280x720"},
                                    {"paint_median_ms", gui.projector.paintMedianMs},
                                    {"paint_worst_ms", gui.projector.paintWorstMs},
                                    {"panes_median_ms", gui.projector.panesMedianMs},
                                    {"meters_median_ms", gui.projector.metersMedianMs}}},
                     {"long_run_tokens", gui.longRunTokens},
                     {"long_run_frames_seen", gui.longRunFramesSeen},
                     {"watch_seconds", gui.watchSeconds},
                     {"largest_stall_ms", gui.largestStallMs}};
  out["export"] = {{"source", ex.source},
                   {"width", ex.width},
                   {"height", ex.height},
                   {"render_frames_per_second", ex.renderOnlyFramesPerSecond},
                   {"mp4", {{"fps", ex.mp4Fps},
                            {"frames", ex.mp4Frames},
                            {"seconds", ex.mp4Seconds},
                            {"cpu_seconds", ex.mp4CpuSeconds},
                            {"frames_per_second", ex.mp4FramesPerSecond()},
                            {"frames_per_cpu_second", ex.mp4FramesPerCpuSecond()},
                            {"real_time_factor", ex.realTimeFactor()},
                            {"bytes", ex.mp4Bytes}}},
                   {"gif", {{"fps", ex.gifFps},
                            {"frames", ex.gifFrames},
                            {"seconds", ex.gifSeconds},
                            {"cpu_seconds", ex.gifCpuSeconds},
                            {"bytes", ex.gifBytes},
                            {"bytes_per_second", ex.gifBytesPerSecondOfAnimation()}}}};
  std::printf("%s\n", out.dump(2).c_str());
  return kOk;
}

}  // namespace seqscope::cli
