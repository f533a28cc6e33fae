#pragma once
// Multi-query associative recall (Zoology / Based, Arora et al. 2023): the model reads
// numPairs key-value pairs, then numQueries of the keys again, and must answer each with the
// value it was paired with. Recurrent mixers must fit all pairs into their fixed state, which
// is what makes MQAR the standard probe of state capacity.
//
// Layout (vocab = V, keys and values are disjoint halves of the alphabet):
//   ids 0 .. V/2-1   keys    (labels a, b, c, ... or k0, k1, ... when V/2 > 26)
//   ids V/2 .. V-1   values  (labels A, B, C, ... or v0, v1, ...)
//   id  V            separator "|" between the pairs and the queries
//   k1 v1 k2 v2 ... kN vN | q1 a1 q2 a2 ... qM aM
// Keys of the pairs are distinct, values are drawn independently (repeats allowed), queries
// are distinct keys from the pairs in random order, and a_i is q_i's value. Only the query
// positions are scored: targets[pos(q_i)] = a_i (which is also the next token).
// Options: numPairs (default 8, 1..V/2), numQueries (default 4, 1..numPairs),
// vocab (default 32, even, 4..8192).
#include "core/tasks/task.h"

namespace seqscope {

class MqarTask : public Task {
 public:
  explicit MqarTask(const TaskOptions& options);

  std::string name() const override { return "mqar"; }
  int vocabSize() const override { return vocab_ + 1; }
  int maxLength() const override { return 2 * numPairs_ + 1 + 2 * numQueries_; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;
  // After the first separator, every key followed by a token: its answer is that token.
  std::vector<int> answerPositions(const std::vector<int>& tokens, int vocabSize) const override;

  int numPairs() const { return numPairs_; }
  int numQueries() const { return numQueries_; }
  int separator() const { return vocab_; }
  bool isKey(int id) const { return id >= 0 && id < vocab_ / 2; }
  bool isValue(int id) const { return id >= vocab_ / 2 && id < vocab_; }

 private:
  int numPairs_, numQueries_, vocab_;
};

}  // namespace seqscope
