#include "core/mixers/linear_attention/linear_attention.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/ops.h"
#include "core/mixers/ops_grad.h"
#include "core/gradients.h"

namespace seqscope {

namespace {

// elu(x) + 1: exp(x) for x <= 0, x + 1 above. Strictly positive, so phi(q) . z > 0 and the
// normaliser never changes sign.
inline Real phi(Real v) { return v > Real(0) ? v + Real(1) : std::exp(v); }
// d phi / dv: 1 above zero, exp(v) below (continuous at 0, so finite differences agree).
inline Real phiGrad(Real v) { return v > Real(0) ? Real(1) : std::exp(v); }

// Per head: S (d_k x d_v) and the normaliser z (1 x d_k). Fixed size, independent of position.
class LinearAttentionState : public MixerState {
 public:
  LinearAttentionState(int heads, int dk, int dv)
      : S(heads, Mat::Zero(dk, dv)), z(heads, Mat::Zero(1, dk)) {}

  std::size_t bytes() const override {
    std::size_t n = 0;
    for (std::size_t h = 0; h < S.size(); ++h) n += std::size_t(S[h].size() + z[h].size());
    return n * sizeof(Real);
  }
  std::vector<StateSlice> slices() const override {
    std::vector<StateSlice> out;
    for (std::size_t h = 0; h < S.size(); ++h) {
      out.push_back({"S head " + std::to_string(h), S[h]});
      out.push_back({"z head " + std::to_string(h), z[h]});
    }
    return out;
  }
  std::unique_ptr<MixerState> clone() const override {
    return std::make_unique<LinearAttentionState>(*this);
  }

  std::vector<Mat> S;
  std::vector<Mat> z;
};

LinearAttentionState& asState(MixerState& s) {
  auto* p = dynamic_cast<LinearAttentionState*>(&s);
  if (!p) throw Error("linear_attention: state was not created by a linear attention mixer");
  return *p;
}

}  // namespace

LinearAttention::LinearAttention(const LinearAttentionConfig& config) : cfg_(config) {
  if (cfg_.hiddenSize <= 0 || cfg_.numHeads <= 0 || cfg_.headKDim <= 0 || cfg_.headVDim <= 0)
    throw Error("linear_attention: hidden_size, num_heads, head_k_dim and head_v_dim must be "
                "positive");
  if (!(cfg_.eps >= 0)) throw Error("linear_attention: eps must be >= 0");
  const int H = cfg_.numHeads, D = cfg_.hiddenSize;
  wq_ = Mat::Zero(H * cfg_.headKDim, D);
  wk_ = Mat::Zero(H * cfg_.headKDim, D);
  wv_ = Mat::Zero(H * cfg_.headVDim, D);
  wo_ = Mat::Zero(D, H * cfg_.headVDim);
}

void LinearAttention::collectParameters(const std::string& prefix, ParameterList& out) {
  const int H = cfg_.numHeads, D = cfg_.hiddenSize;
  addParameter(out, prefix + "q_proj.weight", wq_, H * cfg_.headKDim, D);
  addParameter(out, prefix + "k_proj.weight", wk_, H * cfg_.headKDim, D);
  addParameter(out, prefix + "v_proj.weight", wv_, H * cfg_.headVDim, D);
  addParameter(out, prefix + "o_proj.weight", wo_, D, H * cfg_.headVDim);
}

void LinearAttention::featureProjections(const Mat& x, Mat& q, Mat& k, Mat& v) const {
  if (x.cols() != cfg_.hiddenSize)
    throw Error("linear_attention: input has " + std::to_string(x.cols()) +
                " columns, expected hidden_size " + std::to_string(cfg_.hiddenSize));
  q = ops::linear(x, wq_).unaryExpr([](Real a) { return phi(a); });
  k = ops::linear(x, wk_).unaryExpr([](Real a) { return phi(a); });
  v = ops::linear(x, wv_);
}

Mat LinearAttention::forward(const Mat& x, MixerState* finalState) const {
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  const Eigen::Index T = x.rows();
  const Real eps = cfg_.eps;
  Mat q, k, v;
  featureProjections(x, q, k, v);
  Mat o(T, Eigen::Index(H) * dv);
  std::vector<Mat> finalS(H), finalZ(H);

  // Heads are independent; each thread writes only its own column block of o and its own
  // finalS/finalZ entry, so the result does not depend on the thread count.
#pragma omp parallel for schedule(static) if (x.rows() >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    Mat S = Mat::Zero(dk, dv);
    Row z = Row::Zero(dk);
    for (Eigen::Index c0 = 0; c0 < T; c0 += kChunk) {
      const Eigen::Index n = std::min<Eigen::Index>(kChunk, T - c0);
      const Mat Qc = q.block(c0, Eigen::Index(h) * dk, n, dk);
      const Mat Kc = k.block(c0, Eigen::Index(h) * dk, n, dk);
      const Mat Vc = v.block(c0, Eigen::Index(h) * dv, n, dv);
      // Intra-chunk: causal (lower triangle incl. the diagonal) phi(q).phi(k) scores.
      Mat A = Qc * Kc.transpose();
      A.triangularView<Eigen::StrictlyUpper>().setZero();
      // Inter-chunk: everything before the chunk is summarised by (S, z).
      const Mat num = Qc * S + A * Vc;
      const Vec den = Qc * z.transpose() + A.rowwise().sum();
      for (Eigen::Index i = 0; i < n; ++i)
        o.block(c0 + i, Eigen::Index(h) * dv, 1, dv) = num.row(i) / (den(i) + eps);
      S.noalias() += Kc.transpose() * Vc;
      z += Kc.colwise().sum();
    }
    finalS[h] = std::move(S);
    finalZ[h] = std::move(z);
  }

