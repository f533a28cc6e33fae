#include "app/export/exporter.h"

#include <QImage>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/export/frame_converter.h"
#include "app/export/gif_encoder.h"
#include "app/export/gif_palette.h"
#include "app/export/temporary_output.h"
#include "app/export/video_encoder.h"
#include "core/error.h"

extern "C" {
#include <libavutil/log.h>
}

namespace seqscope {
namespace {

namespace fs = std::filesystem;

// Walks the plan's output frames (range, then hold copies of the last frame, which are not
// rendered again), reporting progress; returns false when the user cancelled.
class FrameWalker {
 public:
  FrameWalker(FrameSource& source, const ExportPlan& plan, const ExportProgress& progress,
              int passes)
      : source_(source), plan_(plan), progress_(progress), total_(plan.outputFrames() * passes) {}

  bool start() { return report(); }

  template <class Consume>
  bool walk(Consume&& consume) {
    const QSize size(plan_.width, plan_.height);
    QImage image;
    for (int k = 0; k < plan_.outputFrames(); ++k) {
      const int index = std::min(plan_.first + k, plan_.last);
      if (k == 0 || plan_.first + k <= plan_.last)
        image = checkedFrameImage(source_.renderFrame(index, size), size, index);
      consume(image, k);
      ++done_;
      if (!report()) return false;
    }
    return true;
  }

 private:
  bool report() { return !progress_ || progress_(done_, total_); }

  FrameSource& source_;
  const ExportPlan& plan_;
  const ExportProgress& progress_;
  int total_;
  int done_ = 0;
};

std::string frameFileName(int k) {
  char name[32];
  std::snprintf(name, sizeof name, "frame_%05d.png", k);
  return name;
}

bool writePngFolder(const std::string& folder, FrameWalker& walker) {
  return walker.walk([&](const QImage& image, int k) {
    const std::string path = folder + "/" + frameFileName(k);
    // Qt's PNG writer is lossless, so frame k equals what the source rendered.
    if (!image.save(QString::fromStdString(path), "PNG"))
      throw Error(path + ": writing the PNG failed (disk full?)");
  });
}

std::uint64_t sizeOnDisk(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return fs::file_size(path, ec);
  std::uint64_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(path, ec))
    if (entry.is_regular_file()) bytes += entry.file_size();
  return bytes;
}

}  // namespace

ExportResult exportAnimation(FrameSource& source, const ExportOptions& options,
                             const ExportProgress& progress) {
  const ExportPlan plan = planExport(options, source.frameCount());
  // FFmpeg's libraries chat on stderr at "info" level (encoder banners, palette stats); a
  // command-line export shows its own progress, and failures come back as Error anyway.
  av_log_set_level(AV_LOG_ERROR);
  ExportResult result;
  result.cancelled = true;  // until the output is committed
  const bool gif = plan.format == ExportFormat::Gif;
  FrameWalker walker(source, plan, progress, gif ? 2 : 1);
  if (!walker.start()) return result;

  const bool folder = plan.format == ExportFormat::PngFolder;
  TemporaryOutput temp(plan.outputPath,
                       folder ? TemporaryOutput::Kind::Folder : TemporaryOutput::Kind::File);
  bool finished = false;
  if (folder) {
    finished = writePngFolder(temp.path(), walker);
  } else if (gif) {
    GifPalette palette(plan.width, plan.height, plan.fps);
    if (walker.walk([&](const QImage& image, int k) { palette.addFrame(image, k); })) {
      const ffmpeg::FramePtr colours = palette.finish();
      GifEncoder encoder(temp.path(), plan.width, plan.height, plan.fps, colours.get());
      finished = walker.walk([&](const QImage& image, int) { encoder.addFrame(image); });
      if (finished) encoder.finish();
    }
  } else {
    VideoEncoder encoder(temp.path(), plan.format, plan.width, plan.height, plan.fps);
    finished = walker.walk([&](const QImage& image, int) { encoder.addFrame(image); });
    if (finished) encoder.finish();
  }
  if (!finished) return result;  // cancelled: `temp` deletes the partial output
  temp.commit();
  result.cancelled = false;
  result.outputPath = plan.outputPath;
  result.frames = plan.outputFrames();
  result.bytes = sizeOnDisk(plan.outputPath);
  result.seconds = double(result.frames) / plan.fps;
  return result;
}

}  // namespace seqscope
