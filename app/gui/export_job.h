#pragma once
// Runs one export of the window's scene off the GUI thread, under a QProgressDialog with
// Cancel: the encoder works on a QtConcurrent worker, and every frame is drawn on the GUI
// thread (GuiThreadFrameSource), which keeps processing events in between. Cancel stops at
// the next frame and leaves no file (the exporter writes into a temporary and renames it).
#include <QString>
#include <vector>

#include "app/export/export_options.h"
#include "app/export/exporter.h"
#include "app/gui/scene_render_options.h"

class QWidget;

namespace seqscope {

class MainWindow;

struct ExportOutcome {
  ExportResult result;  // result.cancelled when the user cancelled
  QString error;        // not empty when the export failed (nothing was written)
};

class ExportJob {
 public:
  // Blocks (with a local event loop) until the export finished, failed or was cancelled.
  // The window's transport moves through the frames while it runs and returns afterwards, and
  // so does its font scale.
  static ExportOutcome run(MainWindow& window, const ExportOptions& options,
                           const std::vector<int>& panes, const SceneRenderOptions& render,
                           QWidget* parent);
};

}  // namespace seqscope
