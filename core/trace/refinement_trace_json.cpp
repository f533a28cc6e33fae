#include "core/trace/refinement_trace_json.h"

#include "core/io/atomic_file.h"
#include "core/trace/meter_json.h"

namespace seqscope {

nlohmann::json refinementTraceToJson(const RefinementTrace& t) {
  nlohmann::json frames = nlohmann::json::array();
  for (const RefinementFrame& f : t.frames) {
    std::vector<int> changed(f.changed.begin(), f.changed.end());
    frames.push_back({{"supervision_step", f.supervisionStep},
                      {"cycle", f.cycle},
                      {"answer", f.answer},
                      {"changed", changed},
                      {"confidence", f.confidence},
                      {"halt_probability", f.haltProbability},
                      {"y_norm", f.yNorm},
                      {"z_norm", f.zNorm},
                      {"meter", meterToJson(f.meter)}});
  }
  return {{"task", t.task},
          {"model", t.modelName},
          {"rows", t.rows},
          {"cols", t.cols},
          {"puzzle", t.puzzle},
          {"solution", t.solution},
          {"halted", t.halted},
          {"supervision_steps", t.frames.empty() ? 0 : t.frames.back().supervisionStep + 1},
          {"frames", frames}};
}

void writeRefinementTrace(const RefinementTrace& trace, const std::string& path) {
  writeFileAtomically(path, refinementTraceToJson(trace).dump() + "\n");
}

}  // namespace seqscope
