#include "app/gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QMessageBox>
#include <QScreen>
#include <QStyleFactory>
#include <QVBoxLayout>
#include <cmath>

#include "app/gui/export_dialog.h"
#include "app/gui/meters_panel.h"
#include "app/gui/pane.h"
#include "app/gui/pane_caption.h"
#include "app/gui/pane_runner.h"
#include "app/gui/playback.h"
#include "app/gui/scaling_dialog.h"
#include "app/gui/transport_bar.h"
#include "app/resource_paths.h"
#include "core/error.h"

namespace seqscope {
namespace {

constexpr int kMaxRecent = 8;
constexpr double kPresentationScale = 1.6;
constexpr int kMetersMinScreenHeight = 900;

QPalette darkPalette() {
  QPalette p;
  const QColor window(0x26, 0x28, 0x2c), base(0x1c, 0x1e, 0x22), text(0xe8, 0xe8, 0xe8);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window.lighter(120));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
  p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
  return p;
}

}  // namespace

MainWindow::MainWindow(const QString& path, QWidget* parent)
    : QMainWindow(parent), playback_(new Playback(this)) {
  setWindowTitle(tr("Seqscope"));
  auto* central = new QWidget(this);
  auto* column = new QVBoxLayout(central);
  column->setContentsMargins(6, 6, 6, 6);

  // One line of title; the scene's description behind "About this scene", so that the panes
  // keep the height on a 720-line projector.
  auto* titleRow = new QHBoxLayout;
  titleRow->setContentsMargins(0, 0, 0, 0);
  titleLabel_ = new QLabel(central);
  titleLabel_->setTextFormat(Qt::PlainText);
  titleLabel_->setWordWrap(true);
  titleRow->addWidget(titleLabel_, 1);
  aboutButton_ = new QToolButton(central);
  aboutButton_->setText(tr("About this scene"));
  aboutButton_->setCheckable(true);
  aboutButton_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  aboutButton_->setArrowType(Qt::RightArrow);
  aboutButton_->setAutoRaise(true);
  titleRow->addWidget(aboutButton_, 0, Qt::AlignTop);
  column->addLayout(titleRow);
  descriptionLabel_ = new QLabel(central);
  descriptionLabel_->setTextFormat(Qt::PlainText);
  descriptionLabel_->setWordWrap(true);
  descriptionLabel_->hide();
  column->addWidget(descriptionLabel_);
  // The narration: the current step's text in large type, in presentation mode too (it is
  // what the room reads while the lecturer talks). Hidden for a scene without steps.
  narrationLabel_ = new QLabel(central);
  narrationLabel_->setObjectName(QStringLiteral("narration"));
  narrationLabel_->setTextFormat(Qt::PlainText);
  narrationLabel_->setWordWrap(true);
  narrationLabel_->setStyleSheet(QStringLiteral(
      "QLabel#narration { background: #fff6d5; color: #2b2200; border-left: 4px solid #e0a800; padding: 4px 8px; }"));
  narrationLabel_->hide();
  column->addWidget(narrationLabel_);
  connect(aboutButton_, &QToolButton::toggled, this, [this](bool on) {
    aboutButton_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    descriptionLabel_->setVisible(on && !descriptionLabel_->text().isEmpty());
  });

  inputRow_ = new QWidget(central);
  auto* row = new QHBoxLayout(inputRow_);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(new QLabel(tr("Input:"), inputRow_));
  input_ = new QLineEdit(inputRow_);
  input_->setPlaceholderText(tr("prompt, token ids or puzzle; Enter runs every pane"));
  row->addWidget(input_, 1);
  auto* runButton = new QPushButton(tr("Run"), inputRow_);
  row->addWidget(runButton);
  column->addWidget(inputRow_);
  // After Enter the keyboard belongs to the transport again: Space plays, the arrows step.
  connect(input_, &QLineEdit::returnPressed, this, [this] {
    setInput(input_->text());
    grid_->setFocus();
  });
  connect(runButton, &QPushButton::clicked, this, [this] { setInput(input_->text()); });

  errorLabel_ = new QLabel(central);
  errorLabel_->setWordWrap(true);
  errorLabel_->setTextFormat(Qt::PlainText);
  errorLabel_->setStyleSheet(QStringLiteral(
      "QLabel { background: #fde2e1; color: #7a1010; border: 1px solid #e0a0a0; padding: 4px; }"));
  errorLabel_->hide();
  column->addWidget(errorLabel_);

  grid_ = new QWidget(central);
  grid_->setFocusPolicy(Qt::StrongFocus);
  gridLayout_ = new QGridLayout(grid_);
  gridLayout_->setContentsMargins(0, 0, 0, 0);
  gridLayout_->setSpacing(6);
  column->addWidget(grid_, 1);

  transport_ = new TransportBar(playback_, central);
  column->addWidget(transport_);
  setCentralWidget(central);

  meters_ = new MetersPanel(this);
  metersDock_ = new QDockWidget(tr("Meters (measured on this machine)"), this);
  metersDock_->setObjectName(QStringLiteral("meters"));
  metersDock_->setWidget(meters_);
  addDockWidget(Qt::BottomDockWidgetArea, metersDock_);

  connect(playback_, &Playback::frameChanged, this, &MainWindow::onFrame);
  buildMenus();
  buildShortcuts();

  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  setDarkPalette(settings.value(QStringLiteral("view/dark"), false).toBool());
  refreshRecentMenu();

  if (path.isEmpty()) {
    if (!openScene(defaultScenePath())) setScene(Scene{});
  } else if (QFileInfo(path).isDir()) {
    openModelFolder(path);
  } else {
    openScene(path);
  }
}

