#include "app/export/export_options.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <regex>

extern "C" {
#include <libavfilter/avfilter.h>
}

#include "app/export/ffmpeg_util.h"
#include "core/error.h"

namespace seqscope {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string sizeText(int w, int h) {
  return std::to_string(w) + "x" + std::to_string(h);
}

// The encoders and filters each format needs, checked before any file is created.
void requireCodecs(ExportFormat format) {
  const std::string name = exportFormatName(format);
  switch (format) {
    case ExportFormat::Mp4:
      ffmpeg::requireEncoder("libx264", name);
      break;
    case ExportFormat::WebM:
      ffmpeg::requireEncoder("libvpx-vp9", name);
      break;
    case ExportFormat::WebP:
      ffmpeg::requireEncoder("libwebp_anim", name);
      break;
    case ExportFormat::Gif:
      ffmpeg::requireEncoder("gif", name);
      for (const char* filter : {"palettegen", "paletteuse", "buffer", "buffersink"})
        if (!avfilter_get_by_name(filter))
          throw Error(name + " needs FFmpeg's \"" + filter +
                      "\" filter, which this libavfilter does not have");
      break;
    case ExportFormat::PngFolder:
      break;  // written by Qt's PNG writer
  }
}

void checkSize(const ExportOptions& o, ExportFormat format) {
  const std::string size = "size " + sizeText(o.width, o.height);
  if (o.width <= 0 || o.height <= 0)
    throw Error(size + " is empty: width and height must be positive");
  if (o.width < kExportMinSide || o.height < kExportMinSide)
    throw Error(size + " is too small: width and height must be at least " +
                std::to_string(kExportMinSide));
  const int longSide = std::max(o.width, o.height), shortSide = std::min(o.width, o.height);
  if (longSide > kExportMaxLongSide || shortSide > kExportMaxShortSide)
    throw Error(size + " is larger than " + sizeText(kExportMaxLongSide, kExportMaxShortSide) +
                " (or " + sizeText(kExportMaxShortSide, kExportMaxLongSide) + ")");
  // 4:2:0 chroma covers 2x2 pixel blocks, so H.264 and VP9 in yuv420p need even sides.
  if ((format == ExportFormat::Mp4 || format == ExportFormat::WebM) &&
      (o.width % 2 != 0 || o.height % 2 != 0))
    throw Error(size + " is odd: " + exportFormatName(format) +
                " (yuv420p) needs an even width and height, e.g. " +
                sizeText(o.width & ~1, o.height & ~1));
}

void checkTiming(const ExportOptions& o, ExportFormat format) {
  const int maxFps = format == ExportFormat::Gif ? kExportMaxGifFps : kExportMaxFps;
  if (o.fps < 1 || o.fps > maxFps)
    throw Error("fps " + std::to_string(o.fps) + " is out of range: " + exportFormatName(format) +
                " takes 1 to " + std::to_string(maxFps) + " frames per second" +
                (format == ExportFormat::Gif ? " (GIF frame delays are counted in 1/100 s)" : ""));
  if (!std::isfinite(o.holdLastSeconds) || o.holdLastSeconds < 0 ||
      o.holdLastSeconds > kExportMaxHoldSeconds)
    throw Error("hold time " + std::to_string(o.holdLastSeconds) + " s is out of range: 0 to " +
                std::to_string(int(kExportMaxHoldSeconds)) + " s");
}

// True when `dir` holds only files an earlier PNG export wrote (so replacing it loses
// nothing the user made).
bool holdsOnlyExportedFrames(const fs::path& dir) {
  static const std::regex frameName(R"(frame_\d{5,}\.png)");
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || !std::regex_match(entry.path().filename().string(), frameName))
      return false;
  }
  return !ec;
}

std::string checkOutputPath(const std::string& path, ExportFormat format) {
  std::error_code ec;
  if (format == ExportFormat::PngFolder) {
    std::string dir = path;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    const fs::path target(dir);
    if (fs::exists(target, ec)) {
      if (!fs::is_directory(target, ec))
        throw Error(path + ": exists and is not a folder (PNG frames go into a folder)");
      if (!holdsOnlyExportedFrames(target))
        throw Error(path +
                    ": folder exists and holds other files than frame_NNNNN.png; "
                    "choose a new or empty folder");
    }
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec))
      throw Error(path + ": folder " + parent.string() + " does not exist");
    if (::access(parent.c_str(), W_OK | X_OK) != 0)
      throw Error(path + ": folder " + parent.string() + " is not writable");
    return dir;
  }
  const fs::path target(path);
  if (fs::is_directory(target, ec)) throw Error(path + ": is a folder, not a file");
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    throw Error(path + ": folder " + parent.string() + " does not exist");
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    throw Error(path + ": folder " + parent.string() + " is not writable");
  return path;
}

}  // namespace

ExportFormat exportFormatForPath(const std::string& path) {
  if (path.empty()) throw Error("no output path given");
  if (path.back() == '/') return ExportFormat::PngFolder;
  const std::string ext = lower(fs::path(path).extension().string());
  if (ext == ".mp4") return ExportFormat::Mp4;
  if (ext == ".webm") return ExportFormat::WebM;
  if (ext == ".gif") return ExportFormat::Gif;
  if (ext == ".webp") return ExportFormat::WebP;
  throw Error(path + ": unknown export format \"" + (ext.empty() ? "(no extension)" : ext) +
              "\"; use .mp4, .webm, .gif, .webp, or a folder ending in / for PNG frames");
}

std::pair<int, int> parseExportSize(const std::string& text) {
  static const std::regex pattern(R"(\s*(\d{1,6})\s*[xX]\s*(\d{1,6})\s*)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern))
    throw Error("size \"" + text + "\" is not WIDTHxHEIGHT, e.g. 1280x720");
  return {std::stoi(m[1].str()), std::stoi(m[2].str())};
}

std::string exportFormatName(ExportFormat format) {
  switch (format) {
    case ExportFormat::Mp4:
      return "MP4 (H.264)";
    case ExportFormat::WebM:
      return "WebM (VP9)";
    case ExportFormat::Gif:
      return "GIF";
    case ExportFormat::WebP:
      return "animated WebP";
    case ExportFormat::PngFolder:
      return "PNG frames";
  }
  return "?";
}

ExportPlan planExport(const ExportOptions& o, int sourceFrames) {
  const ExportFormat format = o.format ? *o.format : exportFormatForPath(o.outputPath);
  if (o.outputPath.empty()) throw Error("no output path given");
  checkSize(o, format);
  checkTiming(o, format);
  if (sourceFrames <= 0) throw Error("the scene has no frames to export");
  const int last = o.to ? *o.to : sourceFrames - 1;
  const std::string available = "the scene has " + std::to_string(sourceFrames) + " frames, 0 to " +
                                std::to_string(sourceFrames - 1);
  if (o.from < 0 || o.from >= sourceFrames)
    throw Error("first frame " + std::to_string(o.from) + " is outside the scene (" + available +
                ")");
  if (last < 0 || last >= sourceFrames)
    throw Error("last frame " + std::to_string(last) + " is outside the scene (" + available + ")");
  if (o.from > last)
    throw Error("first frame " + std::to_string(o.from) + " comes after last frame " +
                std::to_string(last));
  requireCodecs(format);
  ExportPlan plan{
      format, checkOutputPath(o.outputPath, format),      o.width, o.height, o.fps, o.from,
      last,   int(std::lround(o.holdLastSeconds * o.fps))};
  return plan;
}

}  // namespace seqscope
