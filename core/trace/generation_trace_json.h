#pragma once
// The JSON form of a GenerationTrace (`seqscope generate --trace`, format in the README):
//   {"sampler", "model", "prompt_length", "generation_length", "block_length", "mask_id",
//    "nfe", "cancelled", "vocabulary": [strings],
//    "frames": [{"step", "nfe", "tokens": [ids], "text": [strings], "masked": [bool],
//                "confidence": [float], "committed": [positions],
//                "meter": {"position", "tokens_this_step", "step_seconds", "live_bytes",
//                          "cumulative_flops"}}]}
// A slot not generated yet shows "[M]" in "text" (its id is the mask id, or -1 for AR).
#include <nlohmann/json.hpp>
#include <string>

#include "core/trace/generation_trace.h"

namespace seqscope {

nlohmann::json generationTraceToJson(const GenerationTrace& trace);
// Writes the trace atomically (never a half-written file); throws Error naming the path.
void writeGenerationTrace(const GenerationTrace& trace, const std::string& path);

}  // namespace seqscope
