#pragma once
// File → Export…: where and how to export the window's scene (format, size, fps, frame range,
// hold on the last frame, which panes, and for slides the title band, the meters and the text
// size). Remembers the last format, size, fps, hold, folder, title, meters and text size in
// QSettings. exportFrom() is the whole menu action: dialog, export with progress and Cancel
// (ExportJob), then an error message or a note in the status bar.
#include <QDialog>
#include <vector>

#include "app/export/export_options.h"
#include "app/gui/scene_render_options.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace seqscope {

class MainWindow;

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ExportDialog(MainWindow& window);

  ExportOptions options() const;
  std::vector<int> panes() const;  // indices of the checked panes
  SceneRenderOptions renderOptions() const;
  // For tests and the menu: set the output path (the format follows its extension).
  void setOutputPath(const QString& path);

  static void exportFrom(MainWindow& window);

 public slots:
  // Checks the choices (planExport) and, for an existing file, asks before replacing it.
  void accept() override;

 private:
  void onFormatChanged();
  void onPanesChanged();
  void browse();
  void saveSettings() const;
  ExportFormat format() const;

  MainWindow& window_;
  int sceneFps_;
  QLineEdit* path_;
  QComboBox* format_;
  QComboBox* preset_;
  QSpinBox* width_;
  QSpinBox* height_;
  QSpinBox* fps_;
  QSpinBox* from_;
  QSpinBox* to_;
  QLabel* framesLabel_;
  QDoubleSpinBox* hold_;
  std::vector<QCheckBox*> paneBoxes_;
  QCheckBox* title_;
  QCheckBox* meters_;
  QDoubleSpinBox* fontScale_;
};

}  // namespace seqscope
