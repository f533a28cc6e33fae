#include "app/gui/pane.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QStackedLayout>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>
#include <algorithm>
#include <cmath>

#include "app/gui/pane_caption.h"
#include "app/gui/formula_line.h"
#include "app/gui/pane_formula.h"
#include "app/gui/pane_settings.h"
#include "app/resource_paths.h"
#include "core/io/model_kind.h"
#include "core/scene/view_registry.h"
#include "views/chart_style.h"
#include "views/decode_heatmaps.h"

namespace seqscope {
namespace {

const char* const kOtherFolder = "Open model folder…";
constexpr double kMaxCaptionScale = 1.15;

}  // namespace

Pane::Pane(int index, QWidget* parent) : QFrame(parent), index_(index) {
  spec_.view = ViewRegistry::views().front().name;  // shown until setSpec
  setFrameShape(QFrame::StyledPanel);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->setSpacing(4);
  buildHeader();
  layout->addWidget(header_);
  // The pane's colour (the same as its curves in the meters dock) as a stripe by its caption.
  // A widget of its own, not a style-sheet border: QLabel's heightForWidth does not count a
  // style sheet's border and padding, and a wrapped caption would lose its last line.
  auto* captionRow = new QHBoxLayout;
  captionRow->setSpacing(6);
  auto* stripe = new QWidget(this);
  stripe->setFixedWidth(6);
  stripe->setAutoFillBackground(true);
  QPalette stripePalette = stripe->palette();
  stripePalette.setColor(QPalette::Window, ChartStyle::runColor(index_, false));
  stripe->setPalette(stripePalette);
  captionRow->addWidget(stripe);
  captionLabel_ = new QLabel(this);
  // Plain text: a rich-text label lays out a QTextDocument at every frame, 0.3 ms a pane
  // (bench: panes 5.2 -> 3.9 ms a frame at 1920x1080).
  captionLabel_->setTextFormat(Qt::PlainText);
  captionLabel_->setWordWrap(true);
  captionRow->addWidget(captionLabel_, 1);
  layout->addLayout(captionRow);
  // The rule behind the picture (rich text: sub- and superscripts), the shown step's term
  // highlighted; the glossary as its tooltip. View > Formulas hides it.
  formulaLabel_ = new FormulaLine(this);
  formulaLabel_->setToolTip(paneGlossary());
  captionLabel_->setToolTip(paneGlossary());
  layout->addWidget(formulaLabel_);
  viewHolder_ = new QWidget(this);
  viewLayout_ = new QStackedLayout(viewHolder_);
  layout->addWidget(viewHolder_, 1);
  rebuildView();
}

Pane::~Pane() = default;

void Pane::buildHeader() {
  header_ = new QWidget(this);
  // One row, every box allowed to shrink: the view gets the height, and four panes side by
  // side must fit a 1280 px screen. Settings that need more room are in the popup.
  auto* row = new QHBoxLayout(header_);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(4);
  modelBox_ = new QComboBox(header_);
  modelBox_->setToolTip(tr("The model this pane runs: a bundled model or a checkpoint folder"));
  viewBox_ = new QComboBox(header_);
  for (const ViewInfo& v : ViewRegistry::views())
    viewBox_->addItem(QString::fromStdString(v.title), QString::fromStdString(v.name));
  viewBox_->setToolTip(tr("What the pane shows"));
  layerBox_ = new QComboBox(header_);
  layerBox_->setToolTip(tr("Layer shown"));
  headBox_ = new QComboBox(header_);
  headBox_->setToolTip(tr("Head (or state matrix) shown"));
  // Explicit minimum widths: four panes side by side on a 1280 px projector leave ~300 px for
  // a header row. A box narrower than its text shortens it; its tooltip and the caption below
  // say it in full.
  const std::pair<QComboBox*, int> minimums[] = {{modelBox_, 80}, {viewBox_, 56}, {layerBox_, 48}, {headBox_, 40}};
  for (const auto& [box, width] : minimums) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(4);
    box->setMinimumWidth(width);
  }
  settings_ = new PaneSettings;
  settingsButton_ = new QToolButton(header_);
  settingsButton_->setText(QStringLiteral("\u2699"));
  settingsButton_->setToolTip(tr("This pane's input and run settings (steps, blocks, temperature…)"));
  settingsButton_->setPopupMode(QToolButton::InstantPopup);
  auto* menu = new QMenu(settingsButton_);
  auto* action = new QWidgetAction(menu);
  action->setDefaultWidget(settings_);
  menu->addAction(action);
  settingsButton_->setMenu(menu);
  row->addWidget(modelBox_, 4);
  row->addWidget(viewBox_, 3);
  row->addWidget(layerBox_, 3);
  row->addWidget(headBox_, 2);
  row->addWidget(settingsButton_);
  connect(settings_, &PaneSettings::edited, this, [this](const PaneSpec& edited) {
    // Only what the run takes re-runs it; the implicit-attention switch is a way of showing.
    PaneSpec shownOnly = spec_;
    shownOnly.implicitAttention = edited.implicitAttention;
    const bool needsRun = !(shownOnly == edited);
    spec_ = edited;
    emitEdit(needsRun);
  });

