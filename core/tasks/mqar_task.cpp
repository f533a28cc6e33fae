#include "core/tasks/mqar_task.h"

#include <numeric>

#include "core/tasks/task_util.h"

namespace seqscope {

MqarTask::MqarTask(const TaskOptions& o) {
  using taskutil::option;
  vocab_ = option("mqar", "vocab", o.vocab, 32, 4, 8192);
  if (vocab_ % 2 != 0)
    throw Error("task 'mqar': option vocab must be even (keys and values are its two halves), got " +
                std::to_string(vocab_));
  numPairs_ = option("mqar", "numPairs", o.numPairs, 8, 1, vocab_ / 2);
  numQueries_ = option("mqar", "numQueries", o.numQueries, 4, 1, numPairs_);
}

Example MqarTask::sample(Rng& rng) const {
  const int half = vocab_ / 2;
  Example ex = taskutil::blankExample(maxLength());

  // Distinct keys: a partial Fisher-Yates over the key alphabet.
  std::vector<int> keys(static_cast<std::size_t>(half));
  std::iota(keys.begin(), keys.end(), 0);
  for (int i = 0; i < numPairs_; ++i)
    std::swap(keys[std::size_t(i)], keys[std::size_t(i) + rng.below(std::uint64_t(half - i))]);
  std::vector<int> values(static_cast<std::size_t>(numPairs_));
  for (int i = 0; i < numPairs_; ++i) {
    values[std::size_t(i)] = half + int(rng.below(std::uint64_t(half)));
    ex.tokens[std::size_t(2 * i)] = keys[std::size_t(i)];
    ex.tokens[std::size_t(2 * i + 1)] = values[std::size_t(i)];
  }
  const int sep = 2 * numPairs_;
  ex.tokens[std::size_t(sep)] = separator();

  // Distinct queries: a random subset of the pairs, in random order.
  std::vector<int> order(static_cast<std::size_t>(numPairs_));
  std::iota(order.begin(), order.end(), 0);
  for (int i = 0; i < numQueries_; ++i)
    std::swap(order[std::size_t(i)], order[std::size_t(i) + rng.below(std::uint64_t(numPairs_ - i))]);
  for (int i = 0; i < numQueries_; ++i) {
    const int pair = order[std::size_t(i)];
    const int q = sep + 1 + 2 * i;
    ex.tokens[std::size_t(q)] = keys[std::size_t(pair)];
    ex.tokens[std::size_t(q + 1)] = values[std::size_t(pair)];
    ex.targets[std::size_t(q)] = values[std::size_t(pair)];
  }
  return ex;
}

std::vector<int> MqarTask::answerPositions(const std::vector<int>& tokens, int vocabSize) const {
  // The layout of any MQAR vocabulary: keys, then as many values, then the separator.
  const int separator = vocabSize - 1, half = separator / 2;
  std::vector<int> positions;
  bool queries = false;
  for (std::size_t p = 0; p + 1 < tokens.size(); ++p) {
    if (tokens[p] == separator) queries = true;
    else if (queries && tokens[p] >= 0 && tokens[p] < half) positions.push_back(int(p));
  }
  return positions;
}

Vocabulary MqarTask::vocabulary() const {
  const int half = vocab_ / 2;
  std::vector<std::string> t;
  for (int i = 0; i < half; ++i) t.push_back(half <= 26 ? std::string(1, char('a' + i)) : "k" + std::to_string(i));
  for (int i = 0; i < half; ++i) t.push_back(half <= 26 ? std::string(1, char('A' + i)) : "v" + std::to_string(i));
  t.push_back("|");
  return Vocabulary(std::move(t));
}

}  // namespace seqscope
