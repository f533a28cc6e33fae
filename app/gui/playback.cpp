#include "app/gui/playback.h"

#include <algorithm>
#include <cmath>

namespace seqscope {

Playback::Playback(QObject* parent) : QObject(parent) {
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, &Playback::tick);
  updateInterval();
}

void Playback::setFrameCount(int count, bool growing) {
  count = std::max(0, count);
  growing_ = growing;
  if (count == count_) return;
  count_ = count;
  emit rangeChanged(count_);
  if (frame_ > lastFrame()) seek(lastFrame());
}

void Playback::setFramesPerSecond(double fps) {
  fps_ = std::clamp(fps, 0.1, 120.0);
  updateInterval();
}

void Playback::setSpeed(double multiplier) {
  speed_ = std::clamp(multiplier, 0.05, 64.0);
  updateInterval();
}

void Playback::updateInterval() {
  timer_.setInterval(std::max(1, int(std::lround(1000.0 / (fps_ * speed_)))));
}

void Playback::play() {
  if (playing_) return;
  // Playing from the end starts over, as every media player does.
  if (!growing_ && frame_ >= lastFrame() && count_ > 1) seek(0);
  playing_ = true;
  timer_.start();
  emit playingChanged(true);
}

void Playback::pause() {
  if (!playing_) return;
  playing_ = false;
  timer_.stop();
  emit playingChanged(false);
}

void Playback::togglePlay() { playing_ ? pause() : play(); }

void Playback::stepForward() { seek(frame_ + 1); }

void Playback::stepBack() { seek(frame_ - 1); }

void Playback::seek(int frame) {
  frame = std::clamp(frame, 0, lastFrame());
  if (frame == frame_) return;
  frame_ = frame;
  emit frameChanged(frame_);
}

void Playback::tick() {
  if (frame_ < lastFrame()) {
    seek(frame_ + 1);
    return;
  }
  if (growing_) return;  // wait for the run's next frames
  pause();
  emit reachedEnd();
}

}  // namespace seqscope
