#pragma once
// The explorer's own speed, for `seqscope bench`: how long the window takes to paint a frame
// of a four-pane scene at 1920x1080 and at 1280x720, and the longest the GUI thread went without handling
// events while a long softmax-attention run streamed frames to it from a worker.
// Needs a QApplication (bench creates one on the offscreen platform when there is no display).
#include <QSize>
#include <QString>

namespace seqscope {

class MainWindow;

// Paint time of every frame of the scene at one window size.
struct GuiBenchPaint {
  QSize size;
  int framesPainted = 0;
  double paintMedianMs = 0, paintWorstMs = 0, panesMedianMs = 0, metersMedianMs = 0;
};

struct GuiBenchResult {
  QString scene;              // the four-pane scene painted
  int framesPainted = 0;
  double paintMedianMs = 0;   // seek + repaint of the whole window, per frame
  double paintWorstMs = 0;
  double panesMedianMs = 0;   // the central widget (panes, transport) alone
  double metersMedianMs = 0;  // the meters dock alone
  GuiBenchPaint projector;    // the same at 1280x720
  int longRunTokens = 0;      // the attention run streamed while the GUI was watched
  int longRunFramesSeen = 0;  // frames the GUI had received when the watch ended
  double watchSeconds = 0;
  double largestStallMs = 0;  // longest gap between two ticks of a 2 ms GUI timer
};

class GuiBench {
 public:
  static GuiBenchResult run(double watchSeconds = 3.0, int longRunTokens = 65536);
  static GuiBenchPaint paint(MainWindow& window, QSize size);
};

}  // namespace seqscope
