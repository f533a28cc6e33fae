#include "views/attention_map_view.h"

#include <QPainter>

#include "views/decode_heatmaps.h"
#include "views/heatmap_view.h"

namespace seqscope {

AttentionMapView::AttentionMapView(QWidget* parent)
    : QWidget(parent), heatmap_(new HeatmapView(this)) {
  heatmap_->setPlaceholder(tr("no attention map yet"));
}

void AttentionMapView::setTrace(std::shared_ptr<const DecodeTrace> trace) {
  trace_ = std::move(trace);
  refresh();
}

void AttentionMapView::setLayer(int layer) {
  layer_ = layer;
  refresh();
}

void AttentionMapView::setHead(int head) {
  head_ = head;
  refresh();
}

void AttentionMapView::setFrame(int frame) {
  if (frame == frame_) return;
  frame_ = frame;
  refresh();
}

void AttentionMapView::setFontScale(double scale) {
  QFont f = font();
  f.setPointSizeF(QFont().pointSizeF() * scale);
  heatmap_->setFont(f);
}

void AttentionMapView::setPlaceholder(const QString& text) {
  heatmap_->setData({});
  heatmap_->setPlaceholder(text);
}

void AttentionMapView::refresh() {
  if (!trace_) return;
  if (DecodeHeatmaps::headCount(*trace_, layer_) == 0) {
    heatmap_->setData({});
    heatmap_->setPlaceholder(trace_->attention ? tr("layer %1 has no attention map").arg(layer_)
                                               : tr("the sequence is too long for T x T maps"));
    return;
  }
  heatmap_->setPlaceholder({});
  heatmap_->setData(DecodeHeatmaps::attention(*trace_, layer_, head_, frame_));
}

void AttentionMapView::render(QPainter& painter, QSize size) const {
  heatmap_->render(painter, size);
}

void AttentionMapView::resizeEvent(QResizeEvent*) { heatmap_->setGeometry(rect()); }

}  // namespace seqscope
