#pragma once
// The meters dock: for up to four runs (panes) at once, one legend row naming them, then four
// Qt Charts side by side — time
// per step, tokens/s, live bytes of the KV cache or state against position, and cumulative
// FLOPs of the cost model against position (MeterChartSpecs says what each plots and why).
// setCurrentFrame() shows each run's samples up to that frame, so playing the trace grows the
// curves; a dashed cursor marks the frame and a dot each run's current sample.
//
// render(QPainter&, QSize) draws the same charts offscreen at any size (export, screenshots,
// tests) from the same specs the widget shows.
#include <QWidget>
#include <array>

#include "views/chart_style.h"
#include "views/line_chart.h"
#include "views/meter_chart_specs.h"

QT_BEGIN_NAMESPACE
class QChartView;
class QGridLayout;
class QLabel;
QT_END_NAMESPACE

namespace seqscope {

class MeterCharts : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMaxRuns = 4;

  explicit MeterCharts(QWidget* parent = nullptr);

  // Runs beyond kMaxRuns are ignored (the explorer has at most four panes). Keeps the frame.
  void setSeries(std::vector<MeterSeries> series);
  const std::vector<MeterSeries>& series() const { return series_; }
  void setCurrentFrame(int frame);
  int currentFrame() const { return frame_; }
  void setChartStyle(const ChartStyle& style);
  const ChartStyle& chartStyle() const { return style_; }

  // What the charts show now (the specs the widget and render() are built from).
  const std::vector<LineChartSpec>& specs() const { return specs_; }
  // The live Qt chart of one of MeterChartSpecs::Chart (tests count its points).
  const QChart* chart(int which) const;
  // How many points a run's curve in a chart has now.
  int shownPointCount(int which, int run) const;
  // How often the charts were rebuilt rather than updated in place (tests check that
  // stepping through frames does not rebuild).
  int rebuildCount() const { return rebuilds_; }
  // The names in the shared legend row above the charts, as shown (whole, in run order).
  QStringList legendNames() const;

  void render(QPainter& painter, QSize size) const;
  QImage renderToImage(QSize size) const;

  QSize sizeHint() const override { return {900, 560}; }
  QSize minimumSizeHint() const override { return {320, 240}; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void refresh(bool forceRebuild);
  void relayout();
  void updateLegend();
  QColor legendColor(std::size_t run) const;

  std::vector<MeterSeries> series_;
  int frame_ = MeterChartSpecs::kAllFrames;
  ChartStyle style_;
  std::vector<LineChartSpec> specs_;
  std::array<QChartView*, MeterChartSpecs::kChartCount> views_{};
  std::array<LineChart::Built, MeterChartSpecs::kChartCount> built_{};
  QGridLayout* grid_ = nullptr;
  QLabel* legend_ = nullptr;
  int columns_ = 0;
  int rebuilds_ = 0;
};

}  // namespace seqscope
