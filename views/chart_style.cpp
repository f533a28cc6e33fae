#include "views/chart_style.h"

#include <QAbstractAxis>
#include <QChart>
#include <QGraphicsLayout>
#include <QGuiApplication>
#include <QLegend>
#include <algorithm>
#include <array>
#include <cmath>

namespace seqscope {

QColor ChartStyle::runColor(int index, bool dark) {
  // Okabe & Ito (2008): blue, vermillion, bluish green, reddish purple, orange, sky blue,
  // yellow, grey. The light variant darkens yellow, which is unreadable on white; the dark one
  // lifts the deep blue and vermillion, which sink into a dark background.
  static constexpr std::array<QRgb, kRunColors> light{0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                                      0xE69F00, 0x56B4E9, 0x9A8700, 0x555555};
  static constexpr std::array<QRgb, kRunColors> darkish{0x4DA6E8, 0xFF7F3F, 0x2FD0A0, 0xE89AC8,
                                                        0xF2B83C, 0x9AD3F5, 0xF0E442, 0xBBBBBB};
  const int i = ((index % kRunColors) + kRunColors) % kRunColors;
  return QColor::fromRgb(dark ? darkish[i] : light[i]);
}

QColor ChartStyle::background() const {
  return dark_ ? QColor(0x1e, 0x1f, 0x22) : QColor(Qt::white);
}
QColor ChartStyle::text() const {
  return dark_ ? QColor(0xe6, 0xe6, 0xe6) : QColor(0x1a, 0x1a, 0x1a);
}
QColor ChartStyle::grid() const {
  return dark_ ? QColor(0x3a, 0x3c, 0x40) : QColor(0xe0, 0xe0, 0xe0);
}
QColor ChartStyle::axisLine() const {
  return dark_ ? QColor(0x90, 0x90, 0x90) : QColor(0x60, 0x60, 0x60);
}
QColor ChartStyle::cursor() const {
  return dark_ ? QColor(0xb0, 0xb0, 0xb0) : QColor(0x80, 0x80, 0x80);
}

QFont ChartStyle::font(double relative, bool bold) const {
  QFont f = QGuiApplication::font();
  const double base = f.pointSizeF() > 0 ? f.pointSizeF() : 10.0;
  f.setPointSizeF(base * fontScale_ * relative);
  f.setBold(bold);
  return f;
}

void ChartStyle::applyTo(QChart* chart) const {
  chart->setAnimationOptions(QChart::NoAnimation);  // a frame must show its own data at once
  chart->setBackgroundBrush(background());
  chart->setBackgroundPen(Qt::NoPen);
  chart->setBackgroundRoundness(0);
  chart->setPlotAreaBackgroundVisible(false);
  chart->setTitleBrush(text());
  chart->setTitleFont(font(1.2, true));
  const int margin = int(std::round(6 * fontScale_));
  chart->setMargins(QMargins(margin, margin, margin, margin));
  chart->layout()->setContentsMargins(0, 0, 0, 0);
  QLegend* legend = chart->legend();
  legend->setLabelColor(text());
  legend->setFont(font(0.95));
  legend->setAlignment(Qt::AlignTop);
}

void ChartStyle::applyTo(QAbstractAxis* axis) const {
  axis->setLabelsColor(text());
  axis->setLabelsFont(font(0.9));
  axis->setTitleBrush(text());
  axis->setTitleFont(font(0.95));
  axis->setGridLineColor(grid());
  axis->setMinorGridLineColor(dark_ ? grid().darker(130) : grid().lighter(108));
  axis->setLinePenColor(axisLine());
}

}  // namespace seqscope
