#pragma once
// The transport's state: which frame every pane shows, whether it plays, and how fast. One
// Playback drives all panes, so they can never drift apart: each pane shows
// min(frame, its last frame). Plain logic on a QTimer, tested without widgets.
#include <QObject>
#include <QTimer>

namespace seqscope {

class Playback : public QObject {
  Q_OBJECT

 public:
  explicit Playback(QObject* parent = nullptr);

  int frame() const { return frame_; }
  int frameCount() const { return count_; }
  int lastFrame() const { return count_ > 0 ? count_ - 1 : 0; }
  bool isPlaying() const { return playing_; }
  double framesPerSecond() const { return fps_; }
  double speed() const { return speed_; }
  // True while a run may still add frames: playing waits at the last frame instead of stopping.

 public slots:
  void setFrameCount(int count, bool growing);
  void setFramesPerSecond(double fps);
  void setSpeed(double multiplier);
  void play();
  void pause();
  void togglePlay();
  void stepForward();
  void stepBack();
  void seek(int frame);  // clamped
  void toStart() { seek(0); }
  void toEnd() { seek(lastFrame()); }

 signals:
  void frameChanged(int frame);
  void playingChanged(bool playing);
  void rangeChanged(int frameCount);
  // Playing reached the last frame of a finished run.
  void reachedEnd();

 private:
  void tick();
  void updateInterval();

  QTimer timer_;
  int frame_ = 0;
  int count_ = 0;
  bool playing_ = false;
  bool growing_ = false;
  double fps_ = 4;
  double speed_ = 1;
};

}  // namespace seqscope
