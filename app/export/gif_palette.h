#pragma once
#include <QImage>

#include "app/export/ffmpeg_util.h"

namespace seqscope {

// Pass 1 of the GIF export: one 256-colour palette for the whole animation (libavfilter's
// palettegen over every frame's colours), so colours do not flicker between frames and the
// GIF stores a single global colour table.
class GifPalette {
 public:
  GifPalette(int width, int height, int fps);
  void addFrame(const QImage& image, int64_t pts);  // ARGB32/RGB32
  // Ends the pass and returns the palette as palettegen's 16x16 RGB32 frame.
  ffmpeg::FramePtr finish();

 private:
  ffmpeg::FilterGraphPtr graph_;
  AVFilterContext* source_ = nullptr;
  AVFilterContext* sink_ = nullptr;
};

}  // namespace seqscope
