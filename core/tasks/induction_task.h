#pragma once
// Induction (Olsson et al. 2022, "in-context learning and induction heads"): a random
// sequence in which a trigger symbol occurs once, followed by a target symbol; at the end
// the trigger appears again and the model must predict the target ("... A B ... A -> B").
// The trigger is an ordinary symbol chosen at random per example, not a special token, so the
// model has to match the repeated token itself rather than learn a fixed marker.
//
// Layout (vocab = V, ids 0..V-1, labels a..z, A..Z or s<i>): a body of `length` tokens,
// then trigger, target. The trigger occurs in the body exactly once, at a random position
// p <= length-2, with the target at p+1; every other body token is drawn from the symbols
// other than the trigger, so the answer is unambiguous. The target differs from the trigger.
//   x x T y x x x ... x T y      (length + 2 tokens)
// Only the final trigger is scored: targets[length] = target (= tokens[length + 1]).
// Options: length (default 16, 2..4096), vocab (default 16, 3..1024).
#include "core/tasks/task.h"

namespace seqscope {

class InductionTask : public Task {
 public:
  explicit InductionTask(const TaskOptions& options);

  std::string name() const override { return "induction"; }
  int vocabSize() const override { return vocab_; }
  int maxLength() const override { return length_ + 2; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;

  int length() const { return length_; }

 private:
  int length_, vocab_;
};

}  // namespace seqscope