  connect(modelBox_, &QComboBox::activated, this, &Pane::onModelPicked);
  connect(viewBox_, &QComboBox::activated, this, [this] {
    const std::string view = viewBox_->currentData().toString().toStdString();
    if (view == spec_.view) return;
    // The view's run for this model (a generation view runs what the checkpoint was trained
    // for); a model the view cannot show gets the view's first run, which says so.
    std::string run = runForModel(view, QString::fromStdString(spec_.model));
    if (run.empty()) run = ViewRegistry::view(view).runs.front();
    const bool needsRun = run != spec_.run;
    spec_.view = view;
    spec_.run = run;
    rebuildView();
    if (!needsRun) view_->setTraces(traces_);
    emitEdit(needsRun);
  });
  connect(layerBox_, &QComboBox::activated, this, [this] {
    spec_.layer = layerBox_->currentData().toInt();
    fillLayerAndHeadBoxes();
    emitEdit(false);
  });
  connect(headBox_, &QComboBox::activated, this, [this] {
    spec_.head = headBox_->currentData().toInt();
    emitEdit(false);
  });
}

std::string Pane::runForModel(const std::string& view, const QString& model) {
  return ViewRegistry::runFor(view, modelKindOf(resolveModelDir(model).toStdString()));
}

void Pane::setSpec(const PaneSpec& spec) {
  const bool viewChanged = spec.view != spec_.view;
  spec_ = spec;
  if (viewChanged) rebuildView();
  view_->configure(spec_);
  syncControls();
  updateCaption();
}

void Pane::emitEdit(bool needsRun) {
  if (updatingControls_) return;
  // The scene's title described the pane as the scene set it up; after the user changed what
  // it runs or shows, the caption describes the pane from its spec (paneCaption).
  spec_.title.clear();
  view_->configure(spec_);
  syncControls();
  updateCaption();
  emit specEdited(index_, needsRun);
}

void Pane::onModelPicked(int comboIndex) {
  QString model = modelBox_->itemData(comboIndex).toString();
  if (model == QLatin1String(kOtherFolder)) {
    model = QFileDialog::getExistingDirectory(this, tr("Open a model folder"));
    if (model.isEmpty()) {
      syncControls();
      return;
    }
  }
  pickModel(model);
}

void Pane::pickModel(const QString& model) {
  if (model.toStdString() == spec_.model) return;
  spec_.model = model.toStdString();
  spec_.layer = 0;
  spec_.head = -1;
  // A view with several runs (generation) runs what the checkpoint was trained for.
  if (const std::string run = runForModel(spec_.view, model); !run.empty()) spec_.run = run;
  emitEdit(true);
}

