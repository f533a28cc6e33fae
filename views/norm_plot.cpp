#include "views/norm_plot.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include "views/color_map.h"

namespace seqscope {

NormPlot::NormPlot(QWidget* parent) : QWidget(parent) {}

void NormPlot::setSeries(std::vector<std::vector<float>> norms, std::vector<QString> names,
                         int frames) {
  norms_ = std::move(norms);
  names_ = std::move(names);
  frames_ = std::max(1, frames);
  update();
}

void NormPlot::setSelected(int slice) {
  selected_ = slice;
  update();
}

void NormPlot::setCurrentFrame(int frame) {
  current_ = frame;
  update();
}

void NormPlot::setFontScale(double scale) {
  fontScale_ = scale;
  update();
}

NormPlotGeometry NormPlot::geometryFor(QSize size) const {
  double top = 0;
  for (const auto& series : norms_)
    for (float v : series) top = std::max(top, double(v));
  // Margins from the type render() uses, so the tick labels never run into the plot.
  QFont f = font();
  f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.9 * fontScale_));
  const QFontMetricsF fm(f);
  const double left = fm.horizontalAdvance(QString::number(top * 1.05, 'g', 3)) + fm.averageCharWidth() * 2;
  return NormPlotGeometry(size, frames_, top * 1.05, std::max(24.0, left), fm.height() * 1.3,
                          fm.averageCharWidth() * 2, fm.height() * 1.4);
}

void NormPlot::render(QPainter& p, QSize size) const {
  p.save();
  const QColor text = palette().color(QPalette::WindowText);
  const QColor grid = palette().color(QPalette::Mid);
  p.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
  const NormPlotGeometry g = geometryFor(size);
  const QRectF r = g.plotRect();
  QFont font = this->font();  // as geometryFor() measures it
  font.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.9 * fontScale_));
  p.setFont(font);
  p.setRenderHint(QPainter::Antialiasing, true);

  p.setPen(text);
  // Labels are drawn whole or not at all: the longest title that fits, and the x axis's
  // title only where it clears the two tick labels.
  const QFontMetricsF fm(font);
  for (const QString& title : {QStringLiteral("norm ‖S‖ of each state matrix over time (red: the one shown above)"),
                               QStringLiteral("norm ‖S‖ of each state matrix (red: shown above)"),
                               QStringLiteral("‖S‖ per state matrix"), QStringLiteral("‖S‖")})
    if (fm.horizontalAdvance(title) <= size.width() - r.left()) {
      p.drawText(QRectF(r.left(), 0, size.width() - r.left(), r.top()), Qt::AlignLeft | Qt::AlignVCenter, title);
      break;
    }
  p.setPen(QPen(grid, 1));
  p.drawRect(r);
  p.setPen(text);
  const QString topLabel = QString::number(g.maxValue(), 'g', 3);
  p.drawText(QRectF(0, r.top() - 8, r.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter, topLabel);
  // The zero tick only where it clears the top one (a plot squeezed to a line's height keeps
  // its maximum, the number that says something).
  if (r.height() >= fm.height() * 1.6)
    p.drawText(QRectF(0, r.bottom() - 8, r.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
               QStringLiteral("0"));
  const QString last = QString::number(frames_ - 1);
  const QString axis = QStringLiteral("token position");
  const double ticksW = fm.horizontalAdvance(QStringLiteral("0")) + fm.horizontalAdvance(last);
  if (fm.horizontalAdvance(axis) + ticksW + 4 * fm.averageCharWidth() <= r.width())
    p.drawText(QRectF(r.left(), r.bottom() + 2, r.width(), size.height() - r.bottom() - 2),
               Qt::AlignHCenter | Qt::AlignTop, axis);
  p.drawText(QRectF(r.left(), r.bottom() + 2, r.width() / 2, fm.height()), Qt::AlignLeft | Qt::AlignTop,
             QStringLiteral("0"));
  p.drawText(QRectF(r.center().x(), r.bottom() + 2, r.width() / 2, fm.height()), Qt::AlignRight | Qt::AlignTop,
             last);

  // The other heads first, thin and grey, so the selected one is always on top.
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t s = 0; s < norms_.size(); ++s) {
      const bool selected = int(s) == selected_;
      if (selected != (pass == 1) || norms_[s].empty()) continue;
      QPainterPath path(QPointF(g.xOf(0), g.yOf(norms_[s][0])));
      for (std::size_t f = 1; f < norms_[s].size() && int(f) <= current_; ++f)
        path.lineTo(g.xOf(int(f)), g.yOf(norms_[s][f]));
      p.setPen(selected ? QPen(QColor(0xd6, 0x4b, 0x1f), 2.2 * fontScale_)
                        : QPen(QColor(0x90, 0x90, 0x90), 1));
      p.setBrush(Qt::NoBrush);
      p.drawPath(path);
    }
  }
  if (!norms_.empty()) {
    p.setPen(QPen(text, 1, Qt::DashLine));
    const double x = g.xOf(std::clamp(current_, 0, frames_ - 1));
    p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
  }
  p.restore();
}

void NormPlot::paintEvent(QPaintEvent*) {
  QPainter p(this);
  render(p, size());
}

}  // namespace seqscope
