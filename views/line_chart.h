#pragma once
// Turns a LineChartSpec into a Qt Charts QChart, updates a built chart's points in place (the
// meters grow their curves every frame without rebuilding axes and legends), and renders
// charts offscreen into any painter.
//
// Offscreen rendering avoids a known pitfall: QChartView::render() on a view that was
// never shown draws a tiny, mis-laid chart, so each chart gets an explicit geometry inside a
// QGraphicsScene of its own and the scene is rendered. Needs a QApplication (offscreen works).
#include <QImage>
#include <QRectF>
#include <QSize>
#include <vector>

#include "views/chart_style.h"
#include "views/line_chart_spec.h"

QT_BEGIN_NAMESPACE
class QChart;
class QLineSeries;
class QScatterSeries;
class QAbstractAxis;
class QPainter;
QT_END_NAMESPACE

namespace seqscope {

class LineChart {
 public:
  // A chart built from a spec, with handles on what update() changes. The QChart is owned by
  // whoever takes it (a QChartView, or the caller, who deletes it).
  struct Built {
    QChart* chart = nullptr;
    std::vector<std::vector<QLineSeries*>> segments;  // per spec series: its unbroken runs
    std::vector<QScatterSeries*> markers;             // per spec series (may be null)
    QLineSeries* cursor = nullptr;
    QAbstractAxis* xAxis = nullptr;
    QAbstractAxis* yAxis = nullptr;
    LineChartSpec::Range xRange, yRange;
  };

  static Built build(const LineChartSpec& spec, const ChartStyle& style);
  // Replaces the points, markers and cursor of `built` with those of `spec`. Returns false
  // (changing nothing) when the spec's structure differs: another series count, a series
  // broken into a different number of pieces, markers or cursor appearing; then rebuild.
  // Axes are not touched: callers that animate fix the ranges in the spec (MeterCharts).
  static bool update(Built& built, const LineChartSpec& spec);

  // The unbroken runs of a series: points split at non-finite y (a missing measurement).
  static std::vector<QList<QPointF>> segments(const QList<QPointF>& points);

  // Draws each chart into its rectangle of `painter` (device pixels of the target).
  static void render(QPainter& painter, const std::vector<LineChartSpec>& specs,
                     const std::vector<QRectF>& rects, const ChartStyle& style);
  // Cells of a grid for `count` charts in `size`: the column count whose cells come closest
  // to a 16:10 shape, filled row by row, the last row's cells as wide as the others.
  static std::vector<QRectF> gridCells(QSize size, int count);
};

// One chart as an image of exactly `size` pixels (for PNGs: README charts, `seqscope chart`).
QImage renderLineChart(const LineChartSpec& spec, QSize size, const ChartStyle& style = {});

}  // namespace seqscope
