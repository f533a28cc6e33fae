#pragma once
#include <QImage>
#include <memory>
#include <string>

#include "app/export/export_options.h"
#include "app/export/ffmpeg_util.h"
#include "app/export/frame_converter.h"

namespace seqscope {

// One encoder + muxer writing a video file frame by frame: MP4 (libx264, yuv420p, moov atom
// moved to the front), WebM (libvpx-vp9, yuv420p, constant quality) or animated WebP
// (libwebp_anim, loops forever). Frame k is shown at k/fps seconds.
class VideoEncoder {
 public:
  // Opens `path` (the temporary file) for `format` (not Gif or PngFolder).
  VideoEncoder(const std::string& path, ExportFormat format, int width, int height, int fps);
  ~VideoEncoder();
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  void addFrame(const QImage& image);  // ARGB32/RGB32, width x height
  // Flushes the encoder and writes the trailer; the file is complete afterwards.
  void finish();

 private:
  ffmpeg::OutputFile out_;
  ffmpeg::CodecContextPtr codec_;
  AVStream* stream_ = nullptr;
  std::unique_ptr<FrameConverter> converter_;
  int64_t nextPts_ = 0;
};

}  // namespace seqscope
