#pragma once
// What a pane needs of the view it shows, whatever the view: take the run's traces, show a
// frame, paint itself at any size (export, screenshots), scale its type (presentation
// mode). One adapter per view class of views/ (pane_views.cpp), so Pane stays generic.
#include <QPainter>
#include <QRectF>
#include <QString>
#include <QWidget>
#include <memory>

#include "core/run/pane_run.h"
#include "core/scene/scene.h"

namespace seqscope {

// Where a view's main visual (token slots, heat map, puzzle grid) goes at a size, and how big
// its cells are: what "legible" means, checked by tests without reading pixels.
struct VisualLayout {
  QRectF visual;     // the main visual's bounding box, in the view's coordinates
  double cell = 0;   // the smaller side of one cell, token slot or grid square (pixels)
  int rows = 0, cols = 0;
  bool fits = true;  // every cell is inside the view (nothing cut off)
};

class PaneView {
 public:
  virtual ~PaneView() = default;
  virtual QWidget* widget() = 0;
  // The spec's view options (layer, head, implicit attention).
  virtual void configure(const PaneSpec& spec) = 0;
  virtual void setTraces(const PaneTrace& traces) = 0;
  virtual void setFrame(int frame) = 0;
  virtual void setPlaceholder(const QString& text) = 0;
  virtual void setFontScale(double scale) = 0;
  virtual void render(QPainter& painter, QSize size) const = 0;
  // The layout render() and the widget use at `size`; empty without a trace.
  virtual VisualLayout layoutFor(QSize size) const = 0;

  // The adapter of a view of ViewRegistry; throws Error for a view without one.
  static std::unique_ptr<PaneView> create(const std::string& view, QWidget* parent);
  static bool exists(const std::string& view);
};

}  // namespace seqscope
