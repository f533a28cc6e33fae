#include "app/export/export_bench.h"

#include <time.h>

#include <QTemporaryDir>
#include <algorithm>
#include <chrono>

#include "app/export/exporter.h"
#include "core/error.h"

namespace seqscope {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double processCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

}  // namespace

ExportBenchResult benchExport(FrameSource& source, const std::string& sourceName, double seconds,
                              int gifFps, int gifFrames) {
  ExportBenchResult r;
  r.source = sourceName;
  r.gifFps = gifFps;
  QTemporaryDir scratch;
  if (!scratch.isValid()) throw Error("bench: cannot create a scratch folder for the export");
  const QSize size(r.width, r.height);

  ExportOptions mp4;
  mp4.outputPath = scratch.filePath("bench.mp4").toStdString();
  mp4.width = r.width;
  mp4.height = r.height;
  mp4.fps = r.mp4Fps;
  mp4.to = std::min(source.frameCount(), int(seconds * r.mp4Fps)) - 1;
  r.mp4Frames = *mp4.to + 1;

  auto start = std::chrono::steady_clock::now();
  for (int k = 0; k < r.mp4Frames; ++k) source.renderFrame(k, size);
  r.renderOnlyFramesPerSecond = r.mp4Frames / secondsSince(start);

  start = std::chrono::steady_clock::now();
  double cpu = processCpuSeconds();
  const ExportResult m = exportAnimation(source, mp4);
  r.mp4Seconds = secondsSince(start);
  r.mp4CpuSeconds = processCpuSeconds() - cpu;
  r.mp4Bytes = m.bytes;

  ExportOptions gif = mp4;
  gif.outputPath = scratch.filePath("bench.gif").toStdString();
  gif.fps = r.gifFps;
  // gifFrames (e.g. a whole scene at its own speed) replaces the `seconds` limit.
  gif.to = std::min(source.frameCount(), gifFrames > 0 ? gifFrames : int(seconds * r.gifFps)) - 1;
  r.gifFrames = *gif.to + 1;
  start = std::chrono::steady_clock::now();
  cpu = processCpuSeconds();
  const ExportResult g = exportAnimation(source, gif);
  r.gifSeconds = secondsSince(start);
  r.gifCpuSeconds = processCpuSeconds() - cpu;
  r.gifBytes = g.bytes;
  return r;
}

}  // namespace seqscope