void Pane::syncControls() {
  updatingControls_ = true;
  modelBox_->clear();
  const QString current = QString::fromStdString(spec_.model);
  // Only the models this view can show (a TRM for the refinement view, a language model for
  // the attention and state views...), plus the pane's own model in any case.
  QStringList names;
  for (const QString& name : bundledModels())
    if (viewCanRunModel(spec_.view, bundledModelPath(name))) names << name;
  if (!current.isEmpty() && !names.contains(current)) names << current;
  for (const QString& name : names) {
    modelBox_->addItem(name, name);
    modelBox_->setItemData(modelBox_->count() - 1, modelDescription(resolveModelDir(name)), Qt::ToolTipRole);
  }
  modelBox_->addItem(tr(kOtherFolder), QString::fromLatin1(kOtherFolder));
  modelBox_->setCurrentIndex(std::max(0, modelBox_->findData(current)));
  modelBox_->setToolTip(modelBox_->currentData(Qt::ToolTipRole).toString());
  viewBox_->setCurrentIndex(std::max(0, viewBox_->findData(QString::fromStdString(spec_.view))));
  settings_->setSpec(spec_);
  const unsigned controls = ViewRegistry::controls(spec_);
  layerBox_->setVisible(controls & kControlLayer);
  headBox_->setVisible(controls & kControlHead);
  updatingControls_ = false;
  fillLayerAndHeadBoxes();
}

void Pane::fillLayerAndHeadBoxes() {
  updatingControls_ = true;
  layerBox_->clear();
  headBox_->clear();
  const DecodeTrace* t = traces_.decode().get();
  if (t) {
    for (std::size_t l = 0; l < t->layerKinds.size(); ++l)
      layerBox_->addItem(tr("layer %1: %2").arg(l).arg(DecodeHeatmaps::mixerName(t->layerKinds[l])),
                         int(l));
    layerBox_->setCurrentIndex(std::max(0, layerBox_->findData(spec_.layer)));
    if (ViewRegistry::heads(spec_) == HeadChoice::AttentionHead) {
      headBox_->addItem(tr("mean of heads"), -1);
      if (t->attention && spec_.layer < int(t->attention->size())) {
        const auto& labels = (*t->attention)[std::size_t(spec_.layer)].labels;
        // Mamba has a map per channel (d_inner of them): list the first ones only.
        for (std::size_t h = 0; h < labels.size() && h < 64; ++h)
          headBox_->addItem(QString::fromStdString(labels[h]), int(h));
      }
    } else if (!t->frames.empty() && spec_.layer < int(t->frames.front()->layers.size())) {
      const auto& slices = t->frames.front()->layers[std::size_t(spec_.layer)].slices;
      for (std::size_t s = 0; s < slices.size(); ++s)
        headBox_->addItem(QString::fromStdString(slices[s].name), int(s));
    }
    int head = headBox_->findData(spec_.head);
    if (head < 0) head = headBox_->findData(std::max(0, spec_.head));
    headBox_->setCurrentIndex(std::max(0, head));
  }
  updatingControls_ = false;
}

void Pane::rebuildView() {
  if (view_) {
    viewLayout_->removeWidget(view_->widget());
    delete view_->widget();
  }
  view_ = PaneView::create(spec_.view, viewHolder_);
  viewLayout_->addWidget(view_->widget());
  view_->setFontScale(fontScale_);
  view_->configure(spec_);
  view_->setFrame(shownFrame_);
}

void Pane::setTraces(const PaneTrace& traces) {
  // The boxes list what the first snapshots reveal: the layers (known at once) and the
  // state matrices (known with the first frame).
  const bool refill = traces.decode() && (!traces_.decode() || traces_.decode()->frames.empty() ||
                                        layerBox_->count() == 0 || headBox_->count() == 0);
  traces_ = traces;
  error_.clear();
  view_->setTraces(traces_);
  if (refill) fillLayerAndHeadBoxes();
  setFrame(frame_);
  updateCaption();
}

