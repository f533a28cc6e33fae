#pragma once
// The attention map of one layer of a DecodeTrace at frame k: softmax attention, or the
// implicit attention matrix of a linear-time mixer, per head or averaged over heads. Rows
// (queries) appear as the model reads the tokens; causal and sliding-window cells are
// masked; hovering names the two tokens and the weight (HeatmapView).
#include <QWidget>
#include <memory>

#include "core/trace/decode_trace.h"

namespace seqscope {

class HeatmapView;

class AttentionMapView : public QWidget {
  Q_OBJECT

 public:
  explicit AttentionMapView(QWidget* parent = nullptr);

  void setTrace(std::shared_ptr<const DecodeTrace> trace);
  void setLayer(int layer);
  void setHead(int head);  // -1: mean over heads
  void setFrame(int frame);
  void setFontScale(double scale);
  void setPlaceholder(const QString& text);

  int layer() const { return layer_; }
  int head() const { return head_; }
  int frame() const { return frame_; }
  HeatmapView* heatmap() const { return heatmap_; }

  void render(QPainter& painter, QSize size) const;

 protected:
  void resizeEvent(QResizeEvent*) override;

 private:
  void refresh();

  std::shared_ptr<const DecodeTrace> trace_;
  HeatmapView* heatmap_;
  int layer_ = 0, head_ = -1, frame_ = 0;
};

}  // namespace seqscope
