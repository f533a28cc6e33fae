#include "core/mixers/retnet/retention.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/ops.h"
#include "core/mixers/ops_grad.h"
#include "core/gradients.h"

namespace seqscope {

namespace {

// Per head the d_k x d_v retention state. Fixed size: decay makes old tokens fade, no cache.
class RetentionState : public MixerState {
 public:
  RetentionState(int heads, int dk, int dv) : S(heads, Mat::Zero(dk, dv)) {}

  std::size_t bytes() const override {
    std::size_t n = 0;
    for (const auto& s : S) n += std::size_t(s.size());
    return n * sizeof(Real);
  }
  std::vector<StateSlice> slices() const override {
    std::vector<StateSlice> out;
    for (std::size_t h = 0; h < S.size(); ++h) out.push_back({"S head " + std::to_string(h), S[h]});
    return out;
  }
  std::unique_ptr<MixerState> clone() const override {
    return std::make_unique<RetentionState>(*this);
  }

  std::vector<Mat> S;
};

RetentionState& asState(MixerState& s) {
  auto* p = dynamic_cast<RetentionState*>(&s);
  if (!p) throw Error("retnet: state was not created by a retention mixer");
  return *p;
}

}  // namespace

Retention::Retention(const RetNetConfig& config) : cfg_(config) {
  if (cfg_.hiddenSize <= 0 || cfg_.numHeads <= 0 || cfg_.headKDim <= 0 || cfg_.headVDim <= 0)
    throw Error("retnet: hidden_size, num_heads, head_k_dim and head_v_dim must be positive");
  if (cfg_.headKDim % 2 != 0)
    throw Error("retnet: head_k_dim must be even for rotary embeddings, got " +
                std::to_string(cfg_.headKDim));
  if (!(cfg_.ropeTheta > 0)) throw Error("retnet: rope_theta must be positive");
  const int H = cfg_.numHeads, D = cfg_.hiddenSize;
  wq_ = Mat::Zero(H * cfg_.headKDim, D);
  wk_ = Mat::Zero(H * cfg_.headKDim, D);
  wv_ = Mat::Zero(H * cfg_.headVDim, D);
  wg_ = Mat::Zero(H * cfg_.headVDim, D);
  gnorm_ = Mat::Ones(1, cfg_.headVDim);
  wo_ = Mat::Zero(D, H * cfg_.headVDim);
}

double Retention::decay(int head) const { return 1.0 - std::exp2(-5.0 - double(head)); }

void Retention::collectParameters(const std::string& prefix, ParameterList& out) {
  const int H = cfg_.numHeads, D = cfg_.hiddenSize;
  addParameter(out, prefix + "q_proj.weight", wq_, H * cfg_.headKDim, D);
  addParameter(out, prefix + "k_proj.weight", wk_, H * cfg_.headKDim, D);
  addParameter(out, prefix + "v_proj.weight", wv_, H * cfg_.headVDim, D);
  addParameter(out, prefix + "g_proj.weight", wg_, H * cfg_.headVDim, D);
  addParameter(out, prefix + "g_norm.weight", gnorm_, 1, cfg_.headVDim, {}, 0.0f, 1.0f);
  addParameter(out, prefix + "o_proj.weight", wo_, D, H * cfg_.headVDim);
}

void Retention::checkWidth(Eigen::Index cols) const {
  if (cols != cfg_.hiddenSize)
    throw Error("retnet: input has " + std::to_string(cols) + " columns, expected hidden_size " +
                std::to_string(cfg_.hiddenSize));
}

void Retention::projections(const Mat& x, std::int64_t start, Mat& q, Mat& k, Mat& v) const {
  const int H = cfg_.numHeads, dk = cfg_.headKDim;
  q = ops::linear(x, wq_);
  k = ops::linear(x, wk_);
  v = ops::linear(x, wv_);
  ops::applyRope(q, H, dk, cfg_.ropeTheta, start);
  ops::applyRope(k, H, dk, cfg_.ropeTheta, start);
  q *= Real(1.0 / std::sqrt(double(dk)));
}

Mat Retention::finish(const Mat& x, const Mat& o) const {
  // rmsNorm wants a weight as wide as its input: the d_v weight repeated for every head.
  const Mat w = gnorm_.replicate(1, cfg_.numHeads);
  const Mat g = ops::linear(x, wg_);
  return ops::linear(ops::gatedRmsNorm(o, g, w, cfg_.normEps, cfg_.headVDim, false), wo_);
}

namespace {

// gamma^m for m = 0..kChunk (computed in double, rounded once) and the intra-chunk mask
// gamma^(i-j) for j <= i.
void decayTables(double gamma, int chunk, Vec& gp, Mat& decayMask) {
  gp.resize(chunk + 1);
  for (int m = 0; m <= chunk; ++m) gp(m) = Real(std::pow(gamma, double(m)));
  decayMask = Mat::Zero(chunk, chunk);
  for (int i = 0; i < chunk; ++i)
    for (int j = 0; j <= i; ++j) decayMask(i, j) = gp(i - j);
}

}  // namespace

Mat Retention::retain(const Mat& q, const Mat& k, const Mat& v, std::vector<Mat>* finalS,
                      std::vector<std::vector<Mat>>* chunkStarts) const {
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  const Eigen::Index T = q.rows();
  Mat o(T, Eigen::Index(H) * dv);
  if (finalS) finalS->assign(H, Mat());
  if (chunkStarts) chunkStarts->assign(H, {});

  // Heads are independent; each thread writes its own column block of o and its own entries.
#pragma omp parallel for schedule(static) if (T >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    Vec gp;
    Mat decayMask;
    decayTables(decay(h), kChunk, gp, decayMask);
    Mat S = Mat::Zero(dk, dv);
    for (Eigen::Index c0 = 0; c0 < T; c0 += kChunk) {
      if (chunkStarts) (*chunkStarts)[h].push_back(S);
      const Eigen::Index n = std::min<Eigen::Index>(kChunk, T - c0);
      const Mat Qc = q.block(c0, Eigen::Index(h) * dk, n, dk);
      const Mat Kc = k.block(c0, Eigen::Index(h) * dk, n, dk);
      const Mat Vc = v.block(c0, Eigen::Index(h) * dv, n, dv);
      // Intra-chunk: decayed causal scores.
      const Mat A = (Qc * Kc.transpose()).cwiseProduct(decayMask.topLeftCorner(n, n));
      Mat out = A * Vc;
      // Inter-chunk: row i sees the carried state decayed i + 1 times.
      const Mat fromState = Qc * S;
      for (Eigen::Index i = 0; i < n; ++i) out.row(i) += gp(i + 1) * fromState.row(i);
      o.block(c0, Eigen::Index(h) * dv, n, dv) = out;
      // S <- gamma^n S + sum_j gamma^(n-1-j) k_j v_j^T.
      Mat Kd = Kc;
      for (Eigen::Index j = 0; j < n; ++j) Kd.row(j) *= gp(n - 1 - j);
      S *= gp(n);
      S.noalias() += Kd.transpose() * Vc;
    }
    if (finalS) (*finalS)[h] = std::move(S);
  }
  return o;
}