void Pane::showError(const QString& message) {
  error_ = message;
  traces_ = {};
  view_->setTraces(traces_);
  view_->setPlaceholder(message);
  fillLayerAndHeadBoxes();
  updateCaption();
}

void Pane::setBusy(bool busy) {
  busy_ = busy;
  if (busy && traces_.frameCount() == 0 && error_.isEmpty()) view_->setPlaceholder(tr("running…"));
  updateCaption();
}

void Pane::setFrame(int frame) {
  frame_ = frame;
  const int count = traces_.frameCount();
  shownFrame_ = count == 0 ? 0 : std::clamp(frame, 0, count - 1);
  view_->setFrame(shownFrame_);
  updateCaption();
}

void Pane::setFontScale(double scale) {
  fontScale_ = scale;
  QFont f = QFont();
  // Captions grow less than the views: on a projector the visual is what the room reads.
  f.setPointSizeF(f.pointSizeF() * std::min(scale, kMaxCaptionScale));
  captionLabel_->setFont(f);
  formulaLabel_->setFont(f);
  view_->setFontScale(scale);
}

void Pane::setSpotlight(bool on) {
  if (spotlight_ == on) return;
  spotlight_ = on;
  setObjectName(QStringLiteral("pane"));
  setStyleSheet(on ? QStringLiteral("QFrame#pane { border: 3px solid #e0a800; }") : QString());
}

void Pane::setHeaderVisible(bool visible) {
  header_->setVisible(visible);
  updateCaption();
}

PaneCaption Pane::caption() const {
  // A presenting pane (no header) keeps its caption brief: the room is for the view. The
  // frame's story comes with the formulas (on tall screens, or U): on a 720-line projector
  // its line is the view's height.
  PaneCaption c = paneCaption(spec_, traces_, shownFrame_, busy_, error_, header_->isHidden());
  if (!formulasShown_) c.story.clear();
  return c;
}

void Pane::updateCaption() {
  captionLabel_->setText(caption().text());
  const QString formula = formulasShown_ ? paneFormula(spec_, traces_, shownFrame_) : QString();
  formulaLabel_->setHtml(formula);
  if (formulaLabel_->isHidden() != formula.isEmpty()) formulaLabel_->setVisible(!formula.isEmpty());
}

void Pane::setFormulasShown(bool on) {
  formulasShown_ = on;
  updateCaption();
}

void Pane::render(QPainter& p, QSize size) const {
  p.save();
  p.fillRect(QRect(QPoint(), size), palette().color(QPalette::Window));
  QFont f = captionLabel_->font();
  p.setFont(f);
  p.setPen(palette().color(QPalette::WindowText));
  // The caption as the window shows it: wrapped, never cut; at most a third of the pane.
  const QString text = caption().text();
  const QRect textArea(12, 0, std::max(1, size.width() - 18), size.height() / 3);
  const QRect used = p.boundingRect(textArea, Qt::AlignLeft | Qt::TextWordWrap, text);
  const int captionHeight = std::min(textArea.height(), used.height() + 6);
  p.fillRect(QRect(0, 2, 6, captionHeight - 4), ChartStyle::runColor(index_, false));
  p.drawText(QRect(12, 3, textArea.width(), captionHeight - 3), Qt::AlignLeft | Qt::TextWordWrap, text);
  p.translate(0, captionHeight);
  int formulaHeight = 0;
  if (formulasShown_ && !formulaLabel_->text().isEmpty()) {
    p.save();
    p.setClipRect(QRect(0, 0, size.width(), size.height() / 6));
    formulaHeight = std::min(size.height() / 6,
                             formulaLabel_->render(p, size.width(), f, palette().color(QPalette::WindowText)) + 2);
    p.restore();
    p.translate(0, formulaHeight);
  }
  view_->render(p, QSize(size.width(), std::max(1, size.height() - captionHeight - formulaHeight)));
  p.restore();
}

}  // namespace seqscope
