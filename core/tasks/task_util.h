#pragma once
// Small helpers shared by the generated tasks: option checking with messages that name the
// option and its allowed range, token labels, and sequence assembly. Header-only because
// each is a few lines and every task uses them.
#include <string>
#include <vector>

#include "core/error.h"
#include "core/tasks/task.h"

namespace seqscope::taskutil {

// The option's value, or `fallback` when it is 0 ("task default", see TaskOptions). Anything
// outside [lo, hi] is a user error that names the task, the option and the range.
inline int option(const std::string& task, const char* name, int value, int fallback, int lo,
                  int hi) {
  const int v = value == 0 ? fallback : value;
  if (v < lo || v > hi)
    throw Error("task '" + task + "': option " + name + " must be between " + std::to_string(lo) +
                " and " + std::to_string(hi) + " (got " + std::to_string(v) + ")");
  return v;
}

// Label of symbol i of an alphabet of `count` symbols: single letters (a-z, then A-Z) while
// they suffice, so decoded examples read as text; "s<i>" beyond 52 symbols.
inline std::string symbolLabel(int i, int count) {
  if (count <= 52) return std::string(1, i < 26 ? char('a' + i) : char('A' + i - 26));
  return "s" + std::to_string(i);
}

// Scores the answer span: every position t in [from, to) predicts tokens[t + 1]. Keeping the
// answer inside the sequence (teacher forcing) makes targets[t] == tokens[t + 1] wherever
// something is scored, which the tests check for every task.
inline void scoreNext(Example& ex, int from, int to) {
  for (int t = from; t < to; ++t) ex.targets[std::size_t(t)] = ex.tokens[std::size_t(t) + 1];
}

// A fresh example of n tokens, nothing scored yet.
inline Example blankExample(int n) {
  Example ex;
  ex.tokens.assign(std::size_t(n), 0);
  ex.targets.assign(std::size_t(n), -1);
  return ex;
}

// Fisher-Yates with the task's Rng, so shuffles do not depend on the standard library.
template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[std::size_t(rng.below(i))]);
}

}  // namespace seqscope::taskutil
