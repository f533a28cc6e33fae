#pragma once
// Runs ModelAnalyzer on a worker thread (QtConcurrent) for the window. One analysis runs at a
// time; while it runs, newer requests replace each other (typing a prompt asks many times)
// and only the latest is started next. Every request gets a generation number and only the
// result of the newest request is delivered, so a slow old result never overwrites a newer one.
#include <QFutureWatcher>
#include <QObject>
#include <memory>
#include <optional>

#include "app/gui/analysis_result.h"

namespace seqscope {

class ModelAnalyzer;

class AnalysisRunner : public QObject {
  Q_OBJECT

 public:
  explicit AnalysisRunner(QObject* parent = nullptr);
  ~AnalysisRunner() override;  // waits for a running analysis

  // Returns the request's generation.
  std::uint64_t request(const AnalysisRequest& request);
  bool isBusy() const { return watcher_.isRunning(); }
  std::uint64_t latestGeneration() const { return latest_; }

 signals:
  void busyChanged(bool busy);
  // The result of the newest request (possibly with an error); on the GUI thread.
  void resultReady(std::shared_ptr<const seqscope::AnalysisResult> result);

 private:
  void startPending();
  void onFinished();

  std::shared_ptr<ModelAnalyzer> analyzer_;
  QFutureWatcher<std::shared_ptr<const AnalysisResult>> watcher_;
  std::optional<AnalysisRequest> pending_;
  std::uint64_t latest_ = 0;
};

}  // namespace seqscope
