#include "app/gui/meters_panel.h"

#include <QLabel>
#include <QPainter>

#include "views/decode_heatmaps.h"

namespace seqscope {

MetersPanel::MetersPanel(QWidget* parent) : QWidget(parent) {
  auto* label = new QLabel(this);
  label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  label->setTextFormat(Qt::PlainText);
  charts_ = label;
}

void MetersPanel::setRuns(std::vector<PaneMeters> runs) {
  runs_ = std::move(runs);
  refresh();
}

void MetersPanel::setCurrentFrame(int frame) {
  frame_ = frame;
  refresh();
}

void MetersPanel::setFontScale(double scale) {
  QFont f;
  f.setPointSizeF(f.pointSizeF() * scale);
  charts_->setFont(f);
}

void MetersPanel::refresh() {
  QString text;
  for (const auto& run : runs_) {
    if (run.samples.empty()) continue;
    const auto& m = run.samples[std::size_t(std::clamp(frame_, 0, int(run.samples.size()) - 1))];
    text += QStringLiteral("%1: position %2, step %3 ms, %4 held, %5 GFLOP so far\n")
                .arg(run.name)
                .arg(m.position)
                .arg(m.stepSeconds * 1e3, 0, 'f', 3)
                .arg(DecodeHeatmaps::formatBytes(m.liveBytes))
                .arg(m.cumulativeFlops / 1e9, 0, 'f', 4);
  }
  static_cast<QLabel*>(charts_)->setText(text);
}

void MetersPanel::render(QPainter& p, QSize size) const {
  p.save();
  p.fillRect(QRect(QPoint(), size), palette().color(QPalette::Window));
  p.setFont(charts_->font());
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRect(QPoint(8, 8), size), Qt::AlignLeft | Qt::AlignTop,
             static_cast<QLabel*>(charts_)->text());
  p.restore();
}

void MetersPanel::resizeEvent(QResizeEvent*) { charts_->setGeometry(rect()); }

}  // namespace seqscope
