#pragma once
// The rule that produced what a pane shows, as one line of rich text under its caption, with
// the term of the shown step highlighted: the mixer's recurrence for a read pane (from
// views/mixer_notation), the LLaDA unmasking step or the AR step for a generation, the TRM's
// two updates for a solve. Computed from the spec, the traces and the frame, never stored;
// no widget, so it is tested as strings.
#include <QString>

#include "core/run/pane_run.h"
#include "core/scene/scene.h"

namespace seqscope {

// Empty while the pane has no frame yet.
QString paneFormula(const PaneSpec& spec, const PaneTrace& traces, int shownFrame);

// Words a newcomer meets in the captions and formulas (NFE, d_k, implicit attention,
// parallel = recurrent), as a tooltip.
QString paneGlossary();

}  // namespace seqscope
