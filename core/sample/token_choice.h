#pragma once
// Choosing a token from one row of logits, shared by both samplers: greedy at temperature 0,
// else the Gumbel-max trick (argmax of logits / T + Gumbel noise draws from softmax(logits / T)),
// with the softmax probability of the chosen token as its confidence.
#include <cmath>
#include <limits>

#include "core/tensor.h"
#include "core/util/rng.h"

namespace seqscope {

struct TokenChoice {
  int token = 0;
  float probability = 0;  // softmax(logits)[token], without temperature or noise
};

inline TokenChoice chooseToken(const Real* logits, Eigen::Index vocab, double temperature,
                               Rng& rng, int forbidden = -1) {
  double best = -std::numeric_limits<double>::infinity(), mx = best;
  int choice = 0;
  for (Eigen::Index v = 0; v < vocab; ++v) mx = std::max(mx, double(logits[v]));
  for (Eigen::Index v = 0; v < vocab; ++v) {
    double score = double(logits[v]);
    if (temperature > 0) {
      // One draw per vocabulary entry in id order keeps the stream reproducible.
      const double u = std::max(rng.uniform(), 1e-300);
      score = score / temperature - std::log(-std::log(u) + 1e-300);
    }
    // A diffusion model must never "commit" the mask token itself.
    if (int(v) == forbidden) continue;
    if (score > best) {
      best = score;
      choice = int(v);
    }
  }
  double sum = 0;
  for (Eigen::Index v = 0; v < vocab; ++v) sum += std::exp(double(logits[v]) - mx);
  return {choice, float(std::exp(double(logits[choice]) - mx) / sum)};
}

}  // namespace seqscope
