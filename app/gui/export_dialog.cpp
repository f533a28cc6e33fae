#include "app/gui/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QVBoxLayout>

#include "app/gui/scene_frame_source.h"
#include "app/gui/export_job.h"
#include "app/gui/main_window.h"
#include "app/gui/pane.h"
#include "app/gui/playback.h"
#include "core/error.h"
#include "core/util/format_bytes.h"

namespace seqscope {
namespace {

struct FormatChoice {
  ExportFormat format;
  const char* suffix;  // appended to the path; "/" for a folder of PNGs
};
constexpr FormatChoice kFormats[] = {{ExportFormat::Mp4, ".mp4"},
                                     {ExportFormat::WebM, ".webm"},
                                     {ExportFormat::Gif, ".gif"},
                                     {ExportFormat::WebP, ".webp"},
                                     {ExportFormat::PngFolder, "/"}};
constexpr QSize kPresets[] = {{640, 360}, {1280, 720}, {1920, 1080}, {3840, 2160}};

// The path without its export suffix: "a/b.mp4" -> "a/b", "a/frames/" -> "a/frames".
QString stem(QString path) {
  while (path.endsWith('/')) path.chop(1);
  const QFileInfo info(path);
  for (const FormatChoice& f : kFormats)
    if (f.format != ExportFormat::PngFolder &&
        path.endsWith(QLatin1String(f.suffix), Qt::CaseInsensitive))
      return path.left(path.size() - int(qstrlen(f.suffix)));
  return path;
}

// A form row whose field is a layout: the label's mnemonic focuses `buddy`.
void addRow(QFormLayout* form, const QString& text, QLayout* field, QWidget* buddy) {
  auto* label = new QLabel(text);
  label->setBuddy(buddy);
  form->addRow(label, field);
}

QString sceneFileName(const Scene& scene) {
  QString name = QString::fromStdString(scene.title).left(40).toLower();
  name.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
  while (name.endsWith('-')) name.chop(1);
  return name.isEmpty() ? QStringLiteral("seqscope") : name;
}

}  // namespace

ExportDialog::ExportDialog(MainWindow& window) : QDialog(&window), window_(window) {
  setWindowTitle(tr("Export"));
  const Scene scene = window.currentScene();
  sceneFps_ = SceneFrameSource::naturalFps(scene);
  const int frames = std::max(1, window.playback()->frameCount());
  QSettings settings;
  auto* form = new QFormLayout;

  format_ = new QComboBox(this);
  for (const FormatChoice& f : kFormats)
    format_->addItem(QString::fromStdString(exportFormatName(f.format)), int(f.format));
  format_->setCurrentIndex(std::clamp(settings.value("export/format", 0).toInt(), 0, 4));
  form->addRow(tr("&Format:"), format_);

  auto* pathRow = new QHBoxLayout;
  path_ = new QLineEdit(this);
  const QString folder = settings.value("export/folder", QDir::homePath()).toString();
  path_->setText(QDir(folder).filePath(sceneFileName(scene)) +
                 kFormats[format_->currentIndex()].suffix);
  auto* browseButton = new QPushButton(tr("&Browse…"), this);
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browseButton);
  addRow(form, tr("&Save to:"), pathRow, path_);

