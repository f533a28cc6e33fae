#include "core/trace/generation_trace.h"

#include <algorithm>

#include "core/io/vocabulary.h"

namespace seqscope {

std::string GenerationTrace::text(int frame) const {
  if (frames.empty()) return {};
  const GenerationFrame& f = frames[std::size_t(std::clamp(frame, 0, int(frames.size()) - 1))];
  const bool words = Vocabulary::isWordLevel(vocabulary);
  std::string out;
  for (std::size_t i = 0; i < f.tokens.size(); ++i) {
    const int id = f.tokens[i];
    const bool open = (i < f.masked.size() && f.masked[i]) || id < 0 || id >= int(vocabulary.size());
    if (open) {
      Vocabulary::appendToken(out, "\u25A2", words);
      continue;
    }
    if (vocabulary[std::size_t(id)] == "_") continue;  // the tasks' pad
    Vocabulary::appendToken(out, vocabulary[std::size_t(id)], words);
  }
  return out;
}

std::vector<MeterSample> GenerationTrace::meters() const {
  std::vector<MeterSample> out;
  out.reserve(frames.size());
  for (const auto& f : frames) {
    MeterSample m = f.meter;
    m.nfe = f.nfe;
    m.generated = 0;
    for (std::size_t i = std::size_t(promptLength); i < f.masked.size(); ++i) m.generated += !f.masked[i];
    out.push_back(m);
  }
  return out;
}

}  // namespace seqscope
