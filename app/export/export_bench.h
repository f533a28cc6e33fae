#pragma once
#include <cstdint>
#include <string>

#include "app/export/frame_source.h"

namespace seqscope {

// What `seqscope bench` reports for export: how fast a 1280x720 MP4 encodes (against real
// time at 30 fps), and how many bytes a second of GIF takes.
struct ExportBenchResult {
  std::string source;  // what was exported, e.g. "3-associative-recall.json"
  int width = 1280, height = 720;
  int mp4Fps = 30, mp4Frames = 0;
  double mp4Seconds = 0;                 // wall time of the whole export (render + encode)
  double mp4CpuSeconds = 0;              // CPU time of all threads during it
  double renderOnlyFramesPerSecond = 0;  // the source alone, to tell render from encode
  std::uint64_t mp4Bytes = 0;
  int gifFps = 25, gifFrames = 0;
  double gifSeconds = 0;  // wall time (two passes)
  double gifCpuSeconds = 0;
  std::uint64_t gifBytes = 0;

  double mp4FramesPerSecond() const { return mp4Frames / mp4Seconds; }
  double realTimeFactor() const { return mp4FramesPerSecond() / mp4Fps; }
  // Frames per second of CPU time: what the export costs regardless of other load on the
  // machine (wall-clock figures drop when other processes share the cores).
  double mp4FramesPerCpuSecond() const { return mp4Frames / mp4CpuSeconds; }
  double gifBytesPerSecondOfAnimation() const { return gifBytes / (double(gifFrames) / gifFps); }
};

// Exports up to `seconds` of `source` (from frame 0) as MP4 (at mp4Fps, 30) and GIF (at
// `gifFps`; `gifFrames` frames instead of `seconds` when given) into a scratch folder that is deleted
// afterwards, and times them.
ExportBenchResult benchExport(FrameSource& source, const std::string& sourceName,
                              double seconds = 3.0, int gifFps = 25, int gifFrames = 0);

}  // namespace seqscope
