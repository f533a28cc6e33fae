#include "core/trace/generation_trace.h"

#include <algorithm>

namespace seqscope {

std::string GenerationTrace::text(int frame) const {
  if (frames.empty()) return {};
  const GenerationFrame& f = frames[std::size_t(std::clamp(frame, 0, int(frames.size()) - 1))];
  std::string out;
  for (std::size_t i = 0; i < f.tokens.size(); ++i) {
    const int id = f.tokens[i];
    const bool open = (i < f.masked.size() && f.masked[i]) || id < 0 || id >= int(vocabulary.size());
    if (open) {
      out += "\u25A2";
      continue;
    }
    if (vocabulary[std::size_t(id)] == "_") continue;  // the tasks' pad
    out += vocabulary[std::size_t(id)];
  }
  return out;
}

}  // namespace seqscope
