#pragma once
// Play, pause, step back and forward, jump to the ends, scrub and set the speed: the controls
// of the one Playback that drives every pane.
#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace seqscope {

class Playback;

class TransportBar : public QWidget {
  Q_OBJECT

 public:
  TransportBar(Playback* playback, QWidget* parent = nullptr);

  QSlider* slider() const { return slider_; }
  void setFontScale(double scale);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void sync();

  Playback* playback_;
  QToolButton *start_, *back_, *play_, *forward_, *end_;
  QSlider* slider_;
  QLabel* frameLabel_;
  QComboBox* speedBox_;
};

}  // namespace seqscope
