#include "app/export/gui_thread_frame_source.h"

#include <QThread>
#include <exception>

#include "core/error.h"

namespace seqscope {

GuiThreadFrameSource::GuiThreadFrameSource(FrameSource& source, QObject* context)
    : source_(source), context_(context), frameCount_(source.frameCount()) {}

QImage GuiThreadFrameSource::renderFrame(int index, QSize size) {
  QObject* context = context_.data();
  if (!context) throw Error("the window closed during the export");
  // Called from the GUI thread itself (no worker), a blocking queued call would deadlock.
  if (QThread::currentThread() == context->thread()) return source_.renderFrame(index, size);
  QImage image;
  std::exception_ptr failure;
  const bool delivered = QMetaObject::invokeMethod(
      context,
      [&] {
        try {
          image = source_.renderFrame(index, size);
        } catch (...) {
          failure = std::current_exception();
        }
      },
      Qt::BlockingQueuedConnection);
  if (failure) std::rethrow_exception(failure);
  if (!delivered || image.isNull())
    throw Error("frame " + std::to_string(index) +
                " was not drawn: the window closed during the export");
  return image;
}

}  // namespace seqscope
