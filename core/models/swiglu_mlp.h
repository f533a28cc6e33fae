#pragma once
// The feed-forward half of a block: down(silu(gate(x)) * up(x)), as LlamaMLP.
#include <string>

#include "core/parameters.h"
#include "core/tensor.h"
#include "core/gradients.h"

namespace seqscope {

class SwigluMlp {
 public:
  SwigluMlp(int hiddenSize, int intermediateSize)
      : hidden_(hiddenSize), intermediate_(intermediateSize) {}

  void collectParameters(const std::string& prefix, ParameterList& out);
  Mat forward(const Mat& x) const;
  // Reverse mode: adds weight gradients, returns dL/dx.
  Mat backward(const Mat& x, const Mat& dy, Gradients& grads) const;
  // FLOPs for T positions.
  double flops(std::int64_t T) const { return 2.0 * 3.0 * double(T) * hidden_ * intermediate_; }

 private:
  int hidden_, intermediate_;
  Mat gate_, up_, down_;
};

}  // namespace seqscope
