#pragma once
// A MeterSample as the JSON object every trace file uses ("meter" of each frame).
#include <nlohmann/json.hpp>

#include "core/trace/meter_sample.h"

namespace seqscope {

inline nlohmann::json meterToJson(const MeterSample& m) {
  return {{"position", m.position},
          {"tokens_this_step", m.tokensThisStep},
          {"step_seconds", m.stepSeconds},
          {"live_bytes", m.liveBytes},
          {"cumulative_flops", m.cumulativeFlops}};
}

}  // namespace seqscope
