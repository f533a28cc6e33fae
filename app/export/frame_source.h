#pragma once
#include <QImage>
#include <QSize>

namespace seqscope {

// What the exporter draws from: a numbered sequence of frames that can be rendered at any
// size. Scenes implement it (offscreen, with the same view code as the window); tests and the
// bench use SyntheticFrameSource. The exporter calls it from a worker thread, so an
// implementation must not touch widgets; painting on a QImage is fine.
class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual int frameCount() const = 0;
  // Frame `index` (0 <= index < frameCount()) as an opaque image of exactly `size`, in
  // QImage::Format_ARGB32 or Format_RGB32.
  virtual QImage renderFrame(int index, QSize size) = 0;
};

}  // namespace seqscope
