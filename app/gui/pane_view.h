#pragma once
// What a pane needs of the view it shows, whatever the view: take the run's traces, show a
// frame, paint itself at any size (export, screenshots), scale its type (presentation
// mode). One adapter per view class of views/ (pane_views.cpp), so Pane stays generic.
#include <QPainter>
#include <QString>
#include <QWidget>
#include <memory>

#include "core/run/pane_run.h"
#include "core/scene/scene.h"

namespace seqscope {

class PaneView {
 public:
  virtual ~PaneView() = default;
  virtual QWidget* widget() = 0;
  // The spec's view options (layer, head, implicit attention).
  virtual void configure(const PaneSpec& spec) = 0;
  virtual void setTraces(const PaneTraces& traces) = 0;
  virtual void setFrame(int frame) = 0;
  virtual void setPlaceholder(const QString& text) = 0;
  virtual void setFontScale(double scale) = 0;
  virtual void render(QPainter& painter, QSize size) const = 0;

  // The adapter for a scene view name ("attention", "state", "diffusion", "refinement").
  static std::unique_ptr<PaneView> create(const std::string& view, QWidget* parent);
};

}  // namespace seqscope
