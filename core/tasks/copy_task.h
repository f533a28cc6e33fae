#pragma once
// Copying: `length` random symbols, a separator, then the same symbols again. The copy is
// scored, so solving it needs the whole prefix in memory: attention looks it up, a recurrent
// state must hold length * log2(vocab) bits.
//
// Layout (vocab = V): ids 0..V-1 symbols (labels a..z, A..Z, or s<i> beyond 52), id V "|".
//   s1 s2 ... sL | s1 s2 ... sL
// targets[t] = tokens[t + 1] from the separator to the second-last token (the L copied
// symbols); the prompt is unscored. Options: length (default 8, 1..1024), vocab (default 8,
// 2..1024).
#include "core/tasks/task.h"

namespace seqscope {

class CopyTask : public Task {
 public:
  explicit CopyTask(const TaskOptions& options);

  std::string name() const override { return "copy"; }
  int vocabSize() const override { return vocab_ + 1; }
  int maxLength() const override { return 2 * length_ + 1; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;

  int length() const { return length_; }
  int separator() const { return vocab_; }

 private:
  int length_, vocab_;
};

}  // namespace seqscope