  if (finalState) {
    auto& st = asState(*finalState);
    st.S = std::move(finalS);
    st.z = std::move(finalZ);
    st.position = T;
  }
  return ops::linear(o, wo_);
}

std::unique_ptr<MixerState> LinearAttention::newState() const {
  return std::make_unique<LinearAttentionState>(cfg_.numHeads, cfg_.headKDim, cfg_.headVDim);
}

Row LinearAttention::step(MixerState& state, const Row& x) const {
  auto& st = asState(state);
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  if (x.cols() != cfg_.hiddenSize)
    throw Error("linear_attention: step input has " + std::to_string(x.cols()) +
                " columns, expected hidden_size " + std::to_string(cfg_.hiddenSize));
  const Row q = ops::linear(x, wq_).unaryExpr([](Real a) { return phi(a); });
  const Row k = ops::linear(x, wk_).unaryExpr([](Real a) { return phi(a); });
  const Row v = ops::linear(x, wv_);
  Row o(H * dv);
  for (int h = 0; h < H; ++h) {
    const auto qh = q.segment(h * dk, dk);
    const auto kh = k.segment(h * dk, dk);
    st.S[h].noalias() += kh.transpose() * v.segment(h * dv, dv);
    st.z[h] += kh;
    const Real den = qh.dot(st.z[h].row(0)) + cfg_.eps;
    o.segment(h * dv, dv) = (qh * st.S[h]) / den;
  }
  ++st.position;
  return ops::linear(o, wo_);
}

ImplicitAttention LinearAttention::implicitAttention(const Mat& x) const {
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  const Eigen::Index T = x.rows();
  Mat q, k, v;
  featureProjections(x, q, k, v);
  ImplicitAttention ia;
  ia.weights.resize(H);
  ia.values.resize(H);
  ia.labels.resize(H);
#pragma omp parallel for schedule(static) if (x.rows() >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    Mat A = q.middleCols(Eigen::Index(h) * dk, dk) * k.middleCols(Eigen::Index(h) * dk, dk).transpose();
    A.triangularView<Eigen::StrictlyUpper>().setZero();
    // The masked row sum is phi(q_t) . z_t: z_t is the sum of phi(k_s) for s <= t.
    const Vec den = A.rowwise().sum().array() + cfg_.eps;
    for (Eigen::Index t = 0; t < T; ++t) A.row(t) /= den(t);
    ia.weights[h] = std::move(A);
    ia.values[h] = v.middleCols(Eigen::Index(h) * dv, dv);
    ia.labels[h] = "head " + std::to_string(h);
  }
  return ia;
}

