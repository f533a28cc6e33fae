#pragma once
#include <QImage>

#include "app/export/ffmpeg_util.h"

struct SwsContext;

namespace seqscope {

// Turns the FrameSource's QImages (ARGB32/RGB32, which are FFmpeg's AV_PIX_FMT_RGB32: both
// define the 32-bit pixel 0xAARRGGBB in native byte order) into encoder frames of one pixel
// format and size.
// YUV output uses BT.709 coefficients in limited range, and the encoders tag their streams
// BT.709 to match, so players show the colours of the window.
class FrameConverter {
 public:
  FrameConverter(AVPixelFormat format, int width, int height);
  ~FrameConverter();
  FrameConverter(const FrameConverter&) = delete;
  FrameConverter& operator=(const FrameConverter&) = delete;

  // `image` must be width x height; returns a new frame with pts = `pts`.
  ffmpeg::FramePtr convert(const QImage& image, int64_t pts);

 private:
  AVPixelFormat format_;
  int width_, height_;
  SwsContext* sws_ = nullptr;  // null when the output is RGB32 too (a plain copy)
};

// `image` as ARGB32/RGB32 of exactly `size`, or Error naming what the source returned.
QImage checkedFrameImage(const QImage& image, QSize size, int index);

}  // namespace seqscope
