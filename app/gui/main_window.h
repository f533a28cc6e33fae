#pragma once
// The explorer: a scene's 1-4 panes side by side on one input, a transport bar that drives
// every pane in sync, a meters dock, scene open/save, recent files, presentation mode and a
// light or dark palette. Models run on workers (one PaneRunner per pane); this class only
// arranges what they stream back.
#include <QElapsedTimer>
#include <QMainWindow>
#include <memory>
#include <optional>
#include <vector>

#include "app/gui/scene_render_options.h"
#include "core/scene/scene.h"

class QAction;
class QDockWidget;
class QGridLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;

namespace seqscope {

class MetersPanel;
class Pane;
class PaneRunner;
class Playback;
class TransportBar;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // path: a scene file or a model folder; the built-in default scene when empty.
  explicit MainWindow(const QString& path = {}, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads a scene; on failure shows the error in the window and keeps the current scene.
  bool openScene(const QString& path);
  void setScene(const Scene& scene, const QString& path = {});
  // A folder with config.json: one pane reading the default input.
  bool openModelFolder(const QString& dir);
  bool saveScene(const QString& path);
  // The scene as shown: the loaded scene with the panes' and the input's current state.
  Scene currentScene() const;

  void setInput(const QString& text);  // restarts every pane
  // View > Panes: keeps the first `count` panes, or repeats the last one, and restarts.
  void setPaneCount(int count);
  void stopRuns();
  void setPresentationMode(bool on);
  bool presentationMode() const { return presenting_; }
  void setDarkPalette(bool on);

  // For tests, export and screenshots.
  Playback* playback() const { return playback_; }
  const std::vector<Pane*>& panes() const { return panes_; }
  MetersPanel* meters() const { return meters_; }
  bool metersShown() const;
  // As View > Meters (M) does: the user's choice, over the screen's and the scene's.
  void setMetersShown(bool on);
  // As View > Formulas (U) does: the user's choice, over the screen's (off under 900 lines).
  void setFormulasShown(bool on);
  bool formulasWanted() const;
  QLabel* titleLabel() const { return titleLabel_; }
  QLabel* narrationLabel() const { return narrationLabel_; }
  // "2/5  [pane 3] text": the narration step shown at `frame`; empty without one.
  QString narrationText(int frame) const;
  // Page Down / Page Up: to the first frame of the next (+1) or previous (-1) step, paused.
  void seekNarrationStep(int direction);
  PaneRunner* runner(int pane) const { return runners_[std::size_t(pane)].get(); }
  QString errorText() const;
  bool isRunning() const;
  // Everything the window's central area and meters show, at any size. `panes`: the indices
  // of the panes to draw, in the scene's grid order; empty: all of them. `options`: the title
  // band, the meters, the font scale (which stays applied; see setRenderFontScale).
  SceneLayout renderScene(QPainter& painter, QSize size, const std::vector<int>& panes = {},
                          const SceneRenderOptions& options = {});
  // Multiplies the panes' and meters' text and view scale by `factor`, on top of the window's
  // own (presentation mode's), through the setters presentation mode uses. Set once for a
  // run of rendered frames (the meters rebuild their charts); 1 gives the window its own back.
  void setRenderFontScale(double factor);

 signals:
  // Every pane's run ended (finished, failed or cancelled).
  void runsFinished();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void buildShortcuts();
  void rebuildPanes();
  void startPane(int index);
  void onSpecEdited(int index, bool needsRun);
  void onFrame(int frame);
  void showNarration(int frame);
  void updateRange();
  void showError(const QString& message);
  void clearError();
  void addRecent(const QString& path);
  void refreshRecentMenu();
  QString sceneDir() const;
  // Whether the meters dock shows: the user's choice (M) if made, else the scene's, off in
  // presentation mode and on screens under 900 lines.
  bool metersWanted() const;
  void applyFormulas();
  static QString keyboardHelp();

  Scene scene_;
  QString scenePath_;
  bool presenting_ = false;
  bool dark_ = false;
  double renderFontScale_ = 1.0;  // see setRenderFontScale

  Playback* playback_;
  TransportBar* transport_;
  QLineEdit* input_;
  QLabel* titleLabel_;
  QLabel* descriptionLabel_;
  QLabel* narrationLabel_;
  int pausedAtStep_ = -1;  // the step autoplay last paused at (it pauses there once)
  QToolButton* aboutButton_;
  QAction* metersAction_;
  QAction* formulasAction_;
  std::optional<bool> metersChoice_;
  std::optional<bool> formulasChoice_;
  QLabel* errorLabel_;
  QWidget* inputRow_;
  QWidget* grid_;
  QGridLayout* gridLayout_;
  QDockWidget* metersDock_;
  MetersPanel* meters_;
  QMenu* recentMenu_;
  QAction* presentAction_;
  QAction* darkAction_;
  QElapsedTimer metersClock_;  // when the meters last got new series
  std::vector<Pane*> panes_;
  std::vector<std::unique_ptr<PaneRunner>> runners_;
};

}  // namespace seqscope