  auto* sizeRow = new QHBoxLayout;
  preset_ = new QComboBox(this);
  for (QSize s : kPresets)
    preset_->addItem(QStringLiteral("%1 × %2").arg(s.width()).arg(s.height()), s);
  preset_->addItem(tr("custom"));
  width_ = new QSpinBox(this);
  height_ = new QSpinBox(this);
  width_->setRange(kExportMinSide, kExportMaxLongSide);
  height_->setRange(kExportMinSide, kExportMaxLongSide);
  width_->setValue(settings.value("export/width", 1280).toInt());
  height_->setValue(settings.value("export/height", 720).toInt());
  sizeRow->addWidget(preset_);
  sizeRow->addWidget(width_);
  sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
  sizeRow->addWidget(height_);
  addRow(form, tr("Si&ze:"), sizeRow, preset_);
  auto syncPreset = [this] {
    int index = preset_->count() - 1;
    for (int i = 0; i < int(std::size(kPresets)); ++i)
      if (QSize(width_->value(), height_->value()) == kPresets[i]) index = i;
    const QSignalBlocker block(preset_);
    preset_->setCurrentIndex(index);
  };
  syncPreset();
  connect(preset_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i < int(std::size(kPresets))) {
      width_->setValue(kPresets[i].width());
      height_->setValue(kPresets[i].height());
    }
  });
  connect(width_, &QSpinBox::valueChanged, this, syncPreset);
  connect(height_, &QSpinBox::valueChanged, this, syncPreset);

  fps_ = new QSpinBox(this);
  fps_->setRange(1, kExportMaxFps);
  // 0 stored: follow each scene's own speed (the default).
  const int savedFps = settings.value("export/fps", 0).toInt();
  fps_->setValue(savedFps > 0 ? savedFps : sceneFps_);
  fps_->setToolTip(tr("The scene plays at %1 frames per second in the window.").arg(sceneFps_));
  form->addRow(tr("Frames per &second:"), fps_);

  auto* rangeRow = new QHBoxLayout;
  from_ = new QSpinBox(this);
  to_ = new QSpinBox(this);
  from_->setRange(0, frames - 1);
  to_->setRange(0, frames - 1);
  to_->setValue(frames - 1);
  for (QSpinBox* box : {from_, to_}) box->setMinimumWidth(80);
  rangeRow->addWidget(from_);
  rangeRow->addWidget(new QLabel(tr("to"), this));
  rangeRow->addWidget(to_);
  framesLabel_ = new QLabel(tr("of %n frame(s)", nullptr, frames), this);
  rangeRow->addWidget(framesLabel_, 1);
  addRow(form, tr("Fra&mes:"), rangeRow, from_);

  hold_ = new QDoubleSpinBox(this);
  hold_->setRange(0, kExportMaxHoldSeconds);
  hold_->setSingleStep(0.5);
  hold_->setSuffix(tr(" s"));
  hold_->setValue(settings.value("export/hold", kExportDefaultHoldSeconds).toReal());
  hold_->setObjectName("hold");
  form->addRow(tr("&Hold the last frame:"), hold_);

  auto* paneColumn = new QVBoxLayout;
  for (const Pane* pane : window.panes()) {
    const PaneSpec& spec = pane->spec();
    auto* box = new QCheckBox(
        QStringLiteral("%1. %2")
            .arg(pane->index() + 1)
            .arg(QString::fromStdString(spec.title.empty() ? spec.model + " (" + spec.view + ")"
                                                           : spec.title)),
        this);
    box->setChecked(true);
    paneColumn->addWidget(box);
    paneBoxes_.push_back(box);
    connect(box, &QCheckBox::toggled, this, &ExportDialog::onPanesChanged);
  }
  addRow(form, tr("&Panes:"), paneColumn, paneBoxes_.empty() ? nullptr : paneBoxes_.front());

  // For slides: what `seqscope export` offers as --no-title, --no-meters, --font-scale.
  title_ = new QCheckBox(tr("the scene's title in a band across the top"), this);
  title_->setObjectName("title");
  title_->setChecked(settings.value("export/title", true).toBool());
  form->addRow(tr("&Title:"), title_);
  meters_ = new QCheckBox(tr("the meters under the panes"), this);
  meters_->setObjectName("meters");
  meters_->setChecked(scene.showMeters && settings.value("export/meters", true).toBool());
  meters_->setEnabled(scene.showMeters);
  if (!scene.showMeters) meters_->setToolTip(tr("This scene shows no meters."));
  form->addRow(tr("Mete&rs:"), meters_);
  fontScale_ = new QDoubleSpinBox(this);
  fontScale_->setObjectName("fontScale");
  fontScale_->setRange(kMinRenderFontScale, kMaxRenderFontScale);
  fontScale_->setSingleStep(0.25);
  fontScale_->setSuffix(QStringLiteral(" ×"));
  fontScale_->setValue(settings.value("export/fontScale", 1.0).toReal());
  fontScale_->setToolTip(
      tr("Multiplies the size of the text and the views, e.g. 1.5 for a "
         "slide read from the back of a room."));
  form->addRow(tr("Te&xt size:"), fontScale_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
  connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* column = new QVBoxLayout(this);
  column->addLayout(form);
  column->addWidget(buttons);

  connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
  connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
}

ExportFormat ExportDialog::format() const {
  return ExportFormat(format_->currentData().toInt());
}

void ExportDialog::onFormatChanged() {
  // The path follows the format: same name, the new extension (or a folder for PNGs).
  path_->setText(stem(path_->text()) + kFormats[format_->currentIndex()].suffix);
  fps_->setMaximum(format() == ExportFormat::Gif ? kExportMaxGifFps : kExportMaxFps);
}

void ExportDialog::onPanesChanged() {
  // The range follows the chosen panes (an export ends with the longest of their runs); a
  // range that reached the end still does.
  const bool toEnd = to_->value() == to_->maximum();
  const int frames = std::max(1, SceneFrameSource::frameCount(window_, panes()));
  from_->setMaximum(frames - 1);
  to_->setMaximum(frames - 1);
  if (toEnd) to_->setValue(frames - 1);
  framesLabel_->setText(tr("of %n frame(s)", nullptr, frames));
}

void ExportDialog::setOutputPath(const QString& path) {
  path_->setText(path);
  try {
    const ExportFormat f = exportFormatForPath(path.toStdString());
    for (int i = 0; i < format_->count(); ++i)
      if (ExportFormat(format_->itemData(i).toInt()) == f) {
        const QSignalBlocker block(format_);
        format_->setCurrentIndex(i);
      }
  } catch (const Error&) {
  }
}

