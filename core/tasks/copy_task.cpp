#include "core/tasks/copy_task.h"

#include "core/tasks/task_util.h"

namespace seqscope {

CopyTask::CopyTask(const TaskOptions& o) {
  length_ = taskutil::option("copy", "length", o.length, 8, 1, 1024);
  vocab_ = taskutil::option("copy", "vocab", o.vocab, 8, 2, 1024);
}

Example CopyTask::sample(Rng& rng) const {
  Example ex = taskutil::blankExample(maxLength());
  for (int i = 0; i < length_; ++i) {
    const int s = int(rng.below(std::uint64_t(vocab_)));
    ex.tokens[std::size_t(i)] = s;
    ex.tokens[std::size_t(length_ + 1 + i)] = s;
  }
  ex.tokens[std::size_t(length_)] = separator();
  taskutil::scoreNext(ex, length_, 2 * length_);
  return ex;
}

Vocabulary CopyTask::vocabulary() const {
  std::vector<std::string> t;
  for (int i = 0; i < vocab_; ++i) t.push_back(taskutil::symbolLabel(i, vocab_));
  t.push_back("|");
  return Vocabulary(std::move(t));
}

}  // namespace seqscope
