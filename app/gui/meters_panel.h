#pragma once
// The meters dock: what every pane's run measured (time per step, tokens/s, bytes held,
// cumulative FLOPs of the cost model) up to the transport's frame.
#include <QWidget>
#include <string>
#include <vector>

#include "core/trace/meter_sample.h"

class QLabel;

namespace seqscope {

struct PaneMeters {
  QString name;
  std::vector<MeterSample> samples;  // one per frame
};

class MetersPanel : public QWidget {
  Q_OBJECT

 public:
  explicit MetersPanel(QWidget* parent = nullptr);

  void setRuns(std::vector<PaneMeters> runs);
  void setCurrentFrame(int frame);
  void setFontScale(double scale);
  void render(QPainter& painter, QSize size) const;

  QSize sizeHint() const override { return {1200, 260}; }

 protected:
  void resizeEvent(QResizeEvent*) override;

 private:
  void refresh();

  std::vector<PaneMeters> runs_;
  int frame_ = 0;
  QWidget* charts_;
};

}  // namespace seqscope