MainWindow::~MainWindow() { stopRuns(); }

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open Scene…"), QKeySequence::Open, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a scene"), sceneDir(),
                                                      tr("Seqscope scenes (*.json)"));
    if (!path.isEmpty()) openScene(path);
  });
  file->addAction(tr("Open &Model Folder…"), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a model folder"));
    if (!dir.isEmpty()) openModelFolder(dir);
  });
  QMenu* builtin = file->addMenu(tr("&Built-in Scenes"));
  for (const QString& path : builtinScenes()) {
    QString name = QFileInfo(path).completeBaseName();
    try {
      name = QString::fromStdString(Scene::load(path.toStdString()).title);
    } catch (const Error&) {
    }
    builtin->addAction(name, this, [this, path] { openScene(path); });
  }
  recentMenu_ = file->addMenu(tr("&Recent Scenes"));
  file->addAction(tr("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                  [this] { ExportDialog::exportFrom(*this); });
  file->addAction(tr("&Save Scene As…"), QKeySequence::SaveAs, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the scene"), scenePath_,
                                                      tr("Seqscope scenes (*.json)"));
    if (!path.isEmpty()) saveScene(path);
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QMenu* count = view->addMenu(tr("&Panes"));
  for (int n = 1; n <= Scene::kMaxPanes; ++n)
    count->addAction(tr("%n pane(s)", nullptr, n), this, [this, n] { setPaneCount(n); });
  presentAction_ = view->addAction(tr("Presentation &Mode"));
  presentAction_->setCheckable(true);
  presentAction_->setShortcut(QKeySequence(Qt::Key_F5));
  connect(presentAction_, &QAction::toggled, this, &MainWindow::setPresentationMode);
  darkAction_ = view->addAction(tr("&Dark Palette"));
  darkAction_->setCheckable(true);
  connect(darkAction_, &QAction::toggled, this, &MainWindow::setDarkPalette);
  metersAction_ = view->addAction(tr("&Meters"));
  metersAction_->setCheckable(true);
  metersAction_->setShortcut(QKeySequence(Qt::Key_M));
  connect(metersAction_, &QAction::triggered, this, &MainWindow::setMetersShown);
  formulasAction_ = view->addAction(tr("&Formulas"));
  formulasAction_->setCheckable(true);
  formulasAction_->setShortcut(QKeySequence(Qt::Key_U));
  connect(formulasAction_, &QAction::triggered, this, &MainWindow::setFormulasShown);
  // The dock's own close button is a choice too.
  connect(metersDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (metersAction_->isChecked() != visible) metersAction_->setChecked(visible);
  });
  view->addAction(tr("&Scaling (bench)…"), this, [this] {
    auto* dialog = new ScalingDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
  });

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&Run Again"), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                 [this] { setInput(input_->text()); });
  QAction* stop = run->addAction(tr("&Stop"), QKeySequence(Qt::Key_Escape), this, [this] {
    if (presenting_) setPresentationMode(false);
    else stopRuns();
  });
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, [this] {
    QMessageBox box(QMessageBox::Information, tr("Keyboard shortcuts"), keyboardHelp(), QMessageBox::Close, this);
    box.setTextFormat(Qt::RichText);
    box.exec();
  });
  help->addAction(tr("&About Seqscope"), this, [this] {
    QMessageBox::about(
        this, tr("About Seqscope"),
        tr("<h3>Seqscope %1</h3><p>See how the sequence architectures that compete with the "
           "transformer work: real, tiny, trained models run live on this computer's CPU, side by "
           "side, with measured speed and memory.</p><p>Qt %2. Models and scenes: %3</p>")
            .arg(QStringLiteral(SEQSCOPE_VERSION), QString::fromLatin1(qVersion()),
                 resourceDir().toHtmlEscaped()));
  });

  // Presentation mode hides the menu bar, which would disable its shortcuts: the window
  // itself carries the ones a presenter needs.
  addAction(stop);
  addAction(presentAction_);
  addAction(metersAction_);
  addAction(formulasAction_);
}

