#pragma once
// What a pane's caption and its meters legend say, computed in one place from what the pane
// runs and shows now (its spec, its traces, the shown frame), never stored: a caption cannot
// go stale after the model, the view, the layer or the input changed. No widget, so it is
// tested as plain strings.
#include <QString>

#include "core/run/pane_run.h"
#include "core/scene/scene.h"

namespace seqscope {

struct PaneCaption {
  // What the pane shows: the scene's title for it while the pane is as the scene set it up
  // (Pane clears the title when the user changes what the pane runs or shows), otherwise made
  // from the spec: "mqar-mamba · state evolution · layer 1, head 0".
  QString heading;
  // Facts of the run and the shown frame: the generation's length, steps and blocks, the
  // frame, the measured step time and the bytes held.
  QString facts;
  // What the shown frame did, in the view's words: "read “F”, ‖S head 0‖ 1.70 → 1.21, predicts
  // “b” (0.93)", "committed “b” (0.93), “i” (0.88)", "cycle 2 of step 1: 14 cells changed,
  // halting 0.41".
  QString story;
  // Heading, story and facts as one line ("heading · story · facts").
  QString text() const;
};

// error: the run's error message, shown instead of the facts. busy: a run is in flight.
// brief (presentation mode): the facts of the run and the frame only, not the measurements.
PaneCaption paneCaption(const PaneSpec& spec, const PaneTrace& traces, int shownFrame, bool busy,
                        const QString& error = {}, bool brief = false);

// The story of the shown frame (PaneCaption::story) by itself.
QString frameStory(const PaneSpec& spec, const PaneTrace& traces, int shownFrame);

// A view's name as the pane's view picker lists it ("attention map", "state evolution").
QString viewTitle(const std::string& view);

// The heading made from the spec alone (what paneCaption uses without a title).
QString describePane(const PaneSpec& spec);

// The pane's name in the meters legend: short and unique in the window, "1 english-ar"
// (pane number as the window counts them from 1, then the model's folder name).
QString paneLegendName(int index, const PaneSpec& spec);

}  // namespace seqscope
