#include "core/trace/decode_trace.h"

#include <algorithm>

namespace seqscope {

bool DecodeTrace::isAnswerPosition(int position) const {
  return std::binary_search(answerPositions.begin(), answerPositions.end(), position);
}

int DecodeTrace::answerVerdict(int position) const {
  if (!isAnswerPosition(position) || position < 0 || position >= int(frames.size()) ||
      position + 1 >= int(tokens.size()))
    return -1;
  return frames[std::size_t(position)]->predictedToken == tokens[std::size_t(position) + 1] ? 1 : 0;
}

AnswerTally DecodeTrace::answersUpTo(int frame) const {
  AnswerTally t;
  t.total = int(answerPositions.size());
  for (int p : answerPositions) {
    const int verdict = p <= frame ? answerVerdict(p) : -1;
    if (verdict < 0) continue;
    ++t.read;
    t.correct += verdict;
  }
  return t;
}

std::vector<MeterSample> DecodeTrace::meters() const {
  std::vector<MeterSample> out;
  out.reserve(frames.size());
  for (const auto& f : frames) out.push_back(f->meter);
  return out;
}

}  // namespace seqscope
