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


Judgement AdditionTask::judge(const std::string& text) const {
  Judgement j;
  const std::size_t plus = text.find('+'), equals = text.find('=');
  if (plus == std::string::npos || equals == std::string::npos || equals < plus) return j;
  const std::string a = text.substr(0, plus), b = text.substr(plus + 1, equals - plus - 1);
  std::string reversed;  // the answer digits, units first, up to the end token
  for (std::size_t i = equals + 1; i < text.size() && text[i] != '.'; ++i) reversed += text[i];
  auto digitsOnly = [](const std::string& s) {
    return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digitsOnly(a) || !digitsOnly(b)) return j;
  const unsigned long long sum = std::stoull(a) + std::stoull(b);
  if (!digitsOnly(reversed)) {  // masked or malformed: not an answer yet, nothing to judge
    j.summary = a + "+" + b + " = ?";
    return j;
  }
  j.total = 1;
  const std::string written(reversed.rbegin(), reversed.rend());
  const unsigned long long got = std::stoull(written);
  j.right = got == sum;
  j.summary = a + "+" + b + " = " + std::to_string(got) + (j.right ? "" : ", not " + std::to_string(sum));
  return j;
}

}  // namespace seqscope
