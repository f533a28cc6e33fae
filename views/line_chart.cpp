#include "views/line_chart.h"

#include <QChart>
#include <QGraphicsScene>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QScatterSeries>
#include <QValueAxis>
#include <cmath>
#include <memory>

namespace seqscope {
namespace {

QAbstractAxis* makeAxis(const LineChartAxis& spec, const LineChartSpec::Range& r,
                        const ChartStyle& style) {
  QAbstractAxis* axis = nullptr;
  if (spec.log) {
    auto* a = new QLogValueAxis;
    a->setBase(spec.logBase);
    a->setLabelFormat("%g");
    // Qt places log ticks at base^ceil(log(lo)); log10(0.1) = -0.99999... would drop the
    // bottom tick, so the range is widened by a hair to keep both end ticks.
    a->setRange(r.lo * (1 - 1e-9), r.hi * (1 + 1e-9));
    // Minor grid lines at 2..9 x 10^k make a base-10 log axis readable; other bases have
    // their ticks close enough together already.
    a->setMinorTickCount(spec.logBase == 10 && r.tickCount <= 5 ? 8 : 0);
    axis = a;
  } else {
    auto* a = new QValueAxis;
    a->setRange(r.lo, r.hi);
    a->setTickCount(r.tickCount);
    a->setLabelFormat("%g");
    axis = a;
  }
  axis->setTitleText(spec.title);
  style.applyTo(axis);
  return axis;
}

QString titleHtml(const LineChartSpec& spec, const ChartStyle& style) {
  if (spec.note.isEmpty()) return spec.title.toHtmlEscaped();
  // Centred as a block: with two lines, the title item is as wide as the longer one.
  // The chart title is rich text: the note goes in a smaller, normal-weight line under it.
  const int px = int(std::round(style.font(0.85).pointSizeF()));
  return QStringLiteral(
             "<div align=\"center\">%1<br><span style=\"font-weight:normal; "
             "font-size:%2pt\">%3</span></div>")
      .arg(spec.title.toHtmlEscaped())
      .arg(px)
      .arg(spec.note.toHtmlEscaped());
}

void hideFromLegend(QChart* chart, QAbstractSeries* series) {
  for (QLegendMarker* m : chart->legend()->markers(series)) m->setVisible(false);
}

QList<QPointF> cursorPoints(double x, const LineChartSpec::Range& y) {
  return {QPointF(x, y.lo), QPointF(x, y.hi)};
}

}  // namespace

std::vector<QList<QPointF>> LineChart::segments(const QList<QPointF>& points) {
  std::vector<QList<QPointF>> out;
  QList<QPointF> current;
  for (const QPointF& p : points) {
    if (std::isfinite(p.x()) && std::isfinite(p.y())) {
      current.append(p);
    } else if (!current.isEmpty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.isEmpty() || out.empty()) out.push_back(std::move(current));
  return out;
}

LineChart::Built LineChart::build(const LineChartSpec& spec, const ChartStyle& style) {
  Built b;
  b.chart = new QChart;
  style.applyTo(b.chart);
  b.chart->setTitle(titleHtml(spec, style));
  b.xRange = spec.xRange();
  b.yRange = spec.yRange();
  b.xAxis = makeAxis(spec.x, b.xRange, style);
  b.yAxis = makeAxis(spec.y, b.yRange, style);
  b.chart->addAxis(b.xAxis, Qt::AlignBottom);
  b.chart->addAxis(b.yAxis, Qt::AlignLeft);
  auto attach = [&](QAbstractSeries* s) {
    b.chart->addSeries(s);
    s->attachAxis(b.xAxis);
    s->attachAxis(b.yAxis);
  };
  const double width = style.lineWidth();
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const LineChartSeries& s = spec.series[i];
    const QColor color = style.runColor(s.colorIndex >= 0 ? s.colorIndex : int(i));
    QPen pen(color, width);
    pen.setStyle(s.dashed ? Qt::DashLine : Qt::SolidLine);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    std::vector<QLineSeries*> pieces;
    for (const QList<QPointF>& seg : segments(s.points)) {
      auto* line = new QLineSeries;
      line->setName(s.name);
      line->setPen(pen);
      line->setColor(color);
      // A piece of one point (a measurement between two gaps) has no line: show its marker.
      const bool points = s.showPoints || seg.size() == 1;
      line->setPointsVisible(points);
      if (points) line->setMarkerSize(width * 2.5);
      line->replace(seg);
      attach(line);
      // Only the first piece of a broken series appears in the legend.
      if (!pieces.empty() || s.name.isEmpty()) hideFromLegend(b.chart, line);
      pieces.push_back(line);
    }
    b.segments.push_back(std::move(pieces));
    QScatterSeries* marker = nullptr;
    if (s.marker) {
      marker = new QScatterSeries;
      marker->setMarkerShape(QScatterSeries::MarkerShapeCircle);
      marker->setMarkerSize(width * 5);
      marker->setColor(color);
      marker->setBorderColor(style.background());
      marker->append(*s.marker);
      attach(marker);
      hideFromLegend(b.chart, marker);
    }
    b.markers.push_back(marker);
  }
  if (spec.cursorX) {
    b.cursor = new QLineSeries;
    b.cursor->setPen(QPen(style.cursor(), std::max(1.0, width / 2), Qt::DashLine));
    b.cursor->replace(cursorPoints(*spec.cursorX, b.yRange));
    attach(b.cursor);
    hideFromLegend(b.chart, b.cursor);
  }
  int named = 0;
  for (const LineChartSeries& s : spec.series) named += s.name.isEmpty() ? 0 : 1;
  b.chart->legend()->setVisible(spec.legend && named > 0);
  return b;
}

bool LineChart::update(Built& b, const LineChartSpec& spec) {
  if (spec.series.size() != b.segments.size() || spec.cursorX.has_value() != (b.cursor != nullptr))
    return false;
  std::vector<std::vector<QList<QPointF>>> pieces;
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    pieces.push_back(segments(spec.series[i].points));
    if (pieces.back().size() != b.segments[i].size() ||
        spec.series[i].marker.has_value() != (b.markers[i] != nullptr))
      return false;
  }
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    for (std::size_t k = 0; k < pieces[i].size(); ++k) b.segments[i][k]->replace(pieces[i][k]);
    if (b.markers[i]) b.markers[i]->replace(QList<QPointF>{*spec.series[i].marker});
  }
  if (b.cursor) b.cursor->replace(cursorPoints(*spec.cursorX, b.yRange));
  return true;
}

