#include "core/mixers/ops.h"

#include <cassert>
#include <cmath>

namespace seqscope::ops {

void siluInPlace(Mat& m) {
  m = m.unaryExpr([](Real v) { return silu(v); });
}

Mat linear(const Mat& x, const Mat& w, const Mat* bias) {
  assert(x.cols() == w.cols());
  Mat y = x * w.transpose();
  if (bias) y.rowwise() += Row(*bias);
  return y;
}

Row linear(const Row& x, const Mat& w, const Mat* bias) {
  Row y = x * w.transpose();
  if (bias) y += Row(*bias);
  return y;
}

Mat rmsNorm(const Mat& x, const Mat& weight, Real eps, int groupSize) {
  const Eigen::Index C = x.cols();
  const Eigen::Index g = groupSize > 0 ? groupSize : C;
  assert(C % g == 0 && weight.size() == C);
  Mat y(x.rows(), C);
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    for (Eigen::Index c0 = 0; c0 < C; c0 += g) {
      auto seg = x.row(t).segment(c0, g);
      // Accumulate in double: the mean of squares is the one reduction where float
      // rounding visibly moves logits against the float64 reference.
      double ss = 0;
      for (Eigen::Index j = 0; j < g; ++j) ss += double(seg(j)) * double(seg(j));
      const Real inv = Real(1.0 / std::sqrt(ss / double(g) + double(eps)));
      for (Eigen::Index j = 0; j < g; ++j) y(t, c0 + j) = seg(j) * inv * weight(c0 + j);
    }
  }
  return y;
}

Mat gatedRmsNorm(const Mat& x, const Mat& gate, const Mat& weight, Real eps, int groupSize,
                 bool gateFirst) {
  Mat g = gate.unaryExpr([](Real v) { return silu(v); });
  if (gateFirst) return rmsNorm(x.cwiseProduct(g), weight, eps, groupSize);
  return rmsNorm(x, weight, eps, groupSize).cwiseProduct(g);
}

Mat causalDepthwiseConv(const Mat& x, const Mat& w, const Mat* bias) {
  const Eigen::Index T = x.rows(), C = x.cols(), K = w.cols();
  assert(w.rows() == C);
  Mat y(T, C);
  for (Eigen::Index t = 0; t < T; ++t) {
    for (Eigen::Index c = 0; c < C; ++c) {
      Real acc = bias ? (*bias)(c) : Real(0);
      for (Eigen::Index j = 0; j < K; ++j) {
        const Eigen::Index src = t - K + 1 + j;
        if (src >= 0) acc += w(c, j) * x(src, c);
      }
      y(t, c) = acc;
    }
  }
  return y;
}

Row causalDepthwiseConvStep(Mat& window, const Row& x, const Mat& w, const Mat* bias) {
  const Eigen::Index C = x.cols(), K = w.cols();
  assert(window.rows() == K - 1 && window.cols() == C);
  Row y(C);
  for (Eigen::Index c = 0; c < C; ++c) {
    Real acc = bias ? (*bias)(c) : Real(0);
    for (Eigen::Index j = 0; j < K - 1; ++j) acc += w(c, j) * window(j, c);
    acc += w(c, K - 1) * x(c);
    y(c) = acc;
  }
  if (K > 1) {
    for (Eigen::Index j = 0; j + 1 < K - 1; ++j) window.row(j) = window.row(j + 1);
    window.row(K - 2) = x;
  }
  return y;
}

Mat convWindowAfter(const Mat& x, int kernel) {
  Mat window = Mat::Zero(kernel - 1, x.cols());
  const Eigen::Index T = x.rows();
  for (Eigen::Index j = 0; j < kernel - 1; ++j) {
    const Eigen::Index src = T - (kernel - 1) + j;
    if (src >= 0) window.row(j) = x.row(src);
  }
  return window;
}

void applyRope(Mat& x, int numHeads, int headDim, double theta, std::int64_t start) {
  const int half = headDim / 2;
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    const double pos = double(start + t);
    for (int i = 0; i < half; ++i) {
      // Computed in double like transformers' inv_freq outer product, then rounded once.
      const double invFreq = 1.0 / std::pow(theta, double(2 * i) / double(headDim));
      const Real c = Real(std::cos(pos * invFreq)), s = Real(std::sin(pos * invFreq));
      for (int h = 0; h < numHeads; ++h) {
        Real& a = x(t, h * headDim + i);
        Real& b = x(t, h * headDim + i + half);
        const Real a0 = a, b0 = b;
        a = a0 * c - b0 * s;
        b = b0 * c + a0 * s;
      }
    }
  }
}

void l2NormalizeHeads(Mat& x, int numHeads, int headDim, Real eps) {
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    for (int h = 0; h < numHeads; ++h) {
      auto seg = x.row(t).segment(h * headDim, headDim);
      const Real inv = Real(1) / std::sqrt(seg.squaredNorm() + eps);
      seg *= inv;
    }
  }
}

}  // namespace seqscope::ops
