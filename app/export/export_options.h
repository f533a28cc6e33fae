#pragma once
#include <optional>
#include <string>
#include <utility>

namespace seqscope {

enum class ExportFormat { Mp4, WebM, Gif, WebP, PngFolder };

// What the user asks for (from the Export dialog or `seqscope export`).
struct ExportOptions {
  std::string outputPath;              // FILE.mp4|.webm|.gif|.webp, or DIR/ for PNG frames
  std::optional<ExportFormat> format;  // empty: from outputPath (extension or trailing '/')
  int width = 1280;
  int height = 720;
  int fps = 30;
  int from = 0;                  // first source frame, inclusive
  std::optional<int> to;         // last source frame, inclusive; empty: the source's last
  double holdLastSeconds = 0.0;  // the last frame is repeated this long at the end
};

// Limits, shared with the dialog and the command line's help.
inline constexpr int kExportMinSide = 16;
inline constexpr int kExportMaxLongSide = 3840;  // 3840x2160 (4K UHD), landscape or portrait
inline constexpr int kExportMaxShortSide = 2160;
inline constexpr int kExportMaxFps = 60;
inline constexpr int kExportMaxGifFps = 50;  // GIF delays are 1/100 s; players slow < 2/100
inline constexpr double kExportMaxHoldSeconds = 60.0;
// What the command line and the dialog offer when the user says nothing: a looping slide
// animation rests on its final picture before it starts again. (ExportOptions itself holds
// nothing by default: it exports exactly the frames asked for.)
inline constexpr double kExportDefaultHoldSeconds = 1.5;

// A validated export: everything exportAnimation needs, in resolved form.
struct ExportPlan {
  ExportFormat format;
  std::string outputPath;  // for PngFolder without the trailing '/'
  int width, height, fps;
  int first, last;  // source frames, inclusive
  int holdFrames;   // extra copies of the last frame
  int outputFrames() const { return last - first + 1 + holdFrames; }
};

// The format a path asks for: .mp4, .webm, .gif, .webp (any case), or a trailing '/' for a
// folder of PNG frames; Error otherwise.
ExportFormat exportFormatForPath(const std::string& path);
// "MP4 (H.264)", "WebM (VP9)", "GIF", "animated WebP", "PNG frames".
std::string exportFormatName(ExportFormat format);

// "1280x720" (also "1280X720") -> {1280, 720}; Error naming the text otherwise. For the
// command line's --size; the limits are checked by planExport.
std::pair<int, int> parseExportSize(const std::string& text);

// Checks `options` against a source of `sourceFrames` frames and resolves the defaults.
// Throws Error with a message naming the bad value; touches no file. The output folder must
// exist; a PNG folder may exist only if it holds nothing but an earlier export's frames.
ExportPlan planExport(const ExportOptions& options, int sourceFrames);

}  // namespace seqscope