void LineChart::render(QPainter& painter, const std::vector<LineChartSpec>& specs,
                       const std::vector<QRectF>& rects, const ChartStyle& style) {
  for (std::size_t i = 0; i < specs.size() && i < rects.size(); ++i) {
    const QRectF target = rects[i];
    if (target.width() < 2 || target.height() < 2) continue;
    QGraphicsScene scene;
    Built b = build(specs[i], style);
    scene.addItem(b.chart);  // the scene owns and deletes the chart
    b.chart->setGeometry(QRectF(QPointF(0, 0), target.size()));
    scene.setSceneRect(b.chart->geometry());
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(target, style.background());
    scene.render(&painter, target, b.chart->geometry(), Qt::IgnoreAspectRatio);
    painter.restore();
  }
}

std::vector<QRectF> LineChart::gridCells(QSize size, int count) {
  std::vector<QRectF> cells;
  if (count <= 0 || size.isEmpty()) return cells;
  int bestCols = 1;
  double bestScore = 1e300;
  for (int cols = 1; cols <= count; ++cols) {
    const int rows = (count + cols - 1) / cols;
    const double aspect = (double(size.width()) / cols) / (double(size.height()) / rows);
    // Distance from 16:10 in log space; empty cells in the last row count against a layout.
    const double score = std::abs(std::log(aspect / 1.6)) + 0.3 * (rows * cols - count);
    if (score < bestScore) {
      bestScore = score;
      bestCols = cols;
    }
  }
  const int rows = (count + bestCols - 1) / bestCols;
  const double w = double(size.width()) / bestCols, h = double(size.height()) / rows;
  for (int i = 0; i < count; ++i) cells.emplace_back((i % bestCols) * w, (i / bestCols) * h, w, h);
  return cells;
}

QImage renderLineChart(const LineChartSpec& spec, QSize size, const ChartStyle& style) {
  QImage image(size.expandedTo(QSize(1, 1)), QImage::Format_ARGB32_Premultiplied);
  image.fill(style.background());
  QPainter p(&image);
  LineChart::render(p, {spec}, {QRectF(QPointF(0, 0), QSizeF(size))}, style);
  p.end();
  return image;
}

}  // namespace seqscope
