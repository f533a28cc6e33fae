#pragma once
// JSON form of a RefinementTrace, as `seqscope solve --trace OUT.json` writes it (the format
// is documented in the README, section "seqscope solve").
#include <nlohmann/json.hpp>
#include <string>

#include "core/trace/refinement_trace.h"

namespace seqscope {

nlohmann::json refinementTraceToJson(const RefinementTrace& trace);
// Written atomically; throws Error naming the path when it cannot be written.
void writeRefinementTrace(const RefinementTrace& trace, const std::string& path);

}  // namespace seqscope
