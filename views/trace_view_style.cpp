#include "views/trace_view_style.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

#include "views/color_map.h"

namespace seqscope {

TraceViewStyle::TraceViewStyle(const QPalette& palette)
    : background_(palette.color(QPalette::Window)), text_(palette.color(QPalette::WindowText)) {}

QColor TraceViewStyle::mix(const QColor& a, const QColor& b, double t) {
  auto lerp = [t](int x, int y) { return int(std::lround(x + (y - x) * t)); };
  return QColor(lerp(a.red(), b.red()), lerp(a.green(), b.green()), lerp(a.blue(), b.blue()));
}

QColor TraceViewStyle::textOn(const QColor& fill) {
  // L* 55 splits viridis where white-on-colour and black-on-colour read equally well.
  return ColorMap::lightness(fill.rgb()) > 55 ? QColor(0x10, 0x10, 0x10) : QColor(Qt::white);
}

void TraceViewStyle::drawMaskedFill(QPainter& p, const QRectF& rect) {
  p.save();
  p.fillRect(rect, maskedFill());
  // Hatch lines about a fifth of the cell apart, clipped to the cell: readable at any size.
  const double step = std::max(4.0, std::min(rect.width(), rect.height()) / 5);
  p.setClipRect(rect, Qt::IntersectClip);
  p.setPen(QPen(maskedHatch(), std::max(1.0, step / 5)));
  for (double d = -rect.height(); d < rect.width(); d += step)
    p.drawLine(QPointF(rect.left() + d, rect.bottom()),
               QPointF(rect.left() + d + rect.height(), rect.top()));
  p.restore();
}

double TraceViewStyle::drawHorizontalColorBar(QPainter& p, const QRectF& bar, const ColorMap& map,
                                              const QString& title) const {
  const QFontMetricsF fm(p.font());
  p.save();
  p.setPen(text_);
  const double titleW = fm.horizontalAdvance(title) + 8;
  p.drawText(
      QRectF(bar.left() - titleW, bar.top() - fm.height(), titleW, bar.height() + 2 * fm.height()),
      Qt::AlignLeft | Qt::AlignVCenter, title);
  QImage ramp(ColorMap::kSize, 1, QImage::Format_RGB32);
  for (int i = 0; i < ColorMap::kSize; ++i)
    ramp.setPixel(i, 0, map.rgbAt((i + 0.5) / ColorMap::kSize));
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  p.drawImage(bar, ramp);
  p.setPen(QPen(frame(), 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(bar.adjusted(-0.5, -0.5, 0.5, 0.5));
  p.setPen(text_);
  const double lh = fm.height();
  for (double v : {0.0, 0.5, 1.0}) {
    const double x = bar.left() + v * bar.width();
    const QString label = v == 0.5 ? QStringLiteral("0.5") : QString::number(int(v));
    const double w = fm.horizontalAdvance(label);
    p.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3));
    p.drawText(QRectF(x - w / 2 - 2, bar.bottom() + 3, w + 4, lh), Qt::AlignCenter, label);
  }
  p.restore();
  return titleW + bar.width();
}

double TraceViewStyle::drawLegendEntry(QPainter& p, QPointF topLeft, double height, Swatch swatch,
                                       const QString& label) const {
  const QFontMetricsF fm(p.font());
  const double s = std::round(height);
  const QRectF box(std::round(topLeft.x()), std::round(topLeft.y()), s, s);
  p.save();
  switch (swatch) {
    case Swatch::Context:
      p.fillRect(box, contextFill());
      p.setPen(QPen(frame(), 1));
      p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
      break;
    case Swatch::Masked:
      drawMaskedFill(p, box);
      break;
    case Swatch::Changed:
      p.fillRect(box, ColorMap::viridis().rgbAt(0.5));
      p.setPen(QPen(changedOutline(), std::max(2.0, s / 7), Qt::SolidLine, Qt::SquareCap,
                    Qt::MiterJoin));
      p.drawRect(box.adjusted(s / 14 + 0.5, s / 14 + 0.5, -s / 14 - 0.5, -s / 14 - 0.5));
      break;
    case Swatch::Wrong: {
      p.fillRect(box, contextFill());
      const double c = s * 0.45;
      p.setPen(Qt::NoPen);
      p.setBrush(wrongMark());
      p.drawPolygon(QPolygonF(
          {box.topRight(), box.topRight() - QPointF(c, 0), box.topRight() + QPointF(0, c)}));
      p.setPen(QPen(frame(), 1));
      p.setBrush(Qt::NoBrush);
      p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
      break;
    }
  }
  p.setPen(text_);
  const double textW = fm.horizontalAdvance(label);
  p.drawText(
      QRectF(box.right() + s * 0.4, box.top() + s / 2 - fm.height() / 2, textW + 2, fm.height()),
      Qt::AlignLeft | Qt::AlignVCenter, label);
  p.restore();
  return s * 1.4 + textW;
}

}  // namespace seqscope
