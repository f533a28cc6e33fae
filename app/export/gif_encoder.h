#pragma once
#include <QImage>
#include <string>

#include "app/export/ffmpeg_util.h"

namespace seqscope {

// Pass 2 of the GIF export: maps every frame onto the animation's palette (GifPalette) with
// libavfilter's paletteuse (ordered Bayer dithering, which is stable from frame to frame, so
// unchanged pixels stay unchanged and compress away; only the changed rectangle is
// re-dithered), then encodes with FFmpeg's GIF encoder and muxer (loops forever).
class GifEncoder {
 public:
  GifEncoder(const std::string& path, int width, int height, int fps, const AVFrame* palette);
  void addFrame(const QImage& image);  // ARGB32/RGB32, width x height
  void finish();

 private:
  void drainFilter();

  ffmpeg::OutputFile out_;
  ffmpeg::CodecContextPtr codec_;
  AVStream* stream_ = nullptr;
  ffmpeg::FilterGraphPtr graph_;
  AVFilterContext* source_ = nullptr;
  AVFilterContext* sink_ = nullptr;
  int width_, height_;
  int64_t nextPts_ = 0;
};

}  // namespace seqscope
