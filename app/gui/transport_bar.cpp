#include "app/gui/transport_bar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QEvent>
#include <QPainter>
#include <QToolButton>

#include "app/gui/playback.h"

namespace seqscope {
namespace {

// The style's media icons are drawn dark; recolour them with the palette's button text so they
// stay visible on the dark palette too.
QIcon tinted(const QIcon& icon, const QColor& color) {
  QPixmap pixmap = icon.pixmap(64, 64);
  QPainter p(&pixmap);
  p.setCompositionMode(QPainter::CompositionMode_SourceIn);
  p.fillRect(pixmap.rect(), color);
  return QIcon(pixmap);
}

}  // namespace

TransportBar::TransportBar(Playback* playback, QWidget* parent)
    : QWidget(parent), playback_(playback) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(6, 2, 6, 2);
  auto button = [this, row](QStyle::StandardPixmap icon, const QString& tip) {
    auto* b = new QToolButton(this);
    b->setProperty("standardIcon", int(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    row->addWidget(b);
    return b;
  };
  start_ = button(QStyle::SP_MediaSkipBackward, tr("First frame (Home)"));
  back_ = button(QStyle::SP_MediaSeekBackward, tr("Step back (Left)"));
  play_ = button(QStyle::SP_MediaPlay, tr("Play / pause (Space)"));
  forward_ = button(QStyle::SP_MediaSeekForward, tr("Step forward (Right)"));
  end_ = button(QStyle::SP_MediaSkipForward, tr("Last frame (End)"));
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setToolTip(tr("Scrub: every pane shows this frame"));
  row->addWidget(slider_, 1);
  frameLabel_ = new QLabel(this);
  frameLabel_->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("frame 0000 / 0000")));
  row->addWidget(frameLabel_);
  speedBox_ = new QComboBox(this);
  speedBox_->setToolTip(tr("Playback speed"));
  for (double s : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0})
    speedBox_->addItem(QStringLiteral("%1×").arg(s), s);
  speedBox_->setCurrentIndex(2);
  row->addWidget(speedBox_);

  connect(start_, &QToolButton::clicked, playback_, &Playback::toStart);
  connect(back_, &QToolButton::clicked, playback_, &Playback::stepBack);
  connect(play_, &QToolButton::clicked, playback_, &Playback::togglePlay);
  connect(forward_, &QToolButton::clicked, playback_, &Playback::stepForward);
  connect(end_, &QToolButton::clicked, playback_, &Playback::toEnd);
  connect(slider_, &QSlider::valueChanged, playback_, &Playback::seek);
  connect(speedBox_, &QComboBox::activated, this,
          [this] { playback_->setSpeed(speedBox_->currentData().toReal()); });
  connect(playback_, &Playback::frameChanged, this, &TransportBar::sync);
  connect(playback_, &Playback::rangeChanged, this, &TransportBar::sync);
  connect(playback_, &Playback::playingChanged, this, &TransportBar::sync);
  sync();
}

void TransportBar::setFontScale(double scale) {
  QFont f;
  f.setPointSizeF(f.pointSizeF() * scale);
  frameLabel_->setFont(f);
  speedBox_->setFont(f);
  const int icon = int(16 * scale);
  for (auto* b : {start_, back_, play_, forward_, end_}) b->setIconSize(QSize(icon, icon));
}

void TransportBar::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) sync();
  QWidget::changeEvent(event);
}

void TransportBar::sync() {
  const QSignalBlocker block(slider_);
  slider_->setRange(0, playback_->lastFrame());
  slider_->setValue(playback_->frame());
  play_->setProperty("standardIcon", int(playback_->isPlaying() ? QStyle::SP_MediaPause
                                                                 : QStyle::SP_MediaPlay));
  const QColor color = palette().color(QPalette::ButtonText);
  for (QToolButton* b : {start_, back_, play_, forward_, end_})
    b->setIcon(tinted(style()->standardIcon(QStyle::StandardPixmap(b->property("standardIcon").toInt())),
                      color));
  frameLabel_->setText(playback_->frameCount() == 0
                           ? tr("no frames")
                           : tr("frame %1 / %2").arg(playback_->frame() + 1).arg(playback_->frameCount()));
}

}  // namespace seqscope
