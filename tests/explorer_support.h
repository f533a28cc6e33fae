#pragma once
// Waiting for the explorer's runs in GUI tests (the window's panes run on workers).
#include <QElapsedTimer>
#include <QtTest>

#include "app/gui/main_window.h"

namespace seqscope::testing {

// Runs start in the window's constructor or setScene; waits until none is left, then a little
// longer for the last queued snapshots and the layout. False if they outlived the timeout.
inline bool waitForRuns(MainWindow& w, int timeoutMs = 120000) {
  QElapsedTimer timer;
  timer.start();
  while (w.isRunning() && timer.elapsed() < timeoutMs) QTest::qWait(20);
  QTest::qWait(80);
  return !w.isRunning();
}

}  // namespace seqscope::testing
