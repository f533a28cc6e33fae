// MainWindow's narration: the scene's current step in the band under the title, the pane it
// is about in the spotlight, autoplay pausing once at a step marked "pause", and Page Down /
// Page Up from step to step. (A part of main_window.cpp, kept apart to keep that file short.)
#include <QLabel>
#include <algorithm>

#include "app/gui/main_window.h"
#include "app/gui/pane.h"
#include "app/gui/playback.h"

namespace seqscope {

QString MainWindow::narrationText(int frame) const {
  const int i = scene_.stepAt(frame);
  if (i < 0) return {};
  const NarrationStep& s = scene_.steps[std::size_t(i)];
  QString text = tr("%1/%2  ").arg(i + 1).arg(scene_.steps.size());
  if (s.pane >= 0) text += tr("[pane %1] ").arg(s.pane + 1);
  return text + QString::fromStdString(s.text);
}

void MainWindow::showNarration(int frame) {
  narrationLabel_->setVisible(!scene_.steps.empty());
  narrationLabel_->setText(narrationText(frame));
  const int i = scene_.stepAt(frame);
  const int pane = i >= 0 ? scene_.steps[std::size_t(i)].pane : -1;
  for (int k = 0; k < int(panes_.size()); ++k) panes_[std::size_t(k)]->setSpotlight(k == pane);
  // Autoplay stops once on a step marked "pause", the frame it starts at; playing again goes
  // on. Stepping or seeking onto it does not count (the presenter is already in control).
  if (i >= 0 && scene_.steps[std::size_t(i)].pause && scene_.steps[std::size_t(i)].frame == frame &&
      playback_->isPlaying() && pausedAtStep_ != i) {
    pausedAtStep_ = i;
    playback_->pause();
  }
  if (i < 0 || frame < scene_.steps[std::size_t(std::max(0, pausedAtStep_))].frame) pausedAtStep_ = -1;
}

void MainWindow::seekNarrationStep(int direction) {
  if (scene_.steps.empty()) return;
  const int current = scene_.stepAt(playback_->frame());
  const int target = std::clamp(current + direction, 0, int(scene_.steps.size()) - 1);
  playback_->pause();
  playback_->seek(scene_.steps[std::size_t(target)].frame);
}

}  // namespace seqscope
