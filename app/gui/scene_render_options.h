#pragma once
// How a scene is drawn for an export (slides): one value that the command line and the Export
// dialog fill in and SceneFrameSource hands to MainWindow::renderScene, so a new choice is a
// field here rather than another parameter in every signature on the way.
#include <QRect>
#include <vector>

namespace seqscope {

struct SceneRenderOptions {
  // The scene's title on one line across the top (bold, in the window's text colour, sized to
  // the frame and shrunk to fit its width).
  bool title = true;
  // The meters strip under the panes, when the scene shows meters; off, the panes take the
  // room.
  bool meters = true;
  // The scene's narration step at the frame (when it has one) in a band under the title, as
  // the window shows it.
  bool narration = true;
  // Multiplies the text and view scale of the panes, the meters and the title (on top of the
  // window's own, e.g. presentation mode's), so a slide can be read from the back of a room.
  double fontScale = 1.0;
};

// The range of SceneRenderOptions::fontScale, shared with the dialog and the command line.
inline constexpr double kMinRenderFontScale = 0.5, kMaxRenderFontScale = 3.0;

// Where renderScene put each part of the frame, in the painter's coordinates (for tests and
// callers that annotate a frame). Empty rectangles for parts not drawn.
struct SceneLayout {
  QRect title;
  QRect narration;
  std::vector<QRect> panes;  // the drawn panes, in the order they were asked for
  QRect meters;
};

}  // namespace seqscope