Mat Retention::forward(const Mat& x, MixerState* finalState) const {
  checkWidth(x.cols());
  Mat q, k, v;
  projections(x, 0, q, k, v);
  std::vector<Mat> finalS;
  const Mat o = retain(q, k, v, finalState ? &finalS : nullptr, nullptr);
  if (finalState) {
    auto& st = asState(*finalState);
    st.S = std::move(finalS);
    st.position = x.rows();
  }
  return finish(x, o);
}

// Backward. finish() first: o_proj, then the gated RMSNorm, whose d_v-wide weight is used
// once per head, so its gradient is the sum of the per-head column blocks; the silu gate
// sends its gradient to g_proj. Then the retention itself, per head with row i of a chunk
// seeing the state before the chunk decayed gamma^(i+1) times:
//   dq_t = do_t S_t^T,  dk_s = sum_{t>=s} gamma^(t-s) (do_t . v_s) q_t,
//   dv_s = sum_{t>=s} gamma^(t-s) (q_t . k_s) do_t,
// chunked: the masked decayed form inside a chunk, the stored state before the chunk for
// dq, and dS (gradient of the state after the chunk, carried backwards, decayed gamma^n per
// chunk) for dk and dv. Finally the q scale, RoPE (a rotation: its transpose) and q/k/v_proj.
Mat Retention::backward(const Mat& x, const Mat& dy, Gradients& grads) const {
  checkWidth(x.cols());
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  const Eigen::Index T = x.rows();
  if (dy.rows() != T || dy.cols() != cfg_.hiddenSize)
    throw Error("retnet: backward got an output gradient of the wrong shape");
  Mat q, k, v;
  projections(x, 0, q, k, v);
  std::vector<std::vector<Mat>> starts;
  const Mat o = retain(q, k, v, nullptr, &starts);

  const Mat w = gnorm_.replicate(1, H);
  const Mat g = ops::linear(x, wg_);
  const Mat normed = ops::gatedRmsNorm(o, g, w, cfg_.normEps, dv, false);
  const Mat dNormed = ops::linearBackward(normed, wo_, nullptr, dy, grads);
  Gradients wide;  // keyed by the local replicated weight, folded into g_norm.weight below
  Mat dg;
  const Mat dO = ops::gatedRmsNormBackward(o, g, w, cfg_.normEps, dv, false, dNormed, wide, dg);
  {
    const Mat& dw = wide.of(w);
    Mat& dgn = grads.of(gnorm_);
    for (int h = 0; h < H; ++h) dgn += dw.middleCols(Eigen::Index(h) * dv, dv);
  }
  Mat dx = ops::linearBackward(x, wg_, nullptr, dg, grads);

  Mat dQ(T, Eigen::Index(H) * dk), dK(T, Eigen::Index(H) * dk), dV(T, Eigen::Index(H) * dv);
#pragma omp parallel for schedule(static) if (T >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    const Eigen::Index kc = Eigen::Index(h) * dk, vc = Eigen::Index(h) * dv;
    Vec gp;
    Mat decayMask;
    decayTables(decay(h), kChunk, gp, decayMask);
    Mat dS = Mat::Zero(dk, dv);
    for (Eigen::Index c0 = ((T - 1) / kChunk) * kChunk; T > 0 && c0 >= 0; c0 -= kChunk) {
      const Eigen::Index n = std::min<Eigen::Index>(kChunk, T - c0);
      const Mat& S0 = starts[h][std::size_t(c0 / kChunk)];
      const Mat Qc = q.block(c0, kc, n, dk);
      const Mat Kc = k.block(c0, kc, n, dk);
      const Mat Vc = v.block(c0, vc, n, dv);
      const Mat dOc = dO.block(c0, vc, n, dv);
      const auto mask = decayMask.topLeftCorner(n, n);
      const Mat A = (Qc * Kc.transpose()).cwiseProduct(mask);
      const Mat P = (dOc * Vc.transpose()).cwiseProduct(mask);
      // dO rows decayed by gamma^(i+1) (they read S0), k and v rows by gamma^(n-1-j)
      // (their weight in the state after the chunk).
      Mat dOd = dOc, Kd = Kc, Vd = Vc;
      for (Eigen::Index i = 0; i < n; ++i) {
        dOd.row(i) *= gp(i + 1);
        Kd.row(i) *= gp(n - 1 - i);
        Vd.row(i) *= gp(n - 1 - i);
      }
      dQ.block(c0, kc, n, dk) = P * Kc + dOd * S0.transpose();
      dK.block(c0, kc, n, dk) = P.transpose() * Qc + Vd * dS.transpose();
      dV.block(c0, vc, n, dv) = A.transpose() * dOc + Kd * dS;
      dS *= gp(n);
      dS.noalias() += Qc.transpose() * dOd;
    }
  }

  dQ *= Real(1.0 / std::sqrt(double(dk)));
  ops::applyRopeBackward(dQ, H, dk, cfg_.ropeTheta, 0);
  ops::applyRopeBackward(dK, H, dk, cfg_.ropeTheta, 0);
  dx += ops::linearBackward(x, wq_, nullptr, dQ, grads);
  dx += ops::linearBackward(x, wk_, nullptr, dK, grads);
  dx += ops::linearBackward(x, wv_, nullptr, dV, grads);
  return dx;
}

