#include "app/gui/export_job.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QtConcurrent>
#include <atomic>
#include <memory>

#include "app/export/gui_thread_frame_source.h"
#include "app/gui/scene_frame_source.h"
#include "app/gui/main_window.h"
#include "app/gui/playback.h"
#include "core/error.h"

namespace seqscope {

ExportOutcome ExportJob::run(MainWindow& window, const ExportOptions& options,
                             const std::vector<int>& panes, const SceneRenderOptions& render,
                             QWidget* parent) {
  Playback* playback = window.playback();
  const int shownFrame = playback->frame();
  playback->pause();
  ExportOutcome outcome;
  try {
    SceneFrameSource scene(window, panes, render);
    const QString name = QFileInfo(QString::fromStdString(options.outputPath)).fileName();
    QProgressDialog progress(QObject::tr("Exporting %1…").arg(name), QObject::tr("Cancel"), 0, 100,
                             parent);
    progress.setWindowTitle(QObject::tr("Export"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    progress.setValue(0);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    QObject::connect(&progress, &QProgressDialog::canceled, &progress, [&progress, cancelled] {
      cancelled->store(true);
      progress.setLabelText(QObject::tr("Cancelling…"));
    });

    GuiThreadFrameSource proxy(scene, &progress);
    QFutureWatcher<ExportOutcome> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcher<ExportOutcome>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([&proxy, &progress, options, cancelled] {
      ExportOutcome o;
      try {
        o.result = exportAnimation(proxy, options, [&progress, cancelled](int done, int total) {
          // Queued to the dialog: dropped if it is gone, never touched from this thread.
          QMetaObject::invokeMethod(
              &progress,
              [&progress, done, total] {
                progress.setMaximum(total);
                progress.setValue(done);
              },
              Qt::QueuedConnection);
          return !cancelled->load();
        });
      } catch (const std::exception& e) {
        o.error = QString::fromUtf8(e.what());
      }
      return o;
    }));
    if (!watcher.isFinished()) loop.exec();
    outcome = watcher.result();
  } catch (const Error& e) {
    outcome.error = QString::fromUtf8(e.what());
  }
  playback->seek(shownFrame);
  return outcome;
}

}  // namespace seqscope
