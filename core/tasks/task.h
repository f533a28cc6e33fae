#pragma once
// A generated, seeded task: every example comes from an Rng, so the same seed gives the same
// data and train and eval draw from separate streams (no downloads, no files).
//
// An Example is a token sequence with per-position targets for a causal model:
// targets[t] is the token the model should predict after reading tokens[0..t], or -1 where
// nothing is scored (the prompt). An example counts as solved when the argmax at every
// scored position equals its target; under teacher forcing that is exactly "greedy
// decoding reproduces the whole answer".
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/io/vocabulary.h"
#include "core/util/rng.h"

namespace seqscope {

struct Example {
  std::vector<int> tokens;
  std::vector<int> targets;  // same length as tokens; -1 = not scored
};

// Task hyper-parameters; each task documents which it reads. Zero means "task default".
struct TaskOptions {
  int numPairs = 0;     // MQAR: key-value pairs
  int numQueries = 0;   // MQAR: queries
  int vocab = 0;        // MQAR / copy / selective copy / induction: size of the key/value/symbol
                        // alphabet (MQAR: keys and values together)
  int length = 0;       // copy / selective copy / induction: sequence length to copy or scan;
                        // english: most characters per example; english_words: most words
  int numSymbols = 0;   // selective copy: data symbols scattered in the scanned region
  int digits = 0;       // addition: digits per operand
  int gridSize = 0;     // sudoku: 4, 6 or 9; maze: side length
  int givens = 0;       // sudoku: number of given cells (difficulty)
};

// A generated text judged by the task's rules: how many of its parts are right, in words.
struct Judgement {
  int right = 0, total = 0;
  std::string summary;  // "123+045 = 168", "3 of 4 sentences grammatical" (no ✓/✗: the caller's);
                        // with total = 0, what there is so far ("123+045 = ?"), or empty
  bool allRight() const { return total > 0 && right == total; }
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string name() const = 0;
  virtual int vocabSize() const = 0;
  // The longest sequence sample() returns (models are sized from it).
  virtual int maxLength() const = 0;
  virtual Example sample(Rng& rng) const = 0;
  // Token strings, for display and for vocab.txt next to a trained checkpoint.
  virtual Vocabulary vocabulary() const = 0;
  // The positions of `tokens` (any text of the task's format, e.g. a scene's input, read by a
  // model of `vocabSize` tokens, which training options may have sized) where the task scores
  // the next token: the model's prediction there is an answer, checked against tokens[p + 1].
  // Empty when the task does not define it (a read run then checks nothing).
  virtual std::vector<int> answerPositions(const std::vector<int>& tokens, int vocabSize) const;
  // A generation (the prompt and the answer as display text; masks, if any, as "▢") judged
  // by the task's rules; total = 0 when the task has none or nothing is complete yet.
  virtual Judgement judge(const std::string& text) const;
};

// Seeds: training draws from Rng(seed), evaluation from Rng(seed + kEvalSeedOffset).
constexpr std::uint64_t kEvalSeedOffset = 0x5EED0FF5E7ull;

// Names: "mqar", "copy", "selective_copy", "induction", "addition", "english", "english_words", "sudoku4",
// "sudoku6", "sudoku9", "maze". Throws Error for an unknown name or invalid options.
std::unique_ptr<Task> makeTask(const std::string& name, const TaskOptions& options = {});
const std::vector<std::string>& knownTasks();

}  // namespace seqscope
