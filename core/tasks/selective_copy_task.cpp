#include "core/tasks/selective_copy_task.h"

#include "core/tasks/task_util.h"

namespace seqscope {

SelectiveCopyTask::SelectiveCopyTask(const TaskOptions& o) {
  length_ = taskutil::option("selective_copy", "length", o.length, 24, 1, 4096);
  numSymbols_ = taskutil::option("selective_copy", "numSymbols", o.numSymbols, 6, 1, length_);
  vocab_ = taskutil::option("selective_copy", "vocab", o.vocab, 8, 1, 1024);
}

Example SelectiveCopyTask::sample(Rng& rng) const {
  Example ex = taskutil::blankExample(maxLength());
  // Choose numSymbols of the `length` positions uniformly (selection sampling keeps them in
  // order, so the answer is simply the symbols as they are placed).
  int placed = 0;
  for (int i = 0; i < length_; ++i) {
    const int need = numSymbols_ - placed, left = length_ - i;
    if (int(rng.below(std::uint64_t(left))) < need) {
      const int s = int(rng.below(std::uint64_t(vocab_)));
      ex.tokens[std::size_t(i)] = s;
      ex.tokens[std::size_t(length_ + 1 + placed)] = s;
      ++placed;
    } else {
      ex.tokens[std::size_t(i)] = blank();
    }
  }
  ex.tokens[std::size_t(length_)] = separator();
  taskutil::scoreNext(ex, length_, length_ + numSymbols_);
  return ex;
}

Vocabulary SelectiveCopyTask::vocabulary() const {
  std::vector<std::string> t;
  for (int i = 0; i < vocab_; ++i) t.push_back(taskutil::symbolLabel(i, vocab_));
  t.push_back(".");
  t.push_back("|");
  return Vocabulary(std::move(t));
}

}  // namespace seqscope
