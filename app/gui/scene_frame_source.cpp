#include "app/gui/scene_frame_source.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "app/gui/main_window.h"
#include "app/gui/pane.h"
#include "app/gui/playback.h"
#include "app/resource_paths.h"
#include "core/error.h"

namespace seqscope {

Scene SceneFrameSource::loadScene(const QString& path) {
  if (!QFileInfo(path).isFile()) throw Error(path.toStdString() + ": no such scene file");
  const Scene scene = Scene::load(path.toStdString());
  const QString sceneDir = QFileInfo(path).absolutePath();
  for (std::size_t i = 0; i < scene.panes.size(); ++i) {
    const QString model = QString::fromStdString(scene.panes[i].model);
    const QString dir = resolveModelDir(model, sceneDir);
    if (!QFileInfo(dir + "/config.json").isFile())
      throw Error(path.toStdString() + ": pane " + std::to_string(i + 1) + " needs model \"" +
                  model.toStdString() + "\", which is neither a bundled model (" +
                  bundledModels().join(", ").toStdString() + ") nor a model folder (" +
                  dir.toStdString() + " has no config.json)");
  }
  return scene;
}

int SceneFrameSource::naturalFps(const Scene& scene) {
  return std::max(1, int(std::lround(scene.framesPerSecond)));
}

SceneFrameSource::SceneFrameSource(const QString& scenePath, std::vector<int> panes,
                                   const SceneRenderOptions& options)
    : scene_(loadScene(scenePath)), panes_(std::move(panes)), options_(options) {
  checkOptions();
  // The window opens the scene and starts every pane's run on its workers.
  owned_ = std::make_unique<MainWindow>(scenePath);
  window_ = owned_.get();
  if (!window_->errorText().isEmpty())
    throw Error(scenePath.toStdString() + ": " + window_->errorText().toStdString());
  waitForRuns(scenePath);
}

SceneFrameSource::SceneFrameSource(MainWindow& window, std::vector<int> panes,
                                   const SceneRenderOptions& options)
    : window_(&window), scene_(window.currentScene()), panes_(std::move(panes)), options_(options) {
  checkOptions();
  if (window_->isRunning())
    throw Error("the panes are still running; export when every run has finished");
  waitForRuns(QString::fromStdString(scene_.title));
}

SceneFrameSource::~SceneFrameSource() {
  // renderScene leaves its font scale applied (rescaling costs a chart rebuild); a borrowed
  // window gets its own back.
  if (!owned_) window_->setRenderFontScale(1.0);
}

void SceneFrameSource::checkOptions() const {
  const int count = int(scene_.panes.size());
  for (int i : panes_)
    if (i < 0 || i >= count)
      throw Error("pane " + std::to_string(i + 1) + " is not in the scene, which has " +
                  std::to_string(count) + " pane(s)");
  const double scale = options_.fontScale;
  if (!(scale >= kMinRenderFontScale && scale <= kMaxRenderFontScale))
    throw Error("font scale " + QString::number(scale).toStdString() +
                " is out of range: " + QString::number(kMinRenderFontScale).toStdString() + " to " +
                QString::number(kMaxRenderFontScale).toStdString());
}

void SceneFrameSource::waitForRuns(const QString& what) {
  // The runs stream their snapshots to this (the GUI) thread as queued calls: process events
  // until every run ended, then once more for the last snapshots and the "finished" signals.
  while (window_->isRunning()) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  QCoreApplication::processEvents();
  const std::vector<Pane*>& panes = window_->panes();
  for (std::size_t i = 0; i < panes.size(); ++i) {
    const bool chosen =
        panes_.empty() || std::find(panes_.begin(), panes_.end(), int(i)) != panes_.end();
    if (chosen && !panes[i]->errorText().isEmpty())
      throw Error(what.toStdString() + ": pane " + std::to_string(i + 1) + " (" +
                  panes[i]->spec().model + ") failed: " + panes[i]->errorText().toStdString());
  }
}

int SceneFrameSource::frameCount() const {
  return frameCount(*window_, panes_);
}

int SceneFrameSource::frameCount(const MainWindow& window, const std::vector<int>& panes) {
  const std::vector<Pane*>& all = window.panes();
  int count = 0;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (panes.empty() || std::find(panes.begin(), panes.end(), int(i)) != panes.end())
      count = std::max(count, all[i]->traces().frameCount());
  return count;
}

QSize SceneFrameSource::layoutSize(QSize size) {
  const double s = layoutScale(size);
  return QSize(std::max(1, int(std::lround(size.width() / s))),
               std::max(1, int(std::lround(size.height() / s))));
}

double SceneFrameSource::layoutScale(QSize size) {
  const double s = std::min(size.width() / double(kLayoutSize.width()),
                            size.height() / double(kLayoutSize.height()));
  return std::clamp(s, kMinLayoutScale, kMaxLayoutScale);
}

QImage SceneFrameSource::renderFrame(int index, QSize size) {
  window_->playback()->seek(index);
  QImage image(size, QImage::Format_RGB32);
  image.fill(window_->palette().color(QPalette::Window));
  QPainter painter(&image);
  // Drawn like a screen of this pixel ratio: the layout of kLayoutSize, with text, lines and
  // cells scaled together.
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.scale(layoutScale(size), layoutScale(size));
  window_->renderScene(painter, layoutSize(size), panes_, options_);
  painter.end();
  return image;
}

}  // namespace seqscope
