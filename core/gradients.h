#pragma once
// Parameter gradients, keyed by the parameter's storage (the Mat a module registered with
// addParameter). Backward passes accumulate with `grads.of(weight) += ...`, so modules need
// no gradient members of their own. Each OpenMP worker of a batch owns one Gradients and
// they are summed in a fixed order, which keeps training deterministic.
#include <map>

#include "core/parameters.h"
#include "core/tensor.h"

namespace seqscope {

class Gradients {
 public:
  // The gradient of `param`, created as zeros of its shape on first use.
  Mat& of(const Mat& param) {
    auto it = grads_.find(&param);
    if (it == grads_.end()) it = grads_.emplace(&param, Mat::Zero(param.rows(), param.cols())).first;
    return it->second;
  }
  // The gradient if any backward pass touched `param`, else null.
  const Mat* find(const Mat& param) const {
    auto it = grads_.find(&param);
    return it == grads_.end() ? nullptr : &it->second;
  }
  void add(const Gradients& other) {
    for (const auto& [p, g] : other.grads_) of(*p) += g;
  }
  void scale(Real s) {
    for (auto& [p, g] : grads_) g *= s;
  }
  void clear() { grads_.clear(); }
  bool empty() const { return grads_.empty(); }
  // Squared L2 norm over the parameters of `params` (those without gradient count as 0).
  double squaredNorm(const ParameterList& params) const {
    double s = 0;
    for (const auto& p : params)
      if (const Mat* g = find(*p.value)) s += double(g->squaredNorm());
    return s;
  }

 private:
  std::map<const Mat*, Mat> grads_;
};

}  // namespace seqscope
