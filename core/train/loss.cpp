#include "core/train/loss.h"

#include <cmath>

#include "core/error.h"

namespace seqscope {

LossResult crossEntropy(const Mat& logits, const std::vector<int>& targets, Mat* dlogits,
                        double scale, const std::vector<double>& weights) {
  if (std::size_t(logits.rows()) != targets.size())
    throw Error("crossEntropy: " + std::to_string(targets.size()) + " targets for " +
                std::to_string(logits.rows()) + " positions");
  LossResult r;
  if (dlogits) *dlogits = Mat::Zero(logits.rows(), logits.cols());
  for (Eigen::Index t = 0; t < logits.rows(); ++t) {
    const int target = targets[std::size_t(t)];
    if (target < 0) continue;
    if (target >= logits.cols()) throw Error("crossEntropy: target " + std::to_string(target) + " out of range");
    const double w = weights.empty() ? 1.0 : weights[std::size_t(t)];
    Eigen::Index best = 0;
    const double mx = double(logits.row(t).maxCoeff(&best));
    double sum = 0;
    for (Eigen::Index v = 0; v < logits.cols(); ++v) sum += std::exp(double(logits(t, v)) - mx);
    const double logZ = mx + std::log(sum);
    r.loss += w * (logZ - double(logits(t, target)));
    ++r.scored;
    r.correct += best == target;
    if (dlogits) {
      for (Eigen::Index v = 0; v < logits.cols(); ++v)
        (*dlogits)(t, v) = Real(scale * w * std::exp(double(logits(t, v)) - logZ));
      (*dlogits)(t, target) -= Real(scale * w);
    }
  }
  return r;
}

}  // namespace seqscope
