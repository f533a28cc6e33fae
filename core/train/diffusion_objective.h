#pragma once
// The LLaDA masked-diffusion objective (Nie et al. 2025, "Large Language Diffusion Models").
//
// A task example becomes a clean sequence: the prompt (every token up to and including the
// last unscored one, e.g. "123+045=" or a Sudoku puzzle and its "|") followed by the answer,
// padded with the pad token up to the task's longest sequence, so every sequence of a task has
// one length and a variable-length answer (English) ends in pads the model learns to emit.
// The diffusion model's vocabulary is the task's plus a pad "_" (reused when the task has one)
// and the mask token "[M]".
//
// Noising one sequence: draw t ~ U(0, 1), set p = (1 - eps) t + eps, and hide every answer
// token independently with probability p (the prompt is never hidden). The loss is the
// cross-entropy on the hidden tokens, each weighted 1 / p, divided by the answer length: an
// unbiased estimate of the negative ELBO per answer token.
#include <string>
#include <vector>

#include "core/io/vocabulary.h"
#include "core/tasks/task.h"
#include "core/util/rng.h"

namespace seqscope {

class DiffusionObjective {
 public:
  static constexpr double kEpsilon = 1e-3;  // LLaDA's eps: no answer token is ever certain to stay

  explicit DiffusionObjective(const Task& task);

  int vocabSize() const { return vocabSize_; }
  int maskId() const { return maskId_; }
  int padId() const { return padId_; }
  int sequenceLength() const { return sequenceLength_; }
  Vocabulary vocabulary() const { return vocabulary_; }

  struct Clean {
    std::vector<int> tokens;  // prompt then answer, padded to sequenceLength()
    int promptLength = 0;
  };
  Clean clean(const Example& example) const;

  struct Noised {
    std::vector<int> tokens;      // the clean sequence with hidden answer tokens set to maskId
    std::vector<int> targets;     // clean token at hidden positions, -1 elsewhere
    std::vector<double> weights;  // 1 / p at hidden positions, 0 elsewhere
    double p = 0;                 // the masking probability drawn for this sequence
    int answerLength = 0;         // positions that could have been hidden (the loss divisor)
  };
  // Draws t from rng, then one Bernoulli(p) per answer position, in position order.
  static Noised noise(const std::vector<int>& clean, int promptLength, int maskId, Rng& rng);
  // The same with t given (tests and the deterministic validation loss).
  static Noised noiseAt(const std::vector<int>& clean, int promptLength, int maskId, double t,
                        Rng& rng);

 private:
  Vocabulary vocabulary_;
  int vocabSize_ = 0, maskId_ = 0, padId_ = 0, sequenceLength_ = 0;
};

// Where the answer of a causal task example starts: one past the first scored position
// (targets[t] predicts tokens[t + 1]). Throws Error when nothing is scored.
int answerStart(const Example& example);

}  // namespace seqscope
