#pragma once
// One pane of the explorer's grid: a one-row header to pick the model, the view, the layer
// and the head, with a popup for the rest of the pane's settings (its input, implicit
// attention, steps, blocks, temperature, TRM steps); a caption saying what the pane shows and what was measured
// (paneCaption); and the view showing the pane's trace at the transport's frame. The pane owns no model: its runner (PaneRunner) computes on a worker.
#include <QFrame>
#include <memory>

#include "app/gui/pane_caption.h"
#include "app/gui/pane_view.h"
#include "core/run/pane_run.h"
#include "core/scene/scene.h"
#include "core/scene/view_registry.h"

class QComboBox;
class QLabel;
class QStackedLayout;
class QToolButton;

namespace seqscope {

class FormulaLine;

class Pane : public QFrame {
  Q_OBJECT

 public:
  explicit Pane(int index, QWidget* parent = nullptr);
  ~Pane() override;

  int index() const { return index_; }
  const PaneSpec& spec() const { return spec_; }
  void setSpec(const PaneSpec& spec);
  // What choosing a model in the header does (a bundled name or a folder): the run restarts.
  void pickModel(const QString& model);

  const PaneTrace& traces() const { return traces_; }
  void setTraces(const PaneTrace& traces);
  void showError(const QString& message);
  QString errorText() const { return error_; }
  void setBusy(bool busy);

  // The transport's frame; the pane shows min(frame, its last frame).
  void setFrame(int frame);
  int shownFrame() const { return shownFrame_; }
  void setFontScale(double scale);
  void setHeaderVisible(bool visible);
  // The pane the current narration step is about: a thick accent frame around it.
  void setSpotlight(bool on);
  // The formula line under the caption (View > Formulas).
  void setFormulasShown(bool on);
  bool formulasShown() const { return formulasShown_; }
  FormulaLine* formulaLabel() const { return formulaLabel_; }
  bool spotlight() const { return spotlight_; }

  // Caption and view at any size, as the window shows them (export, screenshots).
  void render(QPainter& painter, QSize size) const;
  PaneCaption caption() const;
  PaneView* view() const { return view_.get(); }

  // The run `view` does with `model` (a bundled name or a folder): ViewRegistry::runFor of
  // the model's kind; empty when the view cannot show it.
  static std::string runForModel(const std::string& view, const QString& model);

 signals:
  // The user changed the model or the view (the run must restart) or only how it is shown.
  void specEdited(int index, bool needsRun);

 private:
  void buildHeader();
  void rebuildView();
  void syncControls();
  void fillLayerAndHeadBoxes();
  void onModelPicked(int comboIndex);
  void emitEdit(bool needsRun);
  void updateCaption();

  int index_;
  PaneSpec spec_;
  PaneTrace traces_;
  QString error_;
  bool busy_ = false;
  int frame_ = 0, shownFrame_ = 0;
  double fontScale_ = 1.0;
  bool updatingControls_ = false;
  bool spotlight_ = false;
  bool formulasShown_ = true;

  QWidget* header_;
  QComboBox* modelBox_;
  QComboBox* viewBox_;
  QComboBox* layerBox_;
  QComboBox* headBox_;
  QToolButton* settingsButton_;
  class PaneSettings* settings_;
  QLabel* captionLabel_;
  FormulaLine* formulaLabel_;
  QWidget* viewHolder_;
  QStackedLayout* viewLayout_;
  std::unique_ptr<PaneView> view_;
};

}  // namespace seqscope
