#pragma once
// Cross-entropy of a causal model's logits against per-position targets (-1 = not scored).
#include <vector>

#include "core/tensor.h"

namespace seqscope {

struct LossResult {
  double loss = 0;       // sum over scored positions of -log p(target)
  int scored = 0;        // positions with a target
  int correct = 0;       // scored positions whose argmax is the target
  bool exact() const { return correct == scored; }
};

// When dlogits is given it receives scale * (softmax - onehot) on scored rows, zero elsewhere
// (scale is typically 1 / scored tokens of the whole batch, so the loss is a mean).
// Positions may carry a per-position weight (LLaDA's 1/p); empty = all 1.
LossResult crossEntropy(const Mat& logits, const std::vector<int>& targets, Mat* dlogits = nullptr,
                        double scale = 1.0, const std::vector<double>& weights = {});

}  // namespace seqscope
