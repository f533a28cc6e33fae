#pragma once
// The templated English of EnglishTask, one token per word: the same grammar, sentences and
// judge, with a vocabulary of the grammar's 90 word forms and the period. A masked diffusion
// model then commits words, as LLaDA commits word pieces; at character level it must also
// agree with itself on where each word begins, which three characters a step cannot.
// Options: length (most tokens per example, default 25: a one-word prompt and 24 to write; at
// least the longest sentence, 11
// words and its period).
#include "core/tasks/english_task.h"

namespace seqscope {

class EnglishWordsTask : public EnglishTask {
 public:
  explicit EnglishWordsTask(const TaskOptions& options);

  std::string name() const override { return "english_words"; }
  int vocabSize() const override { return int(words().size()); }
  int maxLength() const override { return lengthInWords_; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override { return Vocabulary(words()); }

  // The vocabulary: every word form the grammar writes, then ".".
  static const std::vector<std::string>& words();
  // Words of the longest sentence, its period included.
  static int longestSentenceWords();

 private:
  int lengthInWords_;
};

}  // namespace seqscope
