#include "core/trace/refinement_trace.h"

namespace seqscope {

std::vector<MeterSample> RefinementTrace::meters() const {
  std::vector<MeterSample> out;
  out.reserve(frames.size());
  for (const auto& f : frames) {
    MeterSample m = f.meter;
    m.haltProbability = f.haltProbability;
    if (!solution.empty() && solution.size() == f.answer.size()) {
      int right = 0;
      // A given counts as right, as the view shows and checks it (core/trm/answer_check).
      for (std::size_t i = 0; i < solution.size(); ++i) {
        const char given = i < puzzle.size() ? puzzle[i] : '.';
        right += solution[i] == f.answer[i] || (given >= '1' && given <= '9');
      }
      m.correctFraction = double(right) / double(solution.size());
    }
    out.push_back(m);
  }
  return out;
}

}  // namespace seqscope