Mat LinearAttention::outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const {
  const int H = cfg_.numHeads, dv = cfg_.headVDim;
  if (int(mixed.size()) != H)
    throw Error("linear_attention: outputFromMixed needs one mixed matrix per head (" +
                std::to_string(H) + "), got " + std::to_string(mixed.size()));
  Mat o(x.rows(), Eigen::Index(H) * dv);
  for (int h = 0; h < H; ++h) {
    if (mixed[h].rows() != x.rows() || mixed[h].cols() != dv)
      throw Error("linear_attention: mixed matrix of head " + std::to_string(h) +
                  " has the wrong shape");
    o.middleCols(Eigen::Index(h) * dv, dv) = mixed[h];
  }
  return ops::linear(o, wo_);
}

// Backward, per head. The normaliser folds into the value: with V' = [v, 1] (d_v + 1 wide)
// and S' = [S, z], num'_t = phi(q_t)^T S'_t is [num_t, den_t] and o_t = num_t / (den_t + eps).
// So dL/dnum' = dO' = [do_t r_t, -(do_t . o_t) r_t] with r_t = 1 / (den_t + eps), and the
// rest is plain causal linear attention over V':
//   dq_t = dO'_t S'_t^T,   dk_s = sum_{t>=s} (dO'_t . V'_s) q_t,   dv_s = sum_{t>=s} (q_t . k_s) dnum_t.
// A forward sweep over chunks carries S' (for o, dO' and dq), a reverse sweep carries
// dS' = sum over later positions of q_t^T dO'_t (for dk and dv).
Mat LinearAttention::backward(const Mat& x, const Mat& dy, Gradients& grads) const {
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  const Eigen::Index T = x.rows();
  if (x.cols() != cfg_.hiddenSize)
    throw Error("linear_attention: input has " + std::to_string(x.cols()) +
                " columns, expected hidden_size " + std::to_string(cfg_.hiddenSize));
  if (dy.rows() != T || dy.cols() != cfg_.hiddenSize)
    throw Error("linear_attention: backward got an output gradient of the wrong shape");
  const Real eps = cfg_.eps;
  const Mat preQ = ops::linear(x, wq_), preK = ops::linear(x, wk_);
  const Mat q = preQ.unaryExpr([](Real a) { return phi(a); });
  const Mat k = preK.unaryExpr([](Real a) { return phi(a); });
  const Mat v = ops::linear(x, wv_);
  const Mat dO = dy * wo_;  // dL/do, T x H*d_v (o_proj has no bias)
  Mat o(T, Eigen::Index(H) * dv), dQ(T, Eigen::Index(H) * dk), dK(T, Eigen::Index(H) * dk),
      dV(T, Eigen::Index(H) * dv);
  const int dva = dv + 1;

  // Heads are independent; each thread writes only its own column blocks.
#pragma omp parallel for schedule(static) if (x.rows() >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    const Eigen::Index kc = Eigen::Index(h) * dk, vc = Eigen::Index(h) * dv;
    auto augmented = [&](Eigen::Index c0, Eigen::Index n) {  // V' = [v, 1] of a chunk
      Mat Va(n, dva);
      Va.leftCols(dv) = v.block(c0, vc, n, dv);
      Va.col(dv).setOnes();
      return Va;
    };
    Mat dOa(T, dva);  // dL/dnum' for this head
    Mat Sa = Mat::Zero(dk, dva);
    for (Eigen::Index c0 = 0; c0 < T; c0 += kChunk) {
      const Eigen::Index n = std::min<Eigen::Index>(kChunk, T - c0);
      const Mat Qc = q.block(c0, kc, n, dk);
      const Mat Kc = k.block(c0, kc, n, dk);
      const Mat Va = augmented(c0, n);
      Mat A = Qc * Kc.transpose();
      A.triangularView<Eigen::StrictlyUpper>().setZero();
      const Mat num = Qc * Sa + A * Va;
      for (Eigen::Index i = 0; i < n; ++i) {
        const Real r = Real(1) / (num(i, dv) + eps);
        const Row oi = num.row(i).head(dv) * r;
        const auto doi = dO.row(c0 + i).segment(vc, dv);
        o.row(c0 + i).segment(vc, dv) = oi;
        dOa.row(c0 + i).head(dv) = doi * r;
        dOa(c0 + i, dv) = -doi.dot(oi) * r;
      }
      const auto dOc = dOa.middleRows(c0, n);
      Mat P = dOc * Va.transpose();
      P.triangularView<Eigen::StrictlyUpper>().setZero();
      dQ.block(c0, kc, n, dk) = P * Kc + dOc * Sa.transpose();
      Sa.noalias() += Kc.transpose() * Va;
    }
    Mat dSa = Mat::Zero(dk, dva);  // gradient of S' at the end of the current chunk
    for (Eigen::Index c0 = ((T - 1) / kChunk) * kChunk; T > 0 && c0 >= 0; c0 -= kChunk) {
      const Eigen::Index n = std::min<Eigen::Index>(kChunk, T - c0);
      const Mat Qc = q.block(c0, kc, n, dk);
      const Mat Kc = k.block(c0, kc, n, dk);
      const Mat Va = augmented(c0, n);
      const auto dOc = dOa.middleRows(c0, n);
      Mat A = Qc * Kc.transpose();
      A.triangularView<Eigen::StrictlyUpper>().setZero();
      Mat P = dOc * Va.transpose();
      P.triangularView<Eigen::StrictlyUpper>().setZero();
      dK.block(c0, kc, n, dk) = P.transpose() * Qc + Va * dSa.transpose();
      dV.block(c0, vc, n, dv) = A.transpose() * dOc.leftCols(dv) + Kc * dSa.leftCols(dv);
      dSa.noalias() += Qc.transpose() * dOc;
    }
  }

  grads.of(wo_).noalias() += dy.transpose() * o;
  // Through the feature map to the projections' pre-activations.
  for (Eigen::Index i = 0; i < dQ.size(); ++i) {
    dQ.data()[i] *= phiGrad(preQ.data()[i]);
    dK.data()[i] *= phiGrad(preK.data()[i]);
  }
  Mat dx = ops::linearBackward(x, wq_, nullptr, dQ, grads);
  dx += ops::linearBackward(x, wk_, nullptr, dK, grads);
  dx += ops::linearBackward(x, wv_, nullptr, dV, grads);
  return dx;
}

