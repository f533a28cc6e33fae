#pragma once
// Runs one pane's model on a worker thread (QtConcurrent) and streams immutable snapshots of
// its trace to the GUI thread. A new start() cancels the run in progress; every start gets a
// generation number and snapshots of older generations are dropped on arrival, so a slow,
// cancelled run can never overwrite a newer one. The GUI thread never runs a model.
#include <QFutureWatcher>
#include <QMetaType>
#include <QObject>
#include <atomic>
#include <memory>

#include "core/run/pane_run.h"

Q_DECLARE_METATYPE(seqscope::PaneTrace)

namespace seqscope {

class PaneRunner : public QObject {
  Q_OBJECT

 public:
  explicit PaneRunner(QObject* parent = nullptr);
  ~PaneRunner() override;  // cancels and waits for the worker

  // modelDir: resolved; input: the text the pane reads. Returns the run's generation.
  std::uint64_t start(const PaneSpec& spec, const QString& modelDir, const QString& input);
  void cancel();
  bool isRunning() const { return watcher_.isRunning(); }
  std::uint64_t generation() const { return generation_; }
  // Blocks until the current run ended (tests, export); events are not processed.
  void waitForFinished() { watcher_.waitForFinished(); }

 signals:
  // A newer snapshot of the current run (on the GUI thread).
  void tracesChanged(const seqscope::PaneTrace& traces);
  // The current run failed (missing model, unknown character, ...).
  void failed(const QString& message);
  // The current run ended, finished or cancelled.
  void runningChanged(bool running);

 private:
  void deliver(std::uint64_t generation, const PaneTrace& traces);
  void fail(std::uint64_t generation, const QString& message);

  QFutureWatcher<void> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::uint64_t generation_ = 0;
};

}  // namespace seqscope