std::unique_ptr<MixerState> Retention::newState() const {
  return std::make_unique<RetentionState>(cfg_.numHeads, cfg_.headKDim, cfg_.headVDim);
}

Row Retention::step(MixerState& state, const Row& x) const {
  auto& st = asState(state);
  checkWidth(x.cols());
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  Mat q, k, v;
  projections(Mat(x), st.position, q, k, v);
  Mat o(1, H * dv);
  for (int h = 0; h < H; ++h) {
    Mat& S = st.S[h];
    S *= Real(decay(h));
    S.noalias() += k.block(0, h * dk, 1, dk).transpose() * v.block(0, h * dv, 1, dv);
    o.block(0, h * dv, 1, dv) = q.block(0, h * dk, 1, dk) * S;
  }
  ++st.position;
  return finish(Mat(x), o).row(0);
}

ImplicitAttention Retention::implicitAttention(const Mat& x) const {
  checkWidth(x.cols());
  const int H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim;
  const Eigen::Index T = x.rows();
  Mat q, k, v;
  projections(x, 0, q, k, v);
  ImplicitAttention ia;
  ia.weights.resize(H);
  ia.values.resize(H);
  ia.labels.resize(H);
#pragma omp parallel for schedule(static) if (x.rows() >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    const double gamma = decay(h);
    Vec gp(T);
    for (Eigen::Index m = 0; m < T; ++m) gp(m) = Real(std::pow(gamma, double(m)));
    Mat A = q.middleCols(Eigen::Index(h) * dk, dk) * k.middleCols(Eigen::Index(h) * dk, dk).transpose();
    for (Eigen::Index t = 0; t < T; ++t)
      for (Eigen::Index s = 0; s < T; ++s) A(t, s) = s <= t ? A(t, s) * gp(t - s) : Real(0);
    ia.weights[h] = std::move(A);
    ia.values[h] = v.middleCols(Eigen::Index(h) * dv, dv);
    ia.labels[h] = "head " + std::to_string(h) + " (gamma " + std::to_string(gamma) + ")";
  }
  return ia;
}

