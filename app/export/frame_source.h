#pragma once
#include <QImage>
#include <QSize>

namespace seqscope {

// What the exporter draws from: a numbered sequence of frames that can be rendered at any
// size. Scenes implement it (SceneFrameSource: offscreen, with the same view code as the
// window); tests use SyntheticFrameSource. exportAnimation calls it on its own thread: a
// source that paints widgets (SceneFrameSource) must be exported on the GUI thread (the
// command line) or reached from a worker through GuiThreadFrameSource (the window).
class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual int frameCount() const = 0;
  // Frame `index` (0 <= index < frameCount()) as an opaque image of exactly `size`, in
  // QImage::Format_ARGB32 or Format_RGB32.
  virtual QImage renderFrame(int index, QSize size) = 0;
};

}  // namespace seqscope
