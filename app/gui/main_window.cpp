#include "app/gui/main_window.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>
#include <algorithm>

#include "app/gui/analysis_runner.h"
#include "app/gui/result_heatmaps.h"
#include "app/resource_paths.h"
#include "views/heatmap_view.h"

namespace seqscope {
namespace {

QLabel* captionLabel() {
  auto* label = new QLabel;
  label->setWordWrap(true);
  label->setTextFormat(Qt::PlainText);
  label->setMinimumHeight(label->fontMetrics().height() * 3);
  label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  return label;
}

}  // namespace

MainWindow::MainWindow(const QString& modelDir, QWidget* parent)
    : QMainWindow(parent),
      runner_(new AnalysisRunner(this)),
      modelBox_(new QComboBox),
      prompt_(new QLineEdit),
      layerBox_(new QComboBox),
      headBox_(new QComboBox),
      sliceBox_(new QComboBox),
      errorLabel_(new QLabel),
      attentionView_(new HeatmapView),
      stateView_(new HeatmapView),
      attentionCaption_(captionLabel()),
      stateCaption_(captionLabel()),
      statusLabel_(new QLabel),
      meterLabel_(new QLabel),
      busyLabel_(new QLabel) {
  setWindowTitle(QStringLiteral("Seqscope"));

  // Models to choose from: the bundled ones, plus the one named on the command line.
  for (const QString& name : bundledModels()) modelBox_->addItem(name, bundledModelPath(name));
  const QString first =
      modelDir.isEmpty() ? bundledModelPath(QStringLiteral("demo-hybrid")) : modelDir;
  int index = modelBox_->findData(first);
  if (index < 0) {
    const QFileInfo info(first);
    modelBox_->addItem(info.fileName().isEmpty() ? first : info.fileName(), first);
    index = modelBox_->count() - 1;
  }
  modelBox_->setCurrentIndex(index);

  prompt_->setText(defaultPrompt());
  prompt_->setMaxLength(4 * 512);  // the analyzer reports anything longer than it shows
  prompt_->setClearButtonEnabled(true);
  prompt_->setToolTip(QStringLiteral(
      "The input, one character per token (for models without a character vocabulary: token "
      "ids such as \"1 2 3\"). The views update as you type."));

  errorLabel_->setWordWrap(true);
  errorLabel_->setTextFormat(Qt::PlainText);
  errorLabel_->setStyleSheet(QStringLiteral(
      "QLabel { color: #8b0000; background: #fde8e8; border: 1px solid #d9a0a0; padding: 6px; "
      "font-weight: bold; }"));
  errorLabel_->hide();

  attentionView_->setPlaceholder(QStringLiteral("Running the model\u2026"));
  stateView_->setPlaceholder(QStringLiteral("Running the model\u2026"));

  auto* leftHeader = new QWidget;
  auto* leftRow = new QHBoxLayout(leftHeader);
  leftRow->setContentsMargins(0, 0, 0, 0);
  leftRow->addWidget(new QLabel(QStringLiteral("Head:")));
  headBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  leftRow->addWidget(headBox_);
  leftRow->addStretch();
  auto* rightHeader = new QWidget;
  auto* rightRow = new QHBoxLayout(rightHeader);
  rightRow->setContentsMargins(0, 0, 0, 0);
  rightRow->addWidget(new QLabel(QStringLiteral("State matrix:")));
  sliceBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  rightRow->addWidget(sliceBox_);
  rightRow->addStretch();

  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(buildPane(leftHeader, attentionView_, attentionCaption_));
  splitter->addWidget(buildPane(rightHeader, stateView_, stateCaption_));
  splitter->setChildrenCollapsible(false);
  splitter->setSizes({1, 1});

  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->addWidget(buildControls());
  layout->addWidget(errorLabel_);
  layout->addWidget(splitter, 1);
  setCentralWidget(central);

  statusBar()->addWidget(statusLabel_, 1);
  statusBar()->addPermanentWidget(meterLabel_);
  statusBar()->addPermanentWidget(busyLabel_);
  // Long status texts are clipped rather than widening the window past a small screen.
  statusLabel_->setMinimumWidth(1);
  meterLabel_->setMinimumWidth(1);

  // Typing asks for many analyses; wait for a short pause, and the runner drops stale ones.
  promptTimer_.setSingleShot(true);
  promptTimer_.setInterval(150);
  connect(&promptTimer_, &QTimer::timeout, this, &MainWindow::requestAnalysis);
  connect(prompt_, &QLineEdit::textChanged, this, [this] { promptTimer_.start(); });
  connect(modelBox_, &QComboBox::currentIndexChanged, this, [this] {
    layerKinds_.clear();  // the new model's layers arrive with its first result
    requestAnalysis();
  });
  connect(layerBox_, &QComboBox::currentIndexChanged, this, &MainWindow::requestAnalysis);
  connect(headBox_, &QComboBox::currentIndexChanged, this, [this] {
    if (!result_) return;
    const QSignalBlocker block(sliceBox_);
    sliceBox_->setCurrentIndex(ResultHeatmaps::sliceForHead(*result_, headBox_->currentIndex()));
    showAttention();
    showState();
  });
  connect(sliceBox_, &QComboBox::currentIndexChanged, this, &MainWindow::showState);
  connect(runner_, &AnalysisRunner::resultReady, this, &MainWindow::showResult);
  connect(runner_, &AnalysisRunner::busyChanged, this, [this](bool busy) {
    busyLabel_->setText(busy ? QStringLiteral("computing\u2026") : QString());
  });
  auto* quit = new QShortcut(QKeySequence::Quit, this);
  connect(quit, &QShortcut::activated, this, &QWidget::close);

  prompt_->setFocus();
  requestAnalysis();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildControls() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(new QLabel(QStringLiteral("Model:")));
  row->addWidget(modelBox_);
  row->addSpacing(12);
  row->addWidget(new QLabel(QStringLiteral("Prompt:")));
  row->addWidget(prompt_, 1);
  row->addSpacing(12);
  row->addWidget(new QLabel(QStringLiteral("Layer:")));
  layerBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  row->addWidget(layerBox_);
  return bar;
}

QWidget* MainWindow::buildPane(QWidget* header, HeatmapView* view, QLabel* caption) {
  auto* pane = new QWidget;
  auto* column = new QVBoxLayout(pane);
  column->setContentsMargins(4, 4, 4, 4);
  column->addWidget(header);
  column->addWidget(view, 1);
  column->addWidget(caption);
  return pane;
}

QString MainWindow::modelDir() const {
  return modelBox_->currentData().toString();
}

QString MainWindow::errorText() const {
  return errorLabel_->isHidden() ? QString() : errorLabel_->text();
}

void MainWindow::setPrompt(const QString& text) {
  prompt_->setText(text);
  promptTimer_.stop();
  requestAnalysis();
}

void MainWindow::selectLayer(int layer) {
  layerBox_->setCurrentIndex(layer);
}
void MainWindow::selectHead(int head) {
  headBox_->setCurrentIndex(head);
}

void MainWindow::requestAnalysis() {
  AnalysisRequest request;
  request.modelDir = modelDir();
  request.prompt = prompt_->text();
  request.layer = std::max(0, layerBox_->currentIndex());
  runner_->request(request);
}

void MainWindow::showResult(std::shared_ptr<const AnalysisResult> result) {
  if (!result->error.isEmpty()) {
    showError(result->error);
    emit resultShown();
    return;
  }
  errorLabel_->clear();
  errorLabel_->hide();
  result_ = std::move(result);
  setWindowTitle(QStringLiteral("Seqscope \u2014 %1").arg(result_->modelName));
  updateLayerBox(*result_);
  updateHeadBox(*result_);
  updateSliceBox(*result_);
  showAttention();
  showState();
  updateStatus();
  emit resultShown();
}

void MainWindow::showError(const QString& message) {
  errorLabel_->setText(message);
  errorLabel_->show();
  // Keep showing the last good result of this model (a typo should not blank the views);
  // without one, the views say why they are empty.
  if (!result_ || result_->request.modelDir != modelDir()) {
    result_.reset();
    for (HeatmapView* v : {attentionView_, stateView_}) {
      v->setData(HeatmapData{});
      v->setPlaceholder(QStringLiteral("Nothing to show: %1").arg(message));
    }
    attentionCaption_->clear();
    stateCaption_->clear();
    statusLabel_->setText(message);
    meterLabel_->clear();
  }
}

void MainWindow::updateLayerBox(const AnalysisResult& r) {
  if (r.layerKinds == layerKinds_) return;
  layerKinds_ = r.layerKinds;
  const QSignalBlocker block(layerBox_);
  layerBox_->clear();
  for (std::size_t i = 0; i < r.layerKinds.size(); ++i)
    layerBox_->addItem(
        QStringLiteral("%1 \u00b7 %2").arg(i).arg(ResultHeatmaps::mixerName(r.layerKinds[i])));
  layerBox_->setCurrentIndex(r.layer);
}

void MainWindow::updateHeadBox(const AnalysisResult& r) {
  QStringList labels;
  for (const auto& l : r.attention.labels) labels << QString::fromStdString(l);
  QStringList current;
  for (int i = 0; i < headBox_->count(); ++i) current << headBox_->itemText(i);
  if (labels == current) return;
  const QSignalBlocker block(headBox_);
  const int keep = headBox_->currentIndex();
  headBox_->clear();
  headBox_->addItems(labels);
  headBox_->setCurrentIndex(keep >= 0 && keep < labels.size() ? keep : 0);
}

void MainWindow::updateSliceBox(const AnalysisResult& r) {
  const QSignalBlocker block(sliceBox_);
  QStringList names;
  for (const auto& s : r.stateSlices) names << QString::fromStdString(s.name);
  QStringList current;
  for (int i = 0; i < sliceBox_->count(); ++i) current << sliceBox_->itemText(i);
  const int keep = sliceBox_->currentIndex();
  if (names != current) {
    sliceBox_->clear();
    sliceBox_->addItems(names);
    sliceBox_->setCurrentIndex(ResultHeatmaps::sliceForHead(r, headBox_->currentIndex()));
  } else {
    sliceBox_->setCurrentIndex(keep);
  }
}

void MainWindow::showAttention() {
  if (!result_) return;
  attentionView_->setData(
      ResultHeatmaps::attention(*result_, std::max(0, headBox_->currentIndex())));
  attentionCaption_->setText(ResultHeatmaps::attentionCaption(*result_));
}

void MainWindow::showState() {
  if (!result_) return;
  const int slice = std::max(0, sliceBox_->currentIndex());
  HeatmapData d = ResultHeatmaps::state(*result_, slice);
  if (d.values.size() == 0)
    stateView_->setPlaceholder(QStringLiteral("This layer keeps no state."));
  stateView_->setData(std::move(d));
  stateCaption_->setText(ResultHeatmaps::stateCaption(*result_, slice));
}

void MainWindow::updateStatus() {
  const AnalysisResult& r = *result_;
  const QLocale en(QLocale::English);
  // "3 Gated DeltaNet, 1 softmax attention" in order of first appearance.
  std::vector<std::pair<std::string, int>> counts;
  for (const auto& k : r.layerKinds) {
    auto it =
        std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == k; });
    if (it == counts.end())
      counts.emplace_back(k, 1);
    else
      ++it->second;
  }
  QStringList kinds;
  for (const auto& [k, n] : counts)
    kinds << QStringLiteral("%1 %2").arg(n).arg(ResultHeatmaps::mixerName(k));
  const int T = int(r.tokens.size());
  statusLabel_->setText(QStringLiteral("%1 \u00b7 %2 layers (%3) \u00b7 %4 parameters")
                            .arg(r.modelName)
                            .arg(r.layerKinds.size())
                            .arg(kinds.join(QStringLiteral(", ")))
                            .arg(en.toString(qulonglong(r.parameterCount))) +
                        (r.modelNote.contains(QLatin1String("andomly initialised"))
                             ? QStringLiteral(" \u00b7 untrained")
                             : QString()));
  statusLabel_->setToolTip(r.modelNote);
  const QString sep = QStringLiteral("   \u2502   ");
  meterLabel_->setText(QStringLiteral("decode state %1 after %2 tokens")
                           .arg(ResultHeatmaps::formatBytes(r.decodeStateBytes))
                           .arg(T) +
                       sep +
                       QStringLiteral("measured: forward %1 ms \u00b7 decode %2 ms (%3 ms/token)")
                           .arg(r.forwardMs, 0, 'f', 2)
                           .arg(r.decodeMs, 0, 'f', 2)
                           .arg(r.decodeMs / std::max(1, T), 0, 'f', 3) +
                       sep +
                       QStringLiteral("next \u201c%1\u201d %2%")
                           .arg(HeatmapData::visibleToken(r.nextToken))
                           .arg(r.nextTokenProbability * 100, 0, 'f', 0));
  meterLabel_->setToolTip(
      QStringLiteral(
          "Median wall time of 3 to 5 runs: the parallel form over the whole prompt, and "
          "the recurrent form token by token.\nParallel and recurrent logits agree within "
          "%1.\nImplicit attention of layer %2 took %3 ms.\nNext: the model's most likely next "
          "token and its probability.")
          .arg(r.parallelVsRecurrent, 0, 'g', 2)
          .arg(r.layer)
          .arg(r.implicitMs, 0, 'f', 2));
}

}  // namespace seqscope