QString MainWindow::keyboardHelp() {
  const std::pair<const char*, const char*> keys[] = {
      {"Space", "play / pause"},
      {"\u2190 \u2192", "step back / forward one frame"},
      {"Home / End", "first / last frame"},
      {"Page Down / Page Up", "next / previous narration step (a presenter's clicker)"},
      {"F5", "presentation mode (full screen, large type, keyboard only)"},
      {"Esc", "leave presentation mode; otherwise stop the runs"},
      {"F", "full screen on / off"},
      {"M", "meters on / off"},
      {"U", "formulas (each pane's update rule) on / off"},
      {"Ctrl+R", "run every pane again"},
      {"Ctrl+O / Ctrl+Shift+S", "open / save a scene"},
      {"Ctrl+E", "export the scene (MP4, WebM, GIF, WebP, PNG)"},
      {"Enter (in the input)", "run every pane on the typed input"},
  };
  QString html = QStringLiteral("<table cellspacing=6>");
  for (const auto& [key, what] : keys)
    html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr(key), tr(what));
  return html + QStringLiteral("</table>");
}

bool MainWindow::metersShown() const { return metersDock_->isVisible(); }

void MainWindow::setMetersShown(bool on) {
  metersChoice_ = on;
  metersDock_->setVisible(on);
}

bool MainWindow::formulasWanted() const {
  if (formulasChoice_) return *formulasChoice_;
  // Like the meters: on a short screen the panes need the line's height (U shows it).
  const QScreen* s = screen();
  return !s || s->availableGeometry().height() >= kMetersMinScreenHeight;
}

void MainWindow::setFormulasShown(bool on) {
  formulasChoice_ = on;
  applyFormulas();
}

void MainWindow::applyFormulas() {
  const bool on = formulasWanted();
  if (formulasAction_->isChecked() != on) formulasAction_->setChecked(on);
  for (Pane* p : panes_) p->setFormulasShown(on);
}

bool MainWindow::metersWanted() const {
  if (metersChoice_) return *metersChoice_;
  // By default: as the scene says, but not in presentation mode nor on a short screen (a
  // 720- or 768-line projector), where the panes need the height.
  const QScreen* s = screen();
  const bool tall = !s || s->availableGeometry().height() >= kMetersMinScreenHeight;
  return scene_.showMeters && !presenting_ && tall;
}

