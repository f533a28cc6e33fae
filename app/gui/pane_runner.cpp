#include "app/gui/pane_runner.h"

#include <QtConcurrent>
#include <omp.h>

#include "core/error.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace seqscope {
namespace {

void lowerThreadPriority() {
#ifdef __linux__
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
#endif
  // One thread per worker: the panes' models are tiny, each pane has its own worker, and
  // OpenMP teams spinning on a busy 2-core machine made single steps hundreds of times
  // slower. (omp_set_num_threads sets this thread's own value only.)
  omp_set_num_threads(1);
}

}  // namespace

PaneRunner::PaneRunner(QObject* parent) : QObject(parent) {
  qRegisterMetaType<PaneTrace>();
  connect(&watcher_, &QFutureWatcher<void>::finished, this, [this] { emit runningChanged(false); });
}

PaneRunner::~PaneRunner() {
  cancel();
  watcher_.waitForFinished();
}

void PaneRunner::cancel() {
  if (cancel_) cancel_->store(true);
}

std::uint64_t PaneRunner::start(const PaneSpec& spec, const QString& modelDir,
                                const QString& input) {
  cancel();
  // The old run stops within one model step; waiting here keeps one model in memory per pane
  // and costs the GUI at most that step. The new run starts on a fresh cancel flag.
  watcher_.waitForFinished();
  const std::uint64_t generation = ++generation_;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  cancel_ = cancel;
  const std::string dir = modelDir.toStdString(), text = input.toStdString();
  QPointer<PaneRunner> self(this);
  watcher_.setFuture(QtConcurrent::run([self, spec, dir, text, cancel, generation] {
    // The model runs a little less eagerly than the GUI (nice +5 for this worker thread on
    // Linux): on a 2-core laptop a busy worker must not starve the thread that paints.
    lowerThreadPriority();
    auto post = [self](auto fn) {
      if (self) QMetaObject::invokeMethod(self.data(), fn, Qt::QueuedConnection);
    };
    try {
      PaneRun::Options options;
      options.cancel = cancel.get();
      PaneRun::run(spec, dir, text,
                   [&](const PaneTrace& snapshot) {
                     post([self, generation, snapshot] {
                       if (self) self->deliver(generation, snapshot);
                     });
                     return !cancel->load();
                   },
                   options);
    } catch (const std::bad_alloc&) {
      post([self, generation] {
        if (self) self->fail(generation, tr("not enough memory for this input; try a shorter one"));
      });
    } catch (const std::exception& e) {
      const QString message = QString::fromUtf8(e.what());
      post([self, generation, message] {
        if (self) self->fail(generation, message);
      });
    }
  }));
  emit runningChanged(true);
  return generation;
}

void PaneRunner::deliver(std::uint64_t generation, const PaneTrace& traces) {
  if (generation != generation_) return;  // a cancelled run's last words
  emit tracesChanged(traces);
}

void PaneRunner::fail(std::uint64_t generation, const QString& message) {
  if (generation != generation_) return;
  emit failed(message);
}

}  // namespace seqscope