MixerCost LinearAttention::cost(std::int64_t T) const {
  const double H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim, D = cfg_.hiddenSize;
  const double t = double(T);
  // Projections (q, k, v in; o out) and the feature map (one op per element of q and k).
  const double projPerToken = 2 * D * (2 * H * dk + H * dv) + 2 * H * dv * D + 2 * H * dk;
  // Chunked mixing per head: per chunk of n positions, n^2 (dk + dv) multiply-adds for the
  // masked scores and their product with V, n^2 adds for the row sums, and per position
  // q.S, q.z, the state update k^T v and z update, and the division.
  const double nFull = double(T / LinearAttention::kChunk), rem = double(T % LinearAttention::kChunk);
  const double sumSq = nFull * kChunk * kChunk + rem * rem;
  const double quad = H * sumSq * (2 * dk + 2 * dv + 1);
  const double lin = H * t * (2 * dk * dv + 2 * dk + 2 * dk * dv + dk + dv);
  MixerCost c;
  c.prefillFlops = t * projPerToken + quad + lin;
  // One step: S += k v^T, z += k, q^T S, q . z, divide.
  c.decodeFlops = projPerToken + H * (2 * dk * dv + dk + 2 * dk * dv + 2 * dk + dv);
  c.stateBytes = std::size_t(H * (dk * dv + dk)) * sizeof(Real);
  return c;
}

}  // namespace seqscope
