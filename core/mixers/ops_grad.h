#pragma once
// Reverse-mode counterparts of core/mixers/ops.h. Each takes the forward inputs and dL/d(out),
// adds parameter gradients to `grads`, and returns dL/d(input). All are checked against
// central finite differences in double (tests/test_ops_grad.cpp).
#include "core/mixers/ops.h"
#include "core/gradients.h"

namespace seqscope::ops {

inline Real siluGrad(Real v) {
  const Real s = sigmoid(v);
  return s * (Real(1) + v * (Real(1) - s));
}
inline Real softplusGrad(Real v) { return v > Real(20) ? Real(1) : sigmoid(v); }
inline Real sigmoidGrad(Real v) {
  const Real s = sigmoid(v);
  return s * (Real(1) - s);
}

// dy (T x out) of y = x W^T + b: dW += dy^T x, db += column sums; returns dy W.
Mat linearBackward(const Mat& x, const Mat& w, const Mat* bias, const Mat& dy, Gradients& grads);

// dy of rmsNorm(x, weight, eps, groupSize); d weight accumulates into grads.
Mat rmsNormBackward(const Mat& x, const Mat& weight, Real eps, int groupSize, const Mat& dy,
                    Gradients& grads);

// dy of gatedRmsNorm(x, gate, ...): returns dx, writes dgate.
Mat gatedRmsNormBackward(const Mat& x, const Mat& gate, const Mat& weight, Real eps,
                         int groupSize, bool gateFirst, const Mat& dy, Gradients& grads,
                         Mat& dgate);

// dy of causalDepthwiseConv(x, w, bias): dw (C x K) and dbias accumulate; returns dx.
Mat causalDepthwiseConvBackward(const Mat& x, const Mat& w, const Mat* bias, const Mat& dy,
                                Gradients& grads);

// RoPE is a rotation per position: its backward rotates dy by the opposite angle, in place.
void applyRopeBackward(Mat& dy, int numHeads, int headDim, double theta, std::int64_t start);

// dy of l2NormalizeHeads(x) (given the un-normalised x): returns dx.
Mat l2NormalizeHeadsBackward(const Mat& x, const Mat& dy, int numHeads, int headDim,
                             Real eps = Real(1e-6));

}  // namespace seqscope::ops
