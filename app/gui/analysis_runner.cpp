#include "app/gui/analysis_runner.h"

#include <QtConcurrent/QtConcurrentRun>

#include "app/gui/model_analyzer.h"

namespace seqscope {

AnalysisRunner::AnalysisRunner(QObject* parent)
    : QObject(parent), analyzer_(std::make_shared<ModelAnalyzer>()) {
  qRegisterMetaType<std::shared_ptr<const AnalysisResult>>();
  connect(&watcher_, &QFutureWatcherBase::finished, this, &AnalysisRunner::onFinished);
}

AnalysisRunner::~AnalysisRunner() {
  pending_.reset();
  watcher_.waitForFinished();
}

std::uint64_t AnalysisRunner::request(const AnalysisRequest& request) {
  ++latest_;
  pending_ = request;
  if (!watcher_.isRunning()) startPending();
  return latest_;
}

void AnalysisRunner::startPending() {
  if (!pending_) return;
  const AnalysisRequest request = *pending_;
  pending_.reset();
  const std::uint64_t generation = latest_;
  // The job owns a reference to the analyzer, so it stays valid even if the window goes.
  auto analyzer = analyzer_;
  watcher_.setFuture(QtConcurrent::run(
      [analyzer, request, generation] { return analyzer->analyze(request, generation); }));
  emit busyChanged(true);
}

void AnalysisRunner::onFinished() {
  const auto result = watcher_.result();
  if (pending_) {
    startPending();  // a newer request is waiting: this result is already stale
    return;
  }
  emit busyChanged(false);
  if (result && result->generation == latest_) emit resultReady(result);
}

}  // namespace seqscope
