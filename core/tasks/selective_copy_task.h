#pragma once
// Selective copying (Mamba, Gu & Dao 2023, section 3.1): numSymbols data symbols scattered at
// random positions of a region of `length` tokens that is otherwise blank; after the
// separator the data symbols are repeated in order. Unlike plain copying the model must
// decide, from content, what to keep and what to skip — the case for input-dependent
// (selective) state updates.
//
// Layout (vocab = V): ids 0..V-1 symbols (labels a..z, A..Z, or s<i>), id V blank ".",
// id V+1 separator "|".
//   . a . . c . b . . | a c b
// targets[t] = tokens[t + 1] from the separator to the second-last token (the numSymbols
// answer symbols). Options: length (region, default 24, 1..4096), numSymbols (default 6,
// 1..length), vocab (default 8, 1..1024). Symbols may repeat.
#include "core/tasks/task.h"

namespace seqscope {

class SelectiveCopyTask : public Task {
 public:
  explicit SelectiveCopyTask(const TaskOptions& options);

  std::string name() const override { return "selective_copy"; }
  int vocabSize() const override { return vocab_ + 2; }
  int maxLength() const override { return length_ + 1 + numSymbols_; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;

  int length() const { return length_; }
  int numSymbols() const { return numSymbols_; }
  int blank() const { return vocab_; }
  int separator() const { return vocab_ + 1; }

 private:
  int length_, numSymbols_, vocab_;
};

}  // namespace seqscope