void ExportDialog::browse() {
  const QString current = path_->text();
  QString chosen;
  if (format() == ExportFormat::PngFolder) {
    chosen = QFileDialog::getExistingDirectory(this, tr("Folder for the PNG frames"),
                                               QFileInfo(stem(current)).absolutePath());
    if (!chosen.isEmpty())
      chosen = QDir(chosen).filePath(QFileInfo(stem(current)).fileName()) + "/";
  } else {
    const QString suffix = QLatin1String(kFormats[format_->currentIndex()].suffix);
    chosen = QFileDialog::getSaveFileName(this, tr("Export to"), current,
                                          format_->currentText() + " (*" + suffix + ")");
    if (!chosen.isEmpty() && !chosen.endsWith(suffix, Qt::CaseInsensitive)) chosen += suffix;
  }
  if (!chosen.isEmpty()) setOutputPath(chosen);
}

ExportOptions ExportDialog::options() const {
  ExportOptions o;
  o.outputPath = path_->text().trimmed().toStdString();
  o.format = format();
  o.width = width_->value();
  o.height = height_->value();
  o.fps = fps_->value();
  o.from = from_->value();
  o.to = to_->value();
  o.holdLastSeconds = hold_->value();
  return o;
}

SceneRenderOptions ExportDialog::renderOptions() const {
  return {.title = title_->isChecked(),
          .meters = meters_->isChecked(),
          .fontScale = fontScale_->value()};
}

std::vector<int> ExportDialog::panes() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < paneBoxes_.size(); ++i)
    if (paneBoxes_[i]->isChecked()) out.push_back(int(i));
  return out;
}

void ExportDialog::accept() {
  try {
    if (panes().empty()) throw Error("choose at least one pane");
    const ExportOptions o = options();
    if (exportFormatForPath(o.outputPath) != format())
      throw Error(o.outputPath + " does not end in " + kFormats[format_->currentIndex()].suffix +
                  " as " + exportFormatName(format()) + " needs");
    planExport(o, std::max(1, SceneFrameSource::frameCount(window_, panes())));
  } catch (const Error& e) {
    QMessageBox::warning(this, tr("Export"), QString::fromUtf8(e.what()));
    return;
  }
  const QString path = path_->text().trimmed();
  if (format() != ExportFormat::PngFolder && QFileInfo::exists(path) &&
      QMessageBox::question(this, tr("Export"), tr("%1 exists. Replace it?").arg(path)) !=
          QMessageBox::Yes)
    return;
  saveSettings();
  QDialog::accept();
}

void ExportDialog::saveSettings() const {
  QSettings settings;
  settings.setValue("export/format", format_->currentIndex());
  settings.setValue("export/folder", QFileInfo(stem(path_->text().trimmed())).absolutePath());
  settings.setValue("export/width", width_->value());
  settings.setValue("export/height", height_->value());
  settings.setValue("export/fps", fps_->value() == sceneFps_ ? 0 : fps_->value());
  settings.setValue("export/hold", hold_->value());
  settings.setValue("export/title", title_->isChecked());
  // A scene without meters says nothing about the next one's.
  if (meters_->isEnabled()) settings.setValue("export/meters", meters_->isChecked());
  settings.setValue("export/fontScale", fontScale_->value());
}

void ExportDialog::exportFrom(MainWindow& window) {
  if (window.isRunning()) {
    QMessageBox::information(&window, tr("Export"),
                             tr("The panes are still running. Export when every run has "
                                "finished (or stop them with Esc)."));
    return;
  }
  if (window.playback()->frameCount() == 0) {
    QMessageBox::information(&window, tr("Export"), tr("The scene has no frames to export."));
    return;
  }
  ExportDialog dialog(window);
  if (dialog.exec() != QDialog::Accepted) return;
  const ExportOutcome outcome =
      ExportJob::run(window, dialog.options(), dialog.panes(), dialog.renderOptions(), &window);
  if (!outcome.error.isEmpty()) {
    QMessageBox::critical(&window, tr("Export failed"),
                          tr("Nothing was written.\n\n%1").arg(outcome.error));
  } else if (outcome.result.cancelled) {
    window.statusBar()->showMessage(tr("Export cancelled; nothing was written."), 6000);
  } else {
    window.statusBar()->showMessage(tr("Exported %1 frames (%2 s) to %3, %4")
                                        .arg(outcome.result.frames)
                                        .arg(outcome.result.seconds, 0, 'f', 1)
                                        .arg(QString::fromStdString(outcome.result.outputPath))
                                        .arg(QString::fromStdString(formatBytes(double(outcome.result.bytes)))),
                                    10000);
  }
}

}  // namespace seqscope
