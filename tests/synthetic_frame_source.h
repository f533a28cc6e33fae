#pragma once
#include "app/export/frame_source.h"

namespace seqscope {

// A FrameSource that needs no model or scene: frame k is a grid of heat-map-like cells whose
// values drift with k, under a highlight bar that moves one column per frame and a progress
// strip, drawn with QPainter (no text, so it works without a QGuiApplication). Every frame
// differs from the previous one, and the same (k, size) always gives the same pixels. Used
// by the export tests and, until a built-in scene takes its place, by `seqscope bench`.
class SyntheticFrameSource : public FrameSource {
 public:
  explicit SyntheticFrameSource(int frames, int columns = 24, int rows = 12)
      : frames_(frames), columns_(columns), rows_(rows) {}
  int frameCount() const override { return frames_; }
  QImage renderFrame(int index, QSize size) override;

 private:
  int frames_, columns_, rows_;
};

}  // namespace seqscope
