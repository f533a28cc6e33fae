#include "core/mixers/ops_grad.h"

#include <cassert>
#include <cmath>

namespace seqscope::ops {

Mat linearBackward(const Mat& x, const Mat& w, const Mat* bias, const Mat& dy, Gradients& grads) {
  grads.of(w).noalias() += dy.transpose() * x;
  if (bias) grads.of(*bias) += dy.colwise().sum();
  return dy * w;
}

Mat rmsNormBackward(const Mat& x, const Mat& weight, Real eps, int groupSize, const Mat& dy,
                    Gradients& grads) {
  const Eigen::Index C = x.cols();
  const Eigen::Index g = groupSize > 0 ? groupSize : C;
  Mat dx(x.rows(), C);
  Mat& dw = grads.of(weight);
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    for (Eigen::Index c0 = 0; c0 < C; c0 += g) {
      double ss = 0;
      for (Eigen::Index j = 0; j < g; ++j) ss += double(x(t, c0 + j)) * double(x(t, c0 + j));
      const double inv = 1.0 / std::sqrt(ss / double(g) + double(eps));
      // y_j = x_j inv w_j; dx_i = inv (w_i dy_i) - x_i inv^3 / g * sum_j (w_j dy_j x_j)
      double dot = 0;
      for (Eigen::Index j = 0; j < g; ++j)
        dot += double(weight(c0 + j)) * double(dy(t, c0 + j)) * double(x(t, c0 + j));
      for (Eigen::Index j = 0; j < g; ++j) {
        const Eigen::Index c = c0 + j;
        dw(c) += Real(double(dy(t, c)) * double(x(t, c)) * inv);
        dx(t, c) = Real(inv * double(weight(c)) * double(dy(t, c)) -
                        double(x(t, c)) * inv * inv * inv / double(g) * dot);
      }
    }
  }
  return dx;
}

Mat gatedRmsNormBackward(const Mat& x, const Mat& gate, const Mat& weight, Real eps,
                         int groupSize, bool gateFirst, const Mat& dy, Gradients& grads,
                         Mat& dgate) {
  const Mat s = gate.unaryExpr([](Real v) { return silu(v); });
  const Mat ds = gate.unaryExpr([](Real v) { return siluGrad(v); });
  if (gateFirst) {  // y = rmsNorm(x * s)
    const Mat dxs = rmsNormBackward(x.cwiseProduct(s), weight, eps, groupSize, dy, grads);
    dgate = dxs.cwiseProduct(x).cwiseProduct(ds);
    return dxs.cwiseProduct(s);
  }
  // y = rmsNorm(x) * s
  const Mat n = rmsNorm(x, weight, eps, groupSize);
  dgate = dy.cwiseProduct(n).cwiseProduct(ds);
  return rmsNormBackward(x, weight, eps, groupSize, dy.cwiseProduct(s), grads);
}

Mat causalDepthwiseConvBackward(const Mat& x, const Mat& w, const Mat* bias, const Mat& dy,
                                Gradients& grads) {
  const Eigen::Index T = x.rows(), C = x.cols(), K = w.cols();
  Mat dx = Mat::Zero(T, C);
  Mat& dw = grads.of(w);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index c = 0; c < C; ++c) {
      const Real g = dy(t, c);
      for (Eigen::Index j = 0; j < K; ++j) {
        const Eigen::Index src = t - K + 1 + j;
        if (src < 0) continue;
        dw(c, j) += g * x(src, c);
        dx(src, c) += g * w(c, j);
      }
    }
  if (bias) grads.of(*bias) += dy.colwise().sum();
  return dx;
}

void applyRopeBackward(Mat& dy, int numHeads, int headDim, double theta, std::int64_t start) {
  const int half = headDim / 2;
  for (Eigen::Index t = 0; t < dy.rows(); ++t) {
    const double pos = double(start + t);
    for (int i = 0; i < half; ++i) {
      const double invFreq = 1.0 / std::pow(theta, double(2 * i) / double(headDim));
      const Real c = Real(std::cos(pos * invFreq)), s = Real(std::sin(pos * invFreq));
      for (int h = 0; h < numHeads; ++h) {
        Real& a = dy(t, h * headDim + i);
        Real& b = dy(t, h * headDim + i + half);
        const Real a0 = a, b0 = b;  // transpose of [[c, -s], [s, c]]
        a = a0 * c + b0 * s;
        b = b0 * c - a0 * s;
      }
    }
  }
}

Mat l2NormalizeHeadsBackward(const Mat& x, const Mat& dy, int numHeads, int headDim, Real eps) {
  Mat dx(x.rows(), x.cols());
  for (Eigen::Index t = 0; t < x.rows(); ++t)
    for (int h = 0; h < numHeads; ++h) {
      const auto xs = x.row(t).segment(h * headDim, headDim);
      const auto gs = dy.row(t).segment(h * headDim, headDim);
      const Real r = std::sqrt(xs.squaredNorm() + eps);
      // y = x / r: dx = dy / r - x (x . dy) / r^3
      dx.row(t).segment(h * headDim, headDim) = gs / r - xs * (xs.dot(gs) / (r * r * r));
    }
  return dx;
}

}  // namespace seqscope::ops
