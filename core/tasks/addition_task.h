#pragma once
// Addition: "a+b=" then the sum. Operands have exactly `digits` digits (zero-padded, most
// significant first, as people write them); the sum is written with digits+1 digits in
// REVERSED order (least significant first), then the end token. Reversal is deliberate: a
// causal model emits the answer left to right, and with the units digit first every output
// digit depends only on the operand digits at the same place plus the carry it has just
// produced, so a small model can learn the carry chain locally. Most-significant-first needs
// the whole carry chain resolved before the first digit (Lee et al. 2023, "Teaching
// arithmetic to small transformers").
//
// Vocabulary: ids 0-9 the digits "0".."9", 10 "+", 11 "=", 12 end ".", 13 pad "_" (never
// inside an example, since all examples of one task have the same length; it is there for
// callers that batch different tasks).
//   digits=3, 123+045:  1 2 3 + 0 4 5 = 8 6 1 0 .
// Scored: the answer digits and the end token, targets[t] = tokens[t + 1] from "=" on.
// Options: digits (default 3, 1..32).
#include "core/tasks/task.h"

namespace seqscope {

class AdditionTask : public Task {
 public:
  static constexpr int kPlus = 10, kEquals = 11, kEnd = 12, kPad = 13;

  explicit AdditionTask(const TaskOptions& options);

  std::string name() const override { return "addition"; }
  int vocabSize() const override { return 14; }
  int maxLength() const override { return 2 * digits_ + 2 + (digits_ + 1) + 1; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;
  // "123+045=8610.": the sum read back in normal order and checked, "123+045 = 168" (or
  // "123+045 = 178, not 168").
  Judgement judge(const std::string& text) const override;

  int digits() const { return digits_; }

 private:
  int digits_;
};

}  // namespace seqscope