void MainWindow::buildShortcuts() {
  // Keyboard only, for a presenter: these work wherever the focus is, except in the input
  // line (where Space types a space and the arrows move the cursor).
  auto key = [this](QKeySequence seq, auto fn) {
    auto* s = new QShortcut(seq, this);
    connect(s, &QShortcut::activated, this, [this, fn] {
      if (input_->hasFocus() && !presenting_) return;
      fn();
    });
  };
  key(QKeySequence(Qt::Key_Space), [this] { playback_->togglePlay(); });
  key(QKeySequence(Qt::Key_Right), [this] { playback_->stepForward(); });
  key(QKeySequence(Qt::Key_Left), [this] { playback_->stepBack(); });
  key(QKeySequence(Qt::Key_Home), [this] { playback_->toStart(); });
  key(QKeySequence(Qt::Key_End), [this] { playback_->toEnd(); });
  key(QKeySequence(Qt::Key_PageDown), [this] { seekNarrationStep(+1); });
  key(QKeySequence(Qt::Key_PageUp), [this] { seekNarrationStep(-1); });
  key(QKeySequence(Qt::Key_F), [this] { isFullScreen() ? showMaximized() : showFullScreen(); });
}

bool MainWindow::openScene(const QString& path) {
  try {
    setScene(Scene::load(path.toStdString()), path);
    addRecent(path);
    return true;
  } catch (const Error& e) {
    showError(tr("Could not open the scene: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
}

bool MainWindow::openModelFolder(const QString& dir) {
  Scene s;
  s.title = QFileInfo(dir).fileName().toStdString();
  s.input = "the cat sat on the mat. the cat";
  s.columns = 2;
  PaneSpec attention{.model = dir.toStdString(), .run = "read", .view = "attention"};
  PaneSpec state = attention;
  state.view = "state";
  s.panes = {attention, state};
  setScene(s);
  return true;
}

void MainWindow::setScene(const Scene& scene, const QString& path) {
  stopRuns();
  clearError();
  scene_ = scene;
  scenePath_ = path;
  if (scene_.panes.empty()) scene_.panes.push_back(PaneSpec{.model = "demo-hybrid", .view = "attention"});
  titleLabel_->setText(QString::fromStdString(scene_.title));
  descriptionLabel_->setText(QString::fromStdString(scene_.description));
  pausedAtStep_ = -1;
  showNarration(0);
  aboutButton_->setVisible(!scene_.description.empty() && !presenting_);
  descriptionLabel_->setVisible(aboutButton_->isChecked() && !scene_.description.empty() && !presenting_);
  setWindowTitle(scene_.title.empty() ? tr("Seqscope") : tr("%1 — Seqscope").arg(QString::fromStdString(scene_.title)));
  input_->setText(QString::fromStdString(scene_.input));
  playback_->pause();
  playback_->setFramesPerSecond(scene_.framesPerSecond);
  metersDock_->setVisible(metersWanted());
  // The panes get most of the height; the meters a strip under them (the user can drag it).
  QTimer::singleShot(0, this, [this] {
    resizeDocks({metersDock_}, {std::max(200, height() * 23 / 100)}, Qt::Vertical);
  });
  rebuildPanes();
  playback_->seek(0);
  for (int i = 0; i < int(panes_.size()); ++i) startPane(i);
}

void MainWindow::rebuildPanes() {
  for (Pane* p : panes_) delete p;
  panes_.clear();
  runners_.clear();
  const int columns = std::clamp(scene_.columns, 1, Scene::kMaxPanes);
  for (std::size_t i = 0; i < scene_.panes.size(); ++i) {
    auto* pane = new Pane(int(i), grid_);
    pane->setSpec(scene_.panes[i]);
    pane->setFontScale(presenting_ ? kPresentationScale : 1.0);
    pane->setFormulasShown(formulasWanted());
    pane->setHeaderVisible(!presenting_);
    gridLayout_->addWidget(pane, int(i) / columns, int(i) % columns);
    connect(pane, &Pane::specEdited, this, &MainWindow::onSpecEdited);
    panes_.push_back(pane);
    auto runner = std::make_unique<PaneRunner>();
    connect(runner.get(), &PaneRunner::tracesChanged, this, [this, pane](const PaneTrace& t) {
      pane->setTraces(t);
      updateRange();
    });
    connect(runner.get(), &PaneRunner::failed, this, [this, pane](const QString& message) {
      pane->showError(message);
      updateRange();
    });
    connect(runner.get(), &PaneRunner::runningChanged, this, [this, pane](bool running) {
      pane->setBusy(running);
      updateRange();
      if (!isRunning()) emit runsFinished();
    });
    runners_.push_back(std::move(runner));
  }
  for (int c = 0; c < Scene::kMaxPanes; ++c) gridLayout_->setColumnStretch(c, c < columns ? 1 : 0);
  applyFormulas();
}

void MainWindow::startPane(int index) {
  Pane* pane = panes_[std::size_t(index)];
  const PaneSpec& spec = pane->spec();
  const QString input = spec.input.empty() ? QString::fromStdString(scene_.input)
                                           : QString::fromStdString(spec.input);
  pane->setTraces({});
  runners_[std::size_t(index)]->start(spec, resolveModelDir(QString::fromStdString(spec.model), sceneDir()),
                                      input);
  pane->setBusy(true);
  updateRange();
}

void MainWindow::onSpecEdited(int index, bool needsRun) {
  scene_.panes[std::size_t(index)] = panes_[std::size_t(index)]->spec();
  if (needsRun) startPane(index);
  updateRange();
}

void MainWindow::setInput(const QString& text) {
  clearError();
  scene_.input = text.toStdString();
  if (input_->text() != text) input_->setText(text);
  playback_->seek(0);
  for (int i = 0; i < int(panes_.size()); ++i) startPane(i);
}

void MainWindow::stopRuns() {
  for (auto& r : runners_) r->cancel();
}

bool MainWindow::isRunning() const {
  for (const auto& r : runners_)
    if (r->isRunning()) return true;
  return false;
}

void MainWindow::updateRange() {
  int count = 0;
  std::vector<MeterSeries> meters;
  for (Pane* p : panes_) {
    count = std::max(count, p->traces().frameCount());
    // The legend names the pane briefly and uniquely (titles are sentences, too long for a
    // legend; a model can be in two panes).
    meters.push_back({paneLegendName(p->index(), p->spec()).toStdString(), p->traces().meters(), p->index()});
  }
  const bool running = isRunning();
  playback_->setFrameCount(count, running);
  // Rebuilding four charts costs the GUI thread milliseconds: while runs stream, at most
  // three times a second; always once they end.
  if (!running || !metersClock_.isValid() || metersClock_.elapsed() > 330) {
    metersClock_.start();
    meters_->setRuns(std::move(meters));
    meters_->setCurrentFrame(playback_->frame());
  }
}

void MainWindow::onFrame(int frame) {
  for (Pane* p : panes_) p->setFrame(frame);
  meters_->setCurrentFrame(frame);
  showNarration(frame);
}

Scene MainWindow::currentScene() const {
  Scene s = scene_;
  s.input = input_->text().toStdString();
  for (std::size_t i = 0; i < panes_.size(); ++i) s.panes[i] = panes_[i]->spec();
  return s;
}

bool MainWindow::saveScene(const QString& path) {
  try {
    currentScene().save(path.toStdString());
    scenePath_ = path;
    addRecent(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
    return true;
  } catch (const Error& e) {
    showError(tr("Could not save the scene: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
}

void MainWindow::setPaneCount(int count) {
  Scene s = currentScene();
  while (int(s.panes.size()) > count) s.panes.pop_back();
  while (int(s.panes.size()) < count) s.panes.push_back(s.panes.back());
  s.columns = std::min(count, 2);
  if (count == 3) s.columns = 3;
  setScene(s, scenePath_);
}

void MainWindow::setPresentationMode(bool on) {
  presenting_ = on;
  if (presentAction_->isChecked() != on) presentAction_->setChecked(on);
  const double scale = on ? kPresentationScale : 1.0;
  for (Pane* p : panes_) {
    p->setFontScale(scale);
    p->setHeaderVisible(!on);
  }
  // The transport is the presenter's (who drives it from the keyboard), not the room's: it
  // keeps its size, the panes grow.
  transport_->setFontScale(1.0);
  meters_->setStyle(dark_, scale);
  inputRow_->setVisible(!on);
  menuBar()->setVisible(!on);
  // One short line of title, no description: the screen is for the panes.
  aboutButton_->setVisible(!on && !scene_.description.empty());
  descriptionLabel_->setVisible(!on && aboutButton_->isChecked() && !scene_.description.empty());
  metersDock_->setVisible(metersWanted());
  QFont title;
  title.setPointSizeF(title.pointSizeF() * (on ? 1.5 : 1.15));
  title.setBold(true);
  titleLabel_->setFont(title);
  QFont narration;
  narration.setPointSizeF(narration.pointSizeF() * (on ? 1.3 : 1.1));
  narrationLabel_->setFont(narration);
  if (on) {
    showFullScreen();
    grid_->setFocus();
  } else {
    showMaximized();
  }
}

void MainWindow::setDarkPalette(bool on) {
  dark_ = on;
  if (darkAction_->isChecked() != on) darkAction_->setChecked(on);
  QStyle* fusion = QApplication::style();
  QApplication::setPalette(on ? darkPalette() : fusion->standardPalette());
  meters_->setStyle(on, presenting_ ? kPresentationScale : 1.0);
  QSettings().setValue(QStringLiteral("view/dark"), on);
}

QString MainWindow::errorText() const { return errorLabel_->isHidden() ? QString() : errorLabel_->text(); }

void MainWindow::showError(const QString& message) {
  errorLabel_->setText(message);
  errorLabel_->show();
}

void MainWindow::clearError() {
  errorLabel_->clear();
  errorLabel_->hide();
}

void MainWindow::addRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value(QStringLiteral("recent/scenes")).toStringList();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue(QStringLiteral("recent/scenes"), recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value(QStringLiteral("recent/scenes")).toStringList();
  for (const QString& path : recent)
    recentMenu_->addAction(path, this, [this, path] { openScene(path); });
  recentMenu_->setEnabled(!recent.isEmpty());
}

QString MainWindow::sceneDir() const {
  return scenePath_.isEmpty() ? QString() : QFileInfo(scenePath_).absolutePath();
}

void MainWindow::setRenderFontScale(double factor) {
  if (factor == renderFontScale_) return;
  renderFontScale_ = factor;
  const double scale = (presenting_ ? kPresentationScale : 1.0) * factor;
  for (Pane* p : panes_) p->setFontScale(scale);
  meters_->setStyle(dark_, scale);
}

SceneLayout MainWindow::renderScene(QPainter& p, QSize size, const std::vector<int>& paneIndices,
                                    const SceneRenderOptions& options) {
  setRenderFontScale(options.fontScale);
  std::vector<const Pane*> shown;
  if (paneIndices.empty()) shown.assign(panes_.begin(), panes_.end());
  for (int i : paneIndices)
    if (i >= 0 && i < int(panes_.size())) shown.push_back(panes_[std::size_t(i)]);
  // A title band over the panes in their grid over the meters, as the window arranges them.
  SceneLayout layout;
  p.save();
  p.fillRect(QRect(QPoint(), size), palette().color(QPalette::Window));
  const int gap = 6;
  const QString title = QString::fromStdString(scene_.title);
  if (options.title && !title.isEmpty()) {
    // Sized to the frame (a slide's title is read from afar: 4.5% of its height, 32 px of
    // the 1280x720 layout), then shrunk until the whole title fits on one line: it is the
    // slide's heading, so never elided. Below the window's normal text size it would no
    // longer read as a heading: there it is clipped instead.
    constexpr double kTitleHeight = 0.045;
    QFont font = this->font();
    font.setBold(true);
    const int minPixels = std::max(1, QFontInfo(this->font()).pixelSize());
    const int width = std::max(1, size.width() - 4 * gap);
    int pixels =
        std::max(minPixels, int(std::lround(size.height() * kTitleHeight * options.fontScale)));
    font.setPixelSize(pixels);
    double advance = QFontMetricsF(font).horizontalAdvance(title);
    if (advance > width) {
      pixels = std::max(minPixels, int(pixels * width / advance));
      font.setPixelSize(pixels);
      advance = QFontMetricsF(font).horizontalAdvance(title);
    }
    while (advance > width && pixels > minPixels) {
      font.setPixelSize(--pixels);
      advance = QFontMetricsF(font).horizontalAdvance(title);
    }
    layout.title = QRect(0, 0, size.width(), int(std::ceil(QFontMetricsF(font).height() * 1.5)));
    p.save();
    p.setFont(font);
    p.setPen(palette().color(QPalette::WindowText));
    const int align = advance > width ? Qt::AlignLeft : Qt::AlignHCenter;
    p.drawText(layout.title.adjusted(2 * gap, 0, -2 * gap, 0), align | Qt::AlignVCenter, title);
    p.restore();
  }
  int top = layout.title.isEmpty() ? 0 : layout.title.bottom() + 1;
  const QString narration = options.narration ? narrationText(playback_->frame()) : QString();
  if (!narration.isEmpty()) {
    // The window's narration band: 3% of the frame's height per line, wrapped, on its tint.
    QFont font = this->font();
    font.setPixelSize(std::max(QFontInfo(this->font()).pixelSize(),
                               int(std::lround(size.height() * 0.03 * options.fontScale))));
    const QRect textArea(3 * gap, top + gap, std::max(1, size.width() - 6 * gap), size.height() / 4);
    const QRect needed = QFontMetrics(font).boundingRect(textArea, Qt::TextWordWrap | Qt::AlignLeft, narration);
    layout.narration = QRect(0, top, size.width(), needed.height() + 2 * gap);
    p.save();
    p.fillRect(layout.narration, QColor(0xff, 0xf6, 0xd5));
    p.fillRect(QRect(layout.narration.topLeft(), QSize(4, layout.narration.height())), QColor(0xe0, 0xa8, 0x00));
    p.setFont(font);
    p.setPen(QColor(0x2b, 0x22, 0x00));
    p.drawText(QRect(textArea.left(), top + gap, textArea.width(), needed.height()),
               Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignVCenter, narration);
    p.restore();
    top = layout.narration.bottom() + 1 + gap;
  }
  const int metersHeight = scene_.showMeters && options.meters ? size.height() / 4 : 0;
  // All panes: the window's grid. A subset: as many columns as panes, up to the scene's.
  const int wanted = paneIndices.empty() ? scene_.columns
                                         : std::min(scene_.columns, int(shown.size()));
  const int columns = std::clamp(wanted, 1, Scene::kMaxPanes);
  const int rows = (int(shown.size()) + columns - 1) / columns;
  const int w = (size.width() - gap * (columns - 1)) / columns;
  const int h = std::max(1, (size.height() - top - metersHeight - gap * rows) / std::max(1, rows));
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const QRect cell((int(i) % columns) * (w + gap), top + (int(i) / columns) * (h + gap), w, h);
    layout.panes.push_back(cell);
    p.save();
    p.translate(cell.topLeft());
    shown[i]->render(p, cell.size());
    p.restore();
  }
  if (metersHeight > 0) {
    layout.meters = QRect(0, size.height() - metersHeight, size.width(), metersHeight);
    p.translate(layout.meters.topLeft());
    meters_->render(p, layout.meters.size());
  }
  p.restore();
  return layout;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  stopRuns();
  event->accept();
}

}  // namespace seqscope
