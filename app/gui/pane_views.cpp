// The PaneView adapters of the views in views/.
#include <QLabel>

#include "app/gui/pane_view.h"
#include "views/attention_map_view.h"
#include "views/diffusion_view.h"
#include "views/heatmap_view.h"
#include "views/refinement_view.h"
#include "views/state_evolution_view.h"

namespace seqscope {
namespace {

VisualLayout heatmapLayout(const HeatmapView& view, QSize size) {
  if (view.data().rows() == 0 || view.data().cols() == 0) return {};
  const HeatmapGeometry g = view.geometryFor(size);
  return {g.matrixRect(), std::min(g.cellWidth(), g.cellHeight()), g.rows(), g.cols(),
          g.matrixRect().bottom() <= size.height() + 0.5 && g.matrixRect().right() <= size.width() + 0.5};
}

VisualLayout visualLayout(const DiffusionGeometry& g) {
  return {g.gridRect(), std::min(g.slotWidth(), g.slotHeight()), g.rows(), g.columns(), g.fits()};
}

VisualLayout visualLayout(const RefinementGeometry& g) {
  return {g.gridRect(), g.cellSize(), g.rows(), g.cols(), true};
}

class AttentionAdapter : public PaneView {
 public:
  explicit AttentionAdapter(QWidget* parent) : view_(new AttentionMapView(parent)) {}
  QWidget* widget() override { return view_; }
  void configure(const PaneSpec& spec) override {
    view_->setLayer(spec.layer);
    view_->setHead(spec.head);
  }
  void setTraces(const PaneTraces& t) override { view_->setTrace(t.decode); }
  void setFrame(int frame) override { view_->setFrame(frame); }
  void setPlaceholder(const QString& text) override { view_->setPlaceholder(text); }
  void setFontScale(double scale) override { view_->setFontScale(scale); }
  void render(QPainter& p, QSize size) const override { view_->render(p, size); }
  VisualLayout layoutFor(QSize size) const override { return heatmapLayout(*view_->heatmap(), size); }

 private:
  AttentionMapView* view_;
};

class StateAdapter : public PaneView {
 public:
  explicit StateAdapter(QWidget* parent) : view_(new StateEvolutionView(parent)) {}
  QWidget* widget() override { return view_; }
  void configure(const PaneSpec& spec) override {
    view_->setLayer(spec.layer);
    view_->setSlice(std::max(0, spec.head));
    view_->setShowImplicitAttention(spec.implicitAttention);
  }
  void setTraces(const PaneTraces& t) override { view_->setTrace(t.decode); }
  void setFrame(int frame) override { view_->setFrame(frame); }
  void setPlaceholder(const QString& text) override { view_->setPlaceholder(text); }
  void setFontScale(double scale) override { view_->setFontScale(scale); }
  void render(QPainter& p, QSize size) const override { view_->render(p, size); }
  VisualLayout layoutFor(QSize size) const override {
    // The state matrix takes the first part of the split, the norm plot the rest.
    const QRect matrix = StateEvolutionView::split(size, view_->fontScale()).first;
    VisualLayout l = heatmapLayout(*view_->heatmap(), matrix.size());
    l.visual.translate(matrix.topLeft());
    return l;
  }

 private:
  StateEvolutionView* view_;
};

// The generation (diffusion or AR) and TRM refinement views share one shape of adapter.
template <typename View, auto member>
class TraceAdapter : public PaneView {
 public:
  explicit TraceAdapter(QWidget* parent) : view_(new View(parent)) {}
  QWidget* widget() override { return view_; }
  void configure(const PaneSpec&) override {}
  void setTraces(const PaneTraces& t) override {
    if (t.*member) view_->setTrace(t.*member);
    else view_->setTrace(nullptr);
  }
  void setFrame(int frame) override { view_->setFrame(frame); }
  void setPlaceholder(const QString& text) override {
    view_->setTrace(nullptr);
    view_->setPlaceholder(text);
  }
  void setFontScale(double scale) override { view_->setFontScale(scale); }
  void render(QPainter& p, QSize size) const override { view_->render(p, size); }
  VisualLayout layoutFor(QSize size) const override {
    if (view_->frameCount() == 0) return {};
    return visualLayout(view_->geometryFor(size));
  }

 private:
  View* view_;
};

// Until a view exists for a run, the pane says so instead of drawing nothing.
class MessageAdapter : public PaneView {
 public:
  MessageAdapter(QWidget* parent, QString text) : label_(new QLabel(text, parent)) {
    label_->setAlignment(Qt::AlignCenter);
    label_->setWordWrap(true);
  }
  QWidget* widget() override { return label_; }
  void configure(const PaneSpec&) override {}
  void setTraces(const PaneTraces&) override {}
  void setFrame(int) override {}
  void setPlaceholder(const QString& text) override { label_->setText(text); }
  void setFontScale(double) override {}
  VisualLayout layoutFor(QSize) const override { return {}; }
  void render(QPainter& p, QSize size) const override {
    p.fillRect(QRect(QPoint(), size), label_->palette().color(QPalette::Window));
    p.drawText(QRect(QPoint(), size), Qt::AlignCenter | Qt::TextWordWrap, label_->text());
  }

 private:
  QLabel* label_;
};

}  // namespace

std::unique_ptr<PaneView> PaneView::create(const std::string& view, QWidget* parent) {
  if (view == "attention") return std::make_unique<AttentionAdapter>(parent);
  if (view == "state") return std::make_unique<StateAdapter>(parent);
  if (view == "diffusion")
    return std::make_unique<TraceAdapter<DiffusionView, &PaneTraces::generation>>(parent);
  if (view == "refinement")
    return std::make_unique<TraceAdapter<RefinementView, &PaneTraces::refinement>>(parent);
  return std::make_unique<MessageAdapter>(
      parent, QObject::tr("the %1 view is not available yet").arg(QString::fromStdString(view)));
}

}  // namespace seqscope