Mat Retention::outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const {
  checkWidth(x.cols());
  const int H = cfg_.numHeads, dv = cfg_.headVDim;
  if (int(mixed.size()) != H)
    throw Error("retnet: outputFromMixed needs one mixed matrix per head (" + std::to_string(H) +
                "), got " + std::to_string(mixed.size()));
  Mat o(x.rows(), Eigen::Index(H) * dv);
  for (int h = 0; h < H; ++h) {
    if (mixed[h].rows() != x.rows() || mixed[h].cols() != dv)
      throw Error("retnet: mixed matrix of head " + std::to_string(h) + " has the wrong shape");
    o.middleCols(Eigen::Index(h) * dv, dv) = mixed[h];
  }
  return finish(x, o);
}

MixerCost Retention::cost(std::int64_t T) const {
  const double H = cfg_.numHeads, dk = cfg_.headKDim, dv = cfg_.headVDim, D = cfg_.hiddenSize;
  const double t = double(T);
  // Per token: q, k, v, g and o projections; RoPE on q and k (3 FLOPs per element: two
  // multiplies and an add per output), q scaling; gated RMSNorm (square-add, scale, weight,
  // silu of the gate ~4, gate multiply: 8 per element).
  const double perToken = 2 * D * (2 * H * dk + 2 * H * dv) + 2 * H * dv * D +
                          2 * 3 * H * dk + H * dk + 8 * H * dv;
  // Chunked mixing per head and chunk of n positions: scores 2 n^2 dk, decay mask n^2,
  // A V 2 n^2 dv; per position q S 2 dk dv and its decay dv, the decayed key dk and the
  // state update 2 dk dv; per chunk gamma^n S (dk dv).
  const double nFull = double(T / kChunk), rem = double(T % kChunk);
  const double chunks = nFull + (rem > 0 ? 1 : 0);
  const double sumSq = nFull * kChunk * kChunk + rem * rem;
  const double quad = H * sumSq * (2 * dk + 1 + 2 * dv);
  const double lin = H * t * (2 * dk * dv + dv + dk + 2 * dk * dv) + H * chunks * dk * dv;
  MixerCost c;
  c.prefillFlops = t * perToken + quad + lin;
  // One step: gamma S, k v^T added, S^T q.
  c.decodeFlops = perToken + H * (dk * dv + 2 * dk * dv + 2 * dk * dv);
  c.stateBytes = std::size_t(H * dk * dv) * sizeof(Real);
  return c;
}

}  // namespace seqscope
