#pragma once
// The recurrent state of one layer of a DecodeTrace as the model reads token after token:
// the selected head's state matrix (or KV cache) at frame k on a fixed colour scale, and
// under it the norm of every head's state over time. A toggle swaps the matrix for the
// layer's implicit attention, the same mixer seen as attention.
#include <QWidget>
#include <memory>

#include "core/trace/decode_trace.h"

namespace seqscope {

class HeatmapView;
class NormPlot;

class StateEvolutionView : public QWidget {
  Q_OBJECT

 public:
  explicit StateEvolutionView(QWidget* parent = nullptr);

  void setTrace(std::shared_ptr<const DecodeTrace> trace);
  void setLayer(int layer);
  void setSlice(int slice);  // which state matrix (head); clamped
  void setFrame(int frame);
  void setShowImplicitAttention(bool on);
  void setFontScale(double scale);
  void setPlaceholder(const QString& text);

  bool showsImplicitAttention() const { return implicit_; }
  double fontScale() const { return fontScale_; }
  HeatmapView* heatmap() const { return heatmap_; }
  NormPlot* normPlot() const { return norms_; }

  // Where the matrix and the norm plot go at a size (render() and the widget agree).
  static std::pair<QRect, QRect> split(QSize size, double fontScale = 1.0);
  void render(QPainter& painter, QSize size) const;

 protected:
  void resizeEvent(QResizeEvent*) override;

 private:
  void refresh();

  std::shared_ptr<const DecodeTrace> trace_;
  HeatmapView* heatmap_;
  NormPlot* norms_;
  int layer_ = 0, slice_ = 0, frame_ = 0;
  bool implicit_ = false;
  double fontScale_ = 1.0;
};

}  // namespace seqscope
