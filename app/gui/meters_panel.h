#pragma once
// The meters dock: what every pane's run measured (time per step, tokens/s, bytes held) and
// the cost model's cumulative FLOPs, up to the transport's frame, as Qt Charts (MeterCharts).
// One colour per pane, the same as the pane's header stripe.
#include <QWidget>
#include <vector>

#include "views/meter_chart_specs.h"

namespace seqscope {

class MeterCharts;

class MetersPanel : public QWidget {
  Q_OBJECT

 public:
  explicit MetersPanel(QWidget* parent = nullptr);

  void setRuns(std::vector<MeterSeries> runs);
  void setCurrentFrame(int frame);
  void setStyle(bool dark, double fontScale);
  void render(QPainter& painter, QSize size) const;
  MeterCharts* charts() const { return charts_; }

  QSize sizeHint() const override { return {1200, 240}; }
  QSize minimumSizeHint() const override { return {320, 120}; }

 protected:
  void resizeEvent(QResizeEvent*) override;

 private:
  MeterCharts* charts_;
};

}  // namespace seqscope
