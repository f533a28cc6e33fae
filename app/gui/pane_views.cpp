// The PaneView adapters of the views in views/.
#include <map>

#include "app/gui/pane_view.h"
#include "core/error.h"
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
  void setTraces(const PaneTrace& t) override { view_->setTrace(t.decode()); }
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
  void setTraces(const PaneTrace& t) override { view_->setTrace(t.decode()); }
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
template <typename View, typename Trace>
class TraceAdapter : public PaneView {
 public:
  explicit TraceAdapter(QWidget* parent) : view_(new View(parent)) {}
  QWidget* widget() override { return view_; }
  void configure(const PaneSpec&) override {}
  void setTraces(const PaneTrace& t) override {
    view_->setTrace(t.get<Trace>());
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

}  // namespace

namespace {

template <typename Adapter>
std::unique_ptr<PaneView> make(QWidget* parent) {
  return std::make_unique<Adapter>(parent);
}

// The adapter of each view of ViewRegistry (a test checks that every registered view has one).
const std::map<std::string, std::unique_ptr<PaneView> (*)(QWidget*)>& adapters() {
  static const std::map<std::string, std::unique_ptr<PaneView> (*)(QWidget*)> m{
      {"attention", make<AttentionAdapter>},
      {"state", make<StateAdapter>},
      {"diffusion", make<TraceAdapter<DiffusionView, GenerationTrace>>},
      {"refinement", make<TraceAdapter<RefinementView, RefinementTrace>>},
  };
  return m;
}

}  // namespace

bool PaneView::exists(const std::string& view) { return adapters().count(view) > 0; }

std::unique_ptr<PaneView> PaneView::create(const std::string& view, QWidget* parent) {
  const auto it = adapters().find(view);
  // Scenes are validated against ViewRegistry; a view without an adapter is a programming error.
  if (it == adapters().end()) throw Error("no adapter for the view \"" + view + "\"");
  return it->second(parent);
}

}  // namespace seqscope
