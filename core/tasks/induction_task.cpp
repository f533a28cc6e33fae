#include "core/tasks/induction_task.h"

#include "core/tasks/task_util.h"

namespace seqscope {

InductionTask::InductionTask(const TaskOptions& o) {
  length_ = taskutil::option("induction", "length", o.length, 16, 2, 4096);
  vocab_ = taskutil::option("induction", "vocab", o.vocab, 16, 3, 1024);
}

Example InductionTask::sample(Rng& rng) const {
  Example ex = taskutil::blankExample(maxLength());
  const int trigger = int(rng.below(std::uint64_t(vocab_)));
  // A uniform symbol other than the trigger: draw from V-1 and skip over it.
  auto other = [&] {
    const int s = int(rng.below(std::uint64_t(vocab_ - 1)));
    return s >= trigger ? s + 1 : s;
  };
  const int target = other();
  const int p = int(rng.below(std::uint64_t(length_ - 1)));
  for (int i = 0; i < length_; ++i) ex.tokens[std::size_t(i)] = other();
  ex.tokens[std::size_t(p)] = trigger;
  ex.tokens[std::size_t(p + 1)] = target;
  ex.tokens[std::size_t(length_)] = trigger;
  ex.tokens[std::size_t(length_ + 1)] = target;
  ex.targets[std::size_t(length_)] = target;
  return ex;
}

Vocabulary InductionTask::vocabulary() const {
  std::vector<std::string> t;
  for (int i = 0; i < vocab_; ++i) t.push_back(taskutil::symbolLabel(i, vocab_));
  return Vocabulary(std::move(t));
}

}  // namespace seqscope
