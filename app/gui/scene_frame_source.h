#pragma once
// A FrameSource over a scene, drawn by the explorer's own code (MainWindow::renderScene), so
// an export looks exactly like the window. Frame k is what the window shows at transport
// frame k. Lives on the GUI thread: Qt widgets (panes, meters) must be painted there. An
// export on a worker thread reaches it through GuiThreadFrameSource. How the frames are drawn
// (title band, meters, font scale) is a SceneRenderOptions.
#include <QString>
#include <memory>
#include <vector>

#include "app/export/frame_source.h"
#include "app/gui/scene_render_options.h"
#include "core/scene/scene.h"

namespace seqscope {

class MainWindow;

class SceneFrameSource : public FrameSource {
 public:
  // Loads the scene file (Error naming it if it does not parse or names a model that does not
  // exist), opens it in a window of its own that is never shown, and waits, processing events,
  // until every pane's run ended; Error with the pane's message if one failed.
  explicit SceneFrameSource(const QString& scenePath, std::vector<int> panes = {},
                            const SceneRenderOptions& options = {});
  // Renders what `window` (not owned; it must outlive this) shows. Error if its panes are still
  // running or one failed: an export needs every frame of every pane. The window gets its own
  // font scale back when this is destroyed.
  explicit SceneFrameSource(MainWindow& window, std::vector<int> panes = {},
                            const SceneRenderOptions& options = {});
  ~SceneFrameSource() override;

  // The chosen panes' frames: the longest of their runs (so --panes trims a scene to what
  // those panes show).
  int frameCount() const override;
  static int frameCount(const MainWindow& window, const std::vector<int>& panes);
  // Moves the window's transport to `index` and draws the panes (all, or the chosen ones) and
  // the meters into an opaque RGB32 image of exactly `size`: the window's renderScene at
  // layoutSize(size), scaled by layoutScale(size), with the options.
  QImage renderFrame(int index, QSize size) override;

  // Every export has the layout of a 1280x720 window, scaled to its size like a screenshot on
  // a screen of that pixel ratio (1920x1080: 1.5x, 3840x2160: 3x, 640x360: 0.5x): text and
  // cells keep their proportions, so a 4K video is not a sea of tiny labels and a small GIF
  // is not a pile of overlapping ones. The scale is the smaller of the two sides' ratios,
  // kept within [kMinLayoutScale, kMaxLayoutScale]; the other side gets more room.
  static constexpr QSize kLayoutSize{1280, 720};
  static constexpr double kMinLayoutScale = 0.5, kMaxLayoutScale = 3.0;
  static double layoutScale(QSize size);
  static QSize layoutSize(QSize size);  // size / layoutScale(size), rounded

  MainWindow& window() const { return *window_; }
  const Scene& scene() const { return scene_; }

  // Scene::load plus a check that every pane's model folder exists (before any model runs).
  static Scene loadScene(const QString& path);
  // The export fps that plays the scene at its own speed: its frames per second, rounded,
  // at least 1.
  static int naturalFps(const Scene& scene);

 private:
  void checkOptions() const;
  void waitForRuns(const QString& what);

  std::unique_ptr<MainWindow> owned_;
  MainWindow* window_;
  Scene scene_;
  std::vector<int> panes_;
  SceneRenderOptions options_;
};

}  // namespace seqscope
