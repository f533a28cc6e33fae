#pragma once
// Lets an export run on a worker thread while its frames are drawn on the GUI thread, where
// Qt widgets must be painted: each renderFrame() asks the GUI thread to render the frame
// (QMetaObject::invokeMethod, Qt::BlockingQueuedConnection) and waits for the image. The GUI
// keeps its event loop running in between, so it stays responsive (progress, Cancel).
// The GUI thread must never wait for the worker (that would deadlock): watch it with a
// QFutureWatcher instead.
#include <QObject>
#include <QPointer>

#include "app/export/frame_source.h"

namespace seqscope {

class GuiThreadFrameSource : public FrameSource {
 public:
  // `source` and `context` live on the GUI thread; `context` (any QObject there, e.g. the
  // progress dialog) receives the calls. Construct on the GUI thread.
  GuiThreadFrameSource(FrameSource& source, QObject* context);

  int frameCount() const override { return frameCount_; }
  // Called on the worker. An Error thrown by the source on the GUI thread is rethrown here;
  // if `context` is gone, Error.
  QImage renderFrame(int index, QSize size) override;

 private:
  FrameSource& source_;
  QPointer<QObject> context_;
  int frameCount_;
};

}  // namespace seqscope
