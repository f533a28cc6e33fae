#include "core/tasks/addition_task.h"

#include "core/tasks/task_util.h"

namespace seqscope {

AdditionTask::AdditionTask(const TaskOptions& o) {
  digits_ = taskutil::option("addition", "digits", o.digits, 3, 1, 32);
}

Example AdditionTask::sample(Rng& rng) const {
  const int d = digits_;
  Example ex = taskutil::blankExample(maxLength());
  // Digits are drawn one by one (uniform operands in [0, 10^d)), and the sum is done
  // schoolbook-style, so any width works without overflow.
  const auto width = static_cast<std::size_t>(d);
  std::vector<int> a(width), b(width);
  for (int i = 0; i < d; ++i) a[std::size_t(i)] = int(rng.below(10));
  for (int i = 0; i < d; ++i) b[std::size_t(i)] = int(rng.below(10));
  int pos = 0;
  for (int i = 0; i < d; ++i) ex.tokens[std::size_t(pos++)] = a[std::size_t(i)];
  ex.tokens[std::size_t(pos++)] = kPlus;
  for (int i = 0; i < d; ++i) ex.tokens[std::size_t(pos++)] = b[std::size_t(i)];
  const int eq = pos;
  ex.tokens[std::size_t(pos++)] = kEquals;
  int carry = 0;
  for (int i = d - 1; i >= 0; --i) {  // units first: the reversed answer
    const int s = a[std::size_t(i)] + b[std::size_t(i)] + carry;
    ex.tokens[std::size_t(pos++)] = s % 10;
    carry = s / 10;
  }
  ex.tokens[std::size_t(pos++)] = carry;
  ex.tokens[std::size_t(pos++)] = kEnd;
  taskutil::scoreNext(ex, eq, pos - 1);
  return ex;
}

Vocabulary AdditionTask::vocabulary() const {
  std::vector<std::string> t;
  for (int i = 0; i < 10; ++i) t.push_back(std::string(1, char('0' + i)));
  for (const char* s : {"+", "=", ".", "_"}) t.push_back(s);
  return Vocabulary(std::move(t));
}

}  // namespace seqscope
