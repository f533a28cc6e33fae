#include "views/state_evolution_view.h"

#include <QPainter>
#include <algorithm>

#include "views/decode_heatmaps.h"
#include "views/heatmap_view.h"
#include "views/mixer_notation.h"
#include "views/norm_plot.h"

namespace seqscope {

StateEvolutionView::StateEvolutionView(QWidget* parent)
    : QWidget(parent), heatmap_(new HeatmapView(this)), norms_(new NormPlot(this)) {
  heatmap_->setPlaceholder(tr("no state yet"));
}

void StateEvolutionView::setTrace(std::shared_ptr<const DecodeTrace> trace) {
  trace_ = std::move(trace);
  refresh();
}

void StateEvolutionView::setLayer(int layer) {
  layer_ = layer;
  refresh();
}

void StateEvolutionView::setSlice(int slice) {
  slice_ = slice;
  refresh();
}

void StateEvolutionView::setFrame(int frame) {
  if (frame == frame_) return;
  frame_ = frame;
  refresh();
}

void StateEvolutionView::setShowImplicitAttention(bool on) {
  implicit_ = on;
  refresh();
}

void StateEvolutionView::setFontScale(double scale) {
  fontScale_ = scale;
  QFont f = font();
  f.setPointSizeF(QFont().pointSizeF() * scale);
  heatmap_->setFont(f);
  norms_->setFontScale(scale);
  resizeEvent(nullptr);
}

void StateEvolutionView::setPlaceholder(const QString& text) {
  trace_.reset();
  heatmap_->setData({});
  heatmap_->setPlaceholder(text);
  norms_->setSeries({}, {}, 1);
}

std::pair<QRect, QRect> StateEvolutionView::split(QSize size, double fontScale) {
  // A quarter of the height for the norm plot, within bounds: the matrix is what people look
  // at, the plot a strip of context under it.
  const int plot = std::clamp(int(size.height() * 0.25), int(60 * fontScale), int(200 * fontScale));
  const int top = std::max(0, size.height() - plot);
  return {QRect(0, 0, size.width(), top), QRect(0, top, size.width(), size.height() - top)};
}

void StateEvolutionView::refresh() {
  if (!trace_) return;
  const int slices = DecodeHeatmaps::sliceCount(*trace_, layer_);
  if (implicit_) {
    heatmap_->setPlaceholder({});
    heatmap_->setData(DecodeHeatmaps::attention(*trace_, layer_, std::min(slice_, std::max(0, DecodeHeatmaps::headCount(*trace_, layer_) - 1)), frame_));
    if (DecodeHeatmaps::headCount(*trace_, layer_) == 0)
      heatmap_->setPlaceholder(tr("no implicit attention for this layer"));
  } else if (slices == 0) {
    heatmap_->setData({});
    heatmap_->setPlaceholder(trace_->frames.empty() ? tr("reading…")
                                                    : tr("this run keeps no states (too long)"));
  } else {
    heatmap_->setPlaceholder({});
    heatmap_->setSquareCells(!mixerNotation(trace_->layerKinds[std::size_t(layer_)]).growsWithTokens);
    heatmap_->setData(DecodeHeatmaps::state(*trace_, layer_, slice_, frame_));
  }
  // The norms over the frames computed so far of the slices of the same kind as the one shown
  // ("S head 0..3", not the convolution windows, whose scale is another).
  const int selected = std::clamp(slice_, 0, std::max(0, slices - 1));
  std::vector<int> sameKind;
  std::vector<QString> names;
  if (slices > 0) {
    const auto& first = trace_->frames.front()->layers[std::size_t(layer_)].slices;
    const QString kind = QString::fromStdString(first[std::size_t(selected)].name).section(' ', 0, 0);
    for (int s = 0; s < slices; ++s) {
      const QString name = QString::fromStdString(first[std::size_t(s)].name);
      if (name.section(' ', 0, 0) == kind) {
        sameKind.push_back(s);
        names.push_back(name);
      }
    }
  }
  std::vector<std::vector<float>> norms(sameKind.size());
  for (const auto& f : trace_->frames) {
    if (std::size_t(layer_) >= f->layers.size()) break;
    const auto& snap = f->layers[std::size_t(layer_)];
    for (std::size_t i = 0; i < sameKind.size(); ++i)
      if (std::size_t(sameKind[i]) < snap.norms.size()) norms[i].push_back(snap.norms[std::size_t(sameKind[i])]);
  }
  norms_->setSeries(std::move(norms), std::move(names), int(trace_->tokens.size()));
  norms_->setSelected(int(std::find(sameKind.begin(), sameKind.end(), selected) - sameKind.begin()));
  norms_->setCurrentFrame(frame_);
}

void StateEvolutionView::render(QPainter& painter, QSize size) const {
  const auto [top, bottom] = split(size, fontScale_);
  painter.save();
  heatmap_->render(painter, top.size());
  painter.translate(bottom.topLeft());
  norms_->render(painter, bottom.size());
  painter.restore();
}

void StateEvolutionView::resizeEvent(QResizeEvent*) {
  const auto [top, bottom] = split(size(), fontScale_);
  heatmap_->setGeometry(top);
  norms_->setGeometry(bottom);
}

}  // namespace seqscope
