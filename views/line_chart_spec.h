#pragma once
// A line chart described as plain data: title, two axes (title, linear or log, optional fixed
// range), named series of (x, y) points. MeterCharts and ScalingChart fill it from traces and
// bench results; `seqscope chart` reads it from JSON (format in the README); LineChart turns
// it into a Qt Charts chart or a PNG. Keeping it data means tests check what a chart will
// show (point counts, ranges, units in titles) without painting anything.
#include <QList>
#include <QPointF>
#include <QString>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

namespace seqscope {

struct LineChartAxis {
  QString title;  // with its unit, e.g. "time per step (ms)"
  bool log = false;
  double logBase = 10;
  bool includeZero = false;   // linear axes: stretch the range to 0
  std::optional<double> min;  // fixed range ends; otherwise taken from the data
  std::optional<double> max;
};

struct LineChartSeries {
  QString name;
  // A point with a non-finite y (NaN) is a missing measurement: the line breaks there rather
  // than drawing a segment nobody measured.
  QList<QPointF> points;
  int colorIndex = -1;      // ChartStyle::runColor index; -1 = the series' position
  bool showPoints = false;  // a marker on every point (few points, e.g. bench lengths)
  bool dashed = false;
  std::optional<QPointF> marker;  // one highlighted point: where the current frame is
};

struct LineChartSpec {
  QString title;
  QString note;  // a smaller line under the title (what is missing and why)
  LineChartAxis x, y;
  std::vector<LineChartSeries> series;
  std::optional<double> cursorX;  // a vertical line across the plot (the current frame)
  // The chart's own legend. Off where several charts share one legend row (the meters): four
  // small legends would each cut the names short.
  bool legend = true;

  // Reads the JSON format of `seqscope chart` (README, "Chart spec"). Throws Error naming
  // the key or the series and point that is wrong, e.g. a non-positive value on a log axis.
  static LineChartSpec fromJson(const nlohmann::json& j);
  nlohmann::json toJson() const;

  // The range the axis will show: fixed ends where given, otherwise the finite data (and
  // markers, and the cursor for x) rounded out to nice ticks or whole powers of the log base.
  struct Range {
    double lo = 0, hi = 1;
    int tickCount = 2;
  };
  Range xRange() const;
  Range yRange() const;
  int pointCount(int seriesIndex) const {
    return int(series.at(std::size_t(seriesIndex)).points.size());
  }
};

}  // namespace seqscope
