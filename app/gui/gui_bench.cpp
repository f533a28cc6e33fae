#include "app/gui/gui_bench.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <vector>

#include "app/gui/main_window.h"
#include "app/gui/pane.h"
#include "app/gui/playback.h"
#include "app/resource_paths.h"

namespace seqscope {
namespace {

void waitWhileRunning(MainWindow& w, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (w.isRunning() && t.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  QCoreApplication::processEvents();
}

}  // namespace

GuiBenchPaint GuiBench::paint(MainWindow& w, QSize size) {
  // Paint: every frame of the scene, each one seek (the views rebuild their data) and a
  // synchronous repaint of the whole window; the meters on (the slowest case), whatever the
  // screen's height would choose.
  w.resize(size);
  w.setMetersShown(true);
  QCoreApplication::processEvents();
  GuiBenchPaint r;
  r.size = size;
  std::vector<double> times, panes, meters;
  Playback* playback = w.playback();
  QWidget* dock = w.findChild<QWidget*>(QStringLiteral("meters"));
  for (int k = 0; k < playback->frameCount(); ++k) {
    QElapsedTimer t;
    t.start();
    playback->seek(k);
    w.repaint();
    times.push_back(double(t.nsecsElapsed()) / 1e6);
  }
  // Where the time goes: the panes alone, the meters alone (same frames again).
  for (int k = 0; k < playback->frameCount(); ++k) {
    playback->seek(k);
    QElapsedTimer t;
    t.start();
    w.centralWidget()->repaint();
    panes.push_back(double(t.nsecsElapsed()) / 1e6);
    t.restart();
    if (dock) dock->repaint();
    meters.push_back(double(t.nsecsElapsed()) / 1e6);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  r.panesMedianMs = median(panes);
  r.metersMedianMs = median(meters);
  if (!times.empty()) {
    std::sort(times.begin(), times.end());
    r.framesPainted = int(times.size());
    r.paintMedianMs = times[times.size() / 2];
    r.paintWorstMs = times.back();
  }
  return r;
}

GuiBenchResult GuiBench::run(double watchSeconds, int longRunTokens) {
  GuiBenchResult r;
  const QString scene = resourceDir() + "/scenes/5-hybrid.json";
  r.scene = scene;
  MainWindow w(scene);
  w.resize(1920, 1080);
  w.show();
  waitWhileRunning(w, 60000);
  // As on a 1080-line screen: the formula line and each frame's story are shown (on the 720
  // line projector below they are off, as there by default).
  w.setFormulasShown(true);
  const GuiBenchPaint hd = paint(w, QSize(1920, 1080));
  r.framesPainted = hd.framesPainted;
  r.paintMedianMs = hd.paintMedianMs;
  r.paintWorstMs = hd.paintWorstMs;
  r.panesMedianMs = hd.panesMedianMs;
  r.metersMedianMs = hd.metersMedianMs;
  w.setFormulasShown(false);
  r.projector = paint(w, QSize(1280, 720));

  // Stall: a 64k-token softmax attention run, token by token (O(T^2): far longer than the
  // watch), while a 2 ms timer on the GUI thread records the longest gap between its ticks.
  Scene s;
  s.title = "long run";
  s.input.reserve(std::size_t(longRunTokens));
  const std::string pattern = "aKbDcMdF|";
  for (int i = 0; i < longRunTokens; ++i) s.input += pattern[std::size_t(i) % pattern.size()];
  s.panes = {PaneSpec{.model = "mqar-attention", .run = "read", .view = "attention"}};
  w.setScene(s);
  QElapsedTimer clock;
  clock.start();
  qint64 last = 0;
  double worst = 0;
  QTimer tick;
  tick.setTimerType(Qt::PreciseTimer);
  QObject::connect(&tick, &QTimer::timeout, [&] {
    const qint64 now = clock.nsecsElapsed();
    worst = std::max(worst, double(now - last) / 1e6);
    last = now;
  });
  tick.start(2);
  last = clock.nsecsElapsed();
  while (clock.elapsed() < qint64(watchSeconds * 1000))
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  tick.stop();
  r.longRunTokens = longRunTokens;
  r.longRunFramesSeen = w.panes().front()->traces().frameCount();
  r.watchSeconds = watchSeconds;
  r.largestStallMs = worst;
  w.stopRuns();
  waitWhileRunning(w, 10000);
  return r;
}

}  // namespace seqscope
