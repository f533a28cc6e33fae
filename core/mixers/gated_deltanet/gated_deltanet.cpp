#include "core/mixers/gated_deltanet/gated_deltanet.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/ops.h"
#include "core/mixers/ops_grad.h"
#include "core/gradients.h"

namespace seqscope {

namespace {

class GatedDeltaNetState : public MixerState {
 public:
  std::vector<Mat> S;       // per head, d_k x d_v
  Mat convQ, convK, convV;  // conv windows: the last K-1 conv inputs, oldest first

  std::size_t bytes() const override {
    std::size_t n = std::size_t(convQ.size() + convK.size() + convV.size());
    for (const auto& s : S) n += std::size_t(s.size());
    return n * sizeof(Real);
  }
  std::vector<StateSlice> slices() const override {
    std::vector<StateSlice> out;
    for (std::size_t h = 0; h < S.size(); ++h) out.push_back({"S head " + std::to_string(h), S[h]});
    // A kernel of 1 has no window; an empty matrix would only confuse the views.
    if (convQ.rows() > 0) {
      out.push_back({"conv window q", convQ});
      out.push_back({"conv window k", convK});
      out.push_back({"conv window v", convV});
    }
    return out;
  }
  std::unique_ptr<MixerState> clone() const override {
    return std::make_unique<GatedDeltaNetState>(*this);
  }
};

GatedDeltaNetState& stateOf(MixerState& s) {
  auto* p = dynamic_cast<GatedDeltaNetState*>(&s);
  if (!p) throw Error("gated_deltanet: state was not created by a gated_deltanet mixer");
  return *p;
}

// The per-chunk matrices of the WY form. With G the cumulative log decay inside the chunk
// (G_i = g_0 + ... + g_i) and Gamma(i, j) = exp(G_i - G_j) <= 1 (g <= 0):
//   L(i, j) = beta_i Gamma(i, j) k_i.k_j for j < i (the (I + L) to invert),
//   M(i, j) = Gamma(i, j) q_i.k_j for j <= i (intra-chunk attention).
// Only differences of G inside one chunk are ever exponentiated, so nothing over- or
// underflows on long sequences; that is why the decays are chunk-local.
struct ChunkTerms {
  Mat L, M;
  Vec decay;   // exp(G_i): decay of the incoming state up to row i
  Vec toEnd;   // exp(G_last - G_i): decay of row i's write up to the chunk end
  Real total;  // exp(G_last)
};

ChunkTerms chunkTerms(const Mat& Qc, const Mat& Kc, const Vec& beta, const Vec& g) {
  const Eigen::Index c = Qc.rows();
  // The cumulative sum in double: its rounding would otherwise grow with the chunk length.
  std::vector<double> G(static_cast<std::size_t>(c));
  double acc = 0;
  for (Eigen::Index i = 0; i < c; ++i) G[std::size_t(i)] = acc += double(g(i));
  ChunkTerms t;
  t.L = Kc * Kc.transpose();
  t.M = Qc * Kc.transpose();
  for (Eigen::Index i = 0; i < c; ++i) {
    for (Eigen::Index j = 0; j < c; ++j) {
      if (j < i) {
        const Real gamma = Real(std::exp(G[std::size_t(i)] - G[std::size_t(j)]));
        t.L(i, j) *= beta(i) * gamma;
        t.M(i, j) *= gamma;
      } else {
        t.L(i, j) = 0;
        if (j > i) t.M(i, j) = 0;
      }
    }
  }
  const double last = G.empty() ? 0.0 : G.back();
  t.decay.resize(c);
  t.toEnd.resize(c);
  for (Eigen::Index i = 0; i < c; ++i) {
    t.decay(i) = Real(std::exp(G[std::size_t(i)]));
    t.toEnd(i) = Real(std::exp(last - G[std::size_t(i)]));
  }
  t.total = Real(std::exp(last));
  return t;
}

// dL/d(inputs) of one head's recurrence, from dL/do (T x d_v).
struct HeadGrads {
  Mat dq, dk, dv;
  Vec dbeta, dg;
};

// The exact reverse of the token recurrence of GatedDeltaNet::stepHead, carrying
// dS = dL/dS_t backwards. starts[i] is the state before chunk i (of length chunkSize); the
// states inside a chunk are recomputed from it, so memory stays O(chunk d_k d_v) on top of
// the boundary states instead of O(T d_k d_v). Per token, with a = exp(g):
//   S~ = a S_prev;  r = S~^T k;  v' = beta (v - r);  S = S~ + k v'^T;  o = S^T q.
HeadGrads headBackward(const Mat& q, const Mat& k, const Mat& v, const Vec& beta, const Vec& g,
                       int chunkSize, const std::vector<Mat>& starts, const Mat& dO) {
  const Eigen::Index T = q.rows(), dk = q.cols(), dv = v.cols();
  HeadGrads out{Mat(T, dk), Mat(T, dk), Mat(T, dv), Vec(T), Vec(T)};
  Mat dS = Mat::Zero(dk, dv);
  std::vector<Mat> states;  // states[i]: the state before row t0 + i of the chunk
  for (Eigen::Index ci = Eigen::Index(starts.size()) - 1; ci >= 0; --ci) {
    const Eigen::Index t0 = ci * chunkSize, c = std::min<Eigen::Index>(chunkSize, T - t0);
    states.resize(std::size_t(c + 1));
    states[0] = starts[std::size_t(ci)];
    for (Eigen::Index i = 0; i < c; ++i) {
      const Eigen::Index t = t0 + i;
      states[std::size_t(i + 1)] = states[std::size_t(i)];
      GatedDeltaNet::stepHead(states[std::size_t(i + 1)], q.row(t), k.row(t), v.row(t), beta(t),
                              g(t));
    }
    for (Eigen::Index i = c - 1; i >= 0; --i) {
      const Eigen::Index t = t0 + i;
      const Mat& prev = states[std::size_t(i)];
      const Mat& cur = states[std::size_t(i + 1)];
      const Real a = std::exp(g(t));
      const Row kt = k.row(t);
      // o = S^T q
      out.dq.row(t).noalias() = dO.row(t) * cur.transpose();
      dS.noalias() += q.row(t).transpose() * dO.row(t);
      // S = S~ + k v'^T
      const Row diff = v.row(t) - a * (kt * prev);  // v - r
      const Row written = beta(t) * diff;
      const Row dWritten = kt * dS;  // (dS^T k)^T
      Row dkt = written * dS.transpose();
      // v' = beta (v - r)
      out.dbeta(t) = dWritten.dot(diff);
      out.dv.row(t) = beta(t) * dWritten;
      const Row dr = -beta(t) * dWritten;
      // r = S~^T k: dS~ = dS + k dr^T, dk += S~ dr
      dS.noalias() += kt.transpose() * dr;
      dkt.noalias() += a * (dr * prev.transpose());
      out.dk.row(t) = dkt;
      // S~ = a S_prev, a = exp(g): dg = a <dS~, S_prev>
      out.dg(t) = a * dS.cwiseProduct(prev).sum();
      dS *= a;
    }
  }
  return out;
}

}  // namespace

GatedDeltaNet::GatedDeltaNet(const GatedDeltaNetConfig& config) : config_(config) {
  const auto& c = config_;
  if (c.hiddenSize < 1 || c.numHeads < 1 || c.headKDim < 1 || c.headVDim < 1)
    throw Error("gated_deltanet: hidden size, head count and head widths must be positive");
  if (c.convKernel < 1) throw Error("gated_deltanet: conv_kernel must be at least 1");
  if (c.chunkSize < 1) throw Error("gated_deltanet: chunk_size must be at least 1");
}

void GatedDeltaNet::collectParameters(const std::string& prefix, ParameterList& out) {
  const int D = config_.hiddenSize, H = config_.numHeads, K = config_.convKernel;
  const int keyDim = H * config_.headKDim, valueDim = H * config_.headVDim;
  addParameter(out, prefix + "q_proj.weight", qProj_, keyDim, D);
  addParameter(out, prefix + "k_proj.weight", kProj_, keyDim, D);
  addParameter(out, prefix + "v_proj.weight", vProj_, valueDim, D);
  addParameter(out, prefix + "a_proj.weight", aProj_, H, D);
  addParameter(out, prefix + "b_proj.weight", bProj_, H, D);
  // fla draws A from U(0, 16) and dt from [1e-3, 0.1]; a constant rule can only pick one
  // point: A = 1 and dt_bias = softplus^-1(0.01), a slow decay (~100 tokens of memory).
  addParameter(out, prefix + "A_log", aLog_, 1, H, {}, 0.0f, 0.0f);
  addParameter(out, prefix + "dt_bias", dtBias_, 1, H, {}, 0.0f, Real(std::log(std::expm1(0.01))));
  // torch's Conv1d default (kaiming uniform, bound 1/sqrt(K)) has std 1/sqrt(3K); 0.02
  // would shrink q and k towards the eps of the L2 norm.
  const Real convStd = Real(1.0 / std::sqrt(3.0 * K));
  addParameter(out, prefix + "q_conv1d.weight", qConv_, keyDim, K, {keyDim, 1, K}, convStd);
  addParameter(out, prefix + "k_conv1d.weight", kConv_, keyDim, K, {keyDim, 1, K}, convStd);
  addParameter(out, prefix + "v_conv1d.weight", vConv_, valueDim, K, {valueDim, 1, K}, convStd);
  if (config_.useGate) addParameter(out, prefix + "g_proj.weight", gProj_, valueDim, D);
  addParameter(out, prefix + "o_norm.weight", oNorm_, 1, config_.headVDim, {}, 0.0f, 1.0f);
  addParameter(out, prefix + "o_proj.weight", oProj_, D, valueDim);
}

void GatedDeltaNet::gates(const Mat& x, Mat& beta, Mat& g) const {
  const int H = config_.numHeads;
  beta = ops::linear(x, bProj_).unaryExpr([](Real v) { return ops::sigmoid(v); });
  const Mat a = ops::linear(x, aProj_);
  g.resize(x.rows(), H);
  for (Eigen::Index t = 0; t < x.rows(); ++t)
    for (int h = 0; h < H; ++h) g(t, h) = -std::exp(aLog_(h)) * ops::softplus(a(t, h) + dtBias_(h));
}

GatedDeltaNet::Features GatedDeltaNet::features(const Mat& x) const {
  const int H = config_.numHeads, dk = config_.headKDim;
  Features f;
  f.qIn = ops::linear(x, qProj_);
  f.kIn = ops::linear(x, kProj_);
  f.vIn = ops::linear(x, vProj_);
  f.q = ops::causalDepthwiseConv(f.qIn, qConv_, nullptr);
  f.k = ops::causalDepthwiseConv(f.kIn, kConv_, nullptr);
  f.v = ops::causalDepthwiseConv(f.vIn, vConv_, nullptr);
  ops::siluInPlace(f.q);
  ops::siluInPlace(f.k);
  ops::siluInPlace(f.v);
  // fla normalises inside the kernel (use_qk_l2norm_in_kernel) and scales q afterwards.
  ops::l2NormalizeHeads(f.q, H, dk);
  ops::l2NormalizeHeads(f.k, H, dk);
  f.q *= Real(1.0 / std::sqrt(double(dk)));
  gates(x, f.beta, f.g);
  return f;
}

Mat GatedDeltaNet::finish(const Mat& x, const Mat& o) const {
  const int dv = config_.headVDim;
  // One o_norm weight (d_v) shared by all heads, applied per head.
  const Mat w = oNorm_.replicate(1, config_.numHeads);
  const Mat n = config_.useGate
                    ? ops::gatedRmsNorm(o, ops::linear(x, gProj_), w, config_.normEps, dv, false)
                    : ops::rmsNorm(o, w, config_.normEps, dv);
  return ops::linear(n, oProj_);
}

Mat GatedDeltaNet::chunkedHead(const Mat& q, const Mat& k, const Mat& v, const Vec& beta,
                               const Vec& g, int chunkSize, Mat& S) {
  const Eigen::Index T = q.rows(), dk = q.cols(), dv = v.cols();
  Mat out(T, dv);
  for (Eigen::Index t0 = 0; t0 < T; t0 += chunkSize) {
    const Eigen::Index c = std::min<Eigen::Index>(chunkSize, T - t0);
    const Mat Qc = q.middleRows(t0, c), Kc = k.middleRows(t0, c), Vc = v.middleRows(t0, c);
    const Vec bc = beta.segment(t0, c), gc = g.segment(t0, c);
    const ChunkTerms ct = chunkTerms(Qc, Kc, bc, gc);
    // Inside the chunk the written values u satisfy (I + L) u = diag(beta) (V - diag(exp G) K S)
    // with S the incoming state. One forward substitution for both right-hand sides gives the
    // WY pair U = (I+L)^-1 diag(beta) V and W = (I+L)^-1 diag(beta exp G) K, so u = U - W S.
    Mat rhs(c, dv + dk);
    rhs.leftCols(dv) = bc.asDiagonal() * Vc;
    rhs.rightCols(dk) = bc.cwiseProduct(ct.decay).asDiagonal() * Kc;
    ct.L.triangularView<Eigen::UnitLower>().solveInPlace(rhs);
    const Mat u = rhs.leftCols(dv) - rhs.rightCols(dk) * S;
    // o_i = exp(G_i) S^T q_i + sum_{j <= i} Gamma(i, j) (q_i . k_j) u_j
    out.middleRows(t0, c) = ct.decay.asDiagonal() * (Qc * S) + ct.M * u;
    // S_end = exp(G_last) S + sum_j exp(G_last - G_j) k_j u_j^T
    S *= ct.total;
    S.noalias() += (ct.toEnd.asDiagonal() * Kc).transpose() * u;
  }
  return out;
}

Row GatedDeltaNet::stepHead(Mat& S, const Row& q, const Row& k, const Row& v, Real beta, Real g) {
  S *= std::exp(g);
  const Row written = beta * (v - k * S);  // k * S is S^T k as a row
  S.noalias() += k.transpose() * written;
  return q * S;
}

Mat GatedDeltaNet::implicitHead(const Mat& q, const Mat& k, const Vec& beta, const Vec& g,
                                int chunkSize) {
  // The same chunk recursion as chunkedHead, run on coefficients instead of values: the
  // state is S = P V with P (d_k x T) and every written value is a row of coef * V. This
  // costs O(T^2 (d_k + chunk)) instead of the O(T^3) of inverting the full T x T (I + L).
  const Eigen::Index T = q.rows(), dk = q.cols();
  Mat W = Mat::Zero(T, T);
  Mat P = Mat::Zero(dk, T);
  for (Eigen::Index t0 = 0; t0 < T; t0 += chunkSize) {
    const Eigen::Index c = std::min<Eigen::Index>(chunkSize, T - t0);
    const Mat Qc = q.middleRows(t0, c), Kc = k.middleRows(t0, c);
    const Vec bc = beta.segment(t0, c), gc = g.segment(t0, c);
    const ChunkTerms ct = chunkTerms(Qc, Kc, bc, gc);
    Mat rhs = Mat::Zero(c, c + dk);
    rhs.leftCols(c).diagonal() = bc;
    rhs.rightCols(dk) = bc.cwiseProduct(ct.decay).asDiagonal() * Kc;
    ct.L.triangularView<Eigen::UnitLower>().solveInPlace(rhs);
    // Coefficients of the written values u over the input positions [0, t0 + c).
    Mat coef(c, t0 + c);
    coef.leftCols(t0) = -rhs.rightCols(dk) * P.leftCols(t0);
    coef.rightCols(c) = rhs.leftCols(c);
    W.block(t0, 0, c, t0 + c) = ct.M * coef;
    W.block(t0, 0, c, t0) += ct.decay.asDiagonal() * (Qc * P.leftCols(t0));
    P.leftCols(t0 + c) *= ct.total;
    P.leftCols(t0 + c).noalias() += (ct.toEnd.asDiagonal() * Kc).transpose() * coef;
  }
  return W;
}

Mat GatedDeltaNet::forward(const Mat& x, MixerState* finalState) const {
  const int H = config_.numHeads, dk = config_.headKDim, dv = config_.headVDim;
  const Features f = features(x);
  Mat o(x.rows(), H * dv);
  std::vector<Mat> states(std::size_t(H), Mat(Mat::Zero(dk, dv)));
  // Heads are independent, so the result does not depend on the thread count; short inputs
  // stay on one thread because waking the team costs more than the work.
  const bool threaded = H > 1 && x.rows() >= ops::kThreadingMinRows;
#pragma omp parallel for schedule(static) if (threaded)
  for (int h = 0; h < H; ++h) {
    const Mat q = f.q.middleCols(h * dk, dk), k = f.k.middleCols(h * dk, dk);
    const Mat v = f.v.middleCols(h * dv, dv);
    const Vec beta = f.beta.col(h), g = f.g.col(h);
    o.middleCols(h * dv, dv) =
        chunkedHead(q, k, v, beta, g, config_.chunkSize, states[std::size_t(h)]);
  }
  if (finalState) {
    auto& s = stateOf(*finalState);
    s.S = std::move(states);
    s.convQ = ops::convWindowAfter(f.qIn, config_.convKernel);
    s.convK = ops::convWindowAfter(f.kIn, config_.convKernel);
    s.convV = ops::convWindowAfter(f.vIn, config_.convKernel);
    s.position = x.rows();
  }
  return finish(x, o);
}

Mat GatedDeltaNet::backward(const Mat& x, const Mat& dy, Gradients& grads) const {
  const int D = config_.hiddenSize, H = config_.numHeads, dk = config_.headKDim,
            dv = config_.headVDim, C = config_.chunkSize;
  const Eigen::Index T = x.rows();
  if (x.cols() != D || dy.rows() != T || dy.cols() != D)
    throw Error("gated_deltanet: backward needs x and dy of " + std::to_string(T) + " x " +
                std::to_string(D) + ", got dy " + std::to_string(dy.rows()) + " x " +
                std::to_string(dy.cols()));
  const Real scale = Real(1.0 / std::sqrt(double(dk)));
  // The activations of features(), keeping the pre-activation conv outputs and the
  // un-normalised q, k that the backward of silu and of the L2 norm need.
  const Mat qIn = ops::linear(x, qProj_), kIn = ops::linear(x, kProj_), vIn = ops::linear(x, vProj_);
  const Mat qPre = ops::causalDepthwiseConv(qIn, qConv_, nullptr);
  const Mat kPre = ops::causalDepthwiseConv(kIn, kConv_, nullptr);
  const Mat vPre = ops::causalDepthwiseConv(vIn, vConv_, nullptr);
  Mat qAct = qPre, kAct = kPre, v = vPre;
  ops::siluInPlace(qAct);
  ops::siluInPlace(kAct);
  ops::siluInPlace(v);
  Mat q = qAct, k = kAct;
  ops::l2NormalizeHeads(q, H, dk);
  ops::l2NormalizeHeads(k, H, dk);
  q *= scale;
  Mat beta, g;
  gates(x, beta, g);

  // Forward recurrence one chunk at a time with the same chunked form as forward(), so o is
  // bit-identical to it; the state at every chunk start is kept for the reverse pass.
  const Eigen::Index nChunks = (T + C - 1) / C;
  Mat o(T, H * dv);
  std::vector<std::vector<Mat>> starts(static_cast<std::size_t>(H));
  const bool threaded = H > 1 && T >= ops::kThreadingMinRows;
#pragma omp parallel for schedule(static) if (threaded)
  for (int h = 0; h < H; ++h) {
    const Mat qh = q.middleCols(h * dk, dk), kh = k.middleCols(h * dk, dk);
    const Mat vh = v.middleCols(h * dv, dv);
    const Vec bh = beta.col(h), gh = g.col(h);
    Mat S = Mat::Zero(dk, dv);
    auto& st = starts[std::size_t(h)];
    st.reserve(std::size_t(nChunks));
    for (Eigen::Index t0 = 0; t0 < T; t0 += C) {
      const Eigen::Index c = std::min<Eigen::Index>(C, T - t0);
      st.push_back(S);
      o.block(t0, h * dv, c, dv) =
          chunkedHead(qh.middleRows(t0, c), kh.middleRows(t0, c), vh.middleRows(t0, c),
                      bh.segment(t0, c), gh.segment(t0, c), C, S);
    }
  }

  // finish(): o_proj, then the per-head (gated) RMSNorm. The norm ran with the shared d_v
  // weight replicated per head; its gradient is summed back over the heads.
  const Real eps = Real(config_.normEps);
  const Mat w = oNorm_.replicate(1, H);
  Gradients normGrads;  // keyed by the temporary w, so kept apart from `grads`
  Mat dx, dO;
  if (config_.useGate) {
    const Mat gate = ops::linear(x, gProj_);
    const Mat n = ops::gatedRmsNorm(o, gate, w, eps, dv, false);
    const Mat dn = ops::linearBackward(n, oProj_, nullptr, dy, grads);
    Mat dgate;
    dO = ops::gatedRmsNormBackward(o, gate, w, eps, dv, false, dn, normGrads, dgate);
    dx = ops::linearBackward(x, gProj_, nullptr, dgate, grads);
  } else {
    const Mat n = ops::rmsNorm(o, w, eps, dv);
    const Mat dn = ops::linearBackward(n, oProj_, nullptr, dy, grads);
    dO = ops::rmsNormBackward(o, w, eps, dv, dn, normGrads);
    dx = Mat::Zero(T, D);
  }
  {
    const Mat& dw = normGrads.of(w);
    Mat& dNorm = grads.of(oNorm_);
    for (int h = 0; h < H; ++h) dNorm += dw.middleCols(h * dv, dv);
  }

  // The recurrence, head by head (each writes only its own columns: deterministic).
  Mat dq(T, H * dk), dkAll(T, H * dk), dv_(T, H * dv), dbeta(T, H), dg(T, H);
#pragma omp parallel for schedule(static) if (threaded)
  for (int h = 0; h < H; ++h) {
    const HeadGrads hg = headBackward(q.middleCols(h * dk, dk), k.middleCols(h * dk, dk),
                                      v.middleCols(h * dv, dv), beta.col(h), g.col(h), C,
                                      starts[std::size_t(h)], dO.middleCols(h * dv, dv));
    dq.middleCols(h * dk, dk) = hg.dq;
    dkAll.middleCols(h * dk, dk) = hg.dk;
    dv_.middleCols(h * dv, dv) = hg.dv;
    dbeta.col(h) = hg.dbeta;
    dg.col(h) = hg.dg;
  }

  // beta = sigmoid(b_proj x); g = -exp(A_log) softplus(a_proj x + dt_bias), so
  // dg/dA_log = g and dg/da = -exp(A_log) softplus'(a + dt_bias).
  const Mat aRaw = ops::linear(x, aProj_);
  Mat dbRaw(T, H), daRaw(T, H);
  Mat& dALog = grads.of(aLog_);
  Mat& dDtBias = grads.of(dtBias_);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int h = 0; h < H; ++h) {
      dbRaw(t, h) = dbeta(t, h) * beta(t, h) * (Real(1) - beta(t, h));
      dALog(h) += dg(t, h) * g(t, h);
      const Real dz = -dg(t, h) * std::exp(aLog_(h)) * ops::softplusGrad(aRaw(t, h) + dtBias_(h));
      daRaw(t, h) = dz;
      dDtBias(h) += dz;
    }
  dx += ops::linearBackward(x, bProj_, nullptr, dbRaw, grads);
  dx += ops::linearBackward(x, aProj_, nullptr, daRaw, grads);

  // q, k, v: (scale,) L2 norm, silu, depthwise conv, projection.
  const auto siluBack = [](const Mat& dAct, const Mat& pre) {
    return Mat(dAct.cwiseProduct(pre.unaryExpr([](Real u) { return ops::siluGrad(u); })));
  };
  dq *= scale;
  const Mat dqPre = siluBack(ops::l2NormalizeHeadsBackward(qAct, dq, H, dk), qPre);
  const Mat dkPre = siluBack(ops::l2NormalizeHeadsBackward(kAct, dkAll, H, dk), kPre);
  const Mat dvPre = siluBack(dv_, vPre);
  dx += ops::linearBackward(
      x, qProj_, nullptr, ops::causalDepthwiseConvBackward(qIn, qConv_, nullptr, dqPre, grads), grads);
  dx += ops::linearBackward(
      x, kProj_, nullptr, ops::causalDepthwiseConvBackward(kIn, kConv_, nullptr, dkPre, grads), grads);
  dx += ops::linearBackward(
      x, vProj_, nullptr, ops::causalDepthwiseConvBackward(vIn, vConv_, nullptr, dvPre, grads), grads);
  return dx;
}

std::unique_ptr<MixerState> GatedDeltaNet::newState() const {
  const int H = config_.numHeads, dk = config_.headKDim, dv = config_.headVDim;
  const int K = config_.convKernel;
  auto s = std::make_unique<GatedDeltaNetState>();
  s->S.assign(std::size_t(H), Mat(Mat::Zero(dk, dv)));
  s->convQ = Mat::Zero(K - 1, H * dk);
  s->convK = Mat::Zero(K - 1, H * dk);
  s->convV = Mat::Zero(K - 1, H * dv);
  return s;
}

Row GatedDeltaNet::step(MixerState& state, const Row& x) const {
  const int H = config_.numHeads, dk = config_.headKDim, dv = config_.headVDim;
  auto& s = stateOf(state);
  Mat q = ops::causalDepthwiseConvStep(s.convQ, ops::linear(x, qProj_), qConv_, nullptr);
  Mat k = ops::causalDepthwiseConvStep(s.convK, ops::linear(x, kProj_), kConv_, nullptr);
  Mat v = ops::causalDepthwiseConvStep(s.convV, ops::linear(x, vProj_), vConv_, nullptr);
  ops::siluInPlace(q);
  ops::siluInPlace(k);
  ops::siluInPlace(v);
  ops::l2NormalizeHeads(q, H, dk);
  ops::l2NormalizeHeads(k, H, dk);
  q *= Real(1.0 / std::sqrt(double(dk)));
  const Mat xm = x;
  Mat beta, g;
  gates(xm, beta, g);
  Mat o(1, H * dv);
  for (int h = 0; h < H; ++h)
    o.middleCols(h * dv, dv) =
        stepHead(s.S[std::size_t(h)], q.middleCols(h * dk, dk), k.middleCols(h * dk, dk),
                 v.middleCols(h * dv, dv), beta(0, h), g(0, h));
  ++s.position;
  return finish(xm, o);
}

ImplicitAttention GatedDeltaNet::implicitAttention(const Mat& x) const {
  const int H = config_.numHeads, dk = config_.headKDim, dv = config_.headVDim;
  const double T = double(x.rows());
  const double bytes = T * T * H * double(sizeof(Real));
  if (bytes > 2.0 * 1024 * 1024 * 1024)
    throw Error("gated_deltanet: the implicit attention of " + std::to_string(x.rows()) +
                " tokens x " + std::to_string(H) + " heads needs " +
                std::to_string(int(bytes / (1024.0 * 1024 * 1024))) +
                " GiB (limit 2 GiB); use a shorter sequence");
  const Features f = features(x);
  ImplicitAttention ia;
  ia.weights.resize(std::size_t(H));
  ia.values.resize(std::size_t(H));
  const bool threaded = H > 1 && x.rows() >= ops::kThreadingMinRows;
#pragma omp parallel for schedule(static) if (threaded)
  for (int h = 0; h < H; ++h) {
    const Mat q = f.q.middleCols(h * dk, dk), k = f.k.middleCols(h * dk, dk);
    const Vec beta = f.beta.col(h), g = f.g.col(h);
    ia.weights[std::size_t(h)] = implicitHead(q, k, beta, g, config_.chunkSize);
    ia.values[std::size_t(h)] = f.v.middleCols(h * dv, dv);
  }
  for (int h = 0; h < H; ++h) ia.labels.push_back("head " + std::to_string(h));
  return ia;
}

Mat GatedDeltaNet::outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const {
  const int H = config_.numHeads, dv = config_.headVDim;
  if (int(mixed.size()) != H)
    throw Error("gated_deltanet: outputFromMixed needs one mixed matrix per head (" +
                std::to_string(H) + "), got " + std::to_string(mixed.size()));
  Mat o(x.rows(), H * dv);
  for (int h = 0; h < H; ++h) {
    const Mat& m = mixed[std::size_t(h)];
    if (m.rows() != x.rows() || m.cols() != dv)
      throw Error("gated_deltanet: mixed matrix of head " + std::to_string(h) + " is " +
                  std::to_string(m.rows()) + " x " + std::to_string(m.cols()) + ", expected " +
                  std::to_string(x.rows()) + " x " + std::to_string(dv));
    o.middleCols(h * dv, dv) = m;
  }
  return finish(x, o);
}

MixerCost GatedDeltaNet::cost(std::int64_t T) const {
  const double D = config_.hiddenSize, H = config_.numHeads, dk = config_.headKDim,
               dv = config_.headVDim, K = config_.convKernel;
  const double keyDim = H * dk, valueDim = H * dv;
  // Multiply-adds per token outside the recurrence: q, k, v, a, b (and g) projections,
  // o_proj and the depthwise convolutions. Norms and activations are not counted.
  const double projMacs =
      D * (2 * keyDim + valueDim) + 2 * D * H + (config_.useGate ? D * valueDim : 0) + valueDim * D;
  const double convMacs = K * (2 * keyDim + valueDim);
  // The chunked form as implemented, per head and chunk of length c: K K^T and Q K^T (c^2 d_k
  // each), forward substitution over d_v + d_k columns, M u (c^2 d_v), and W S, Q S, K^T u.
  double coreMacs = 0;
  for (std::int64_t t0 = 0; t0 < T; t0 += config_.chunkSize) {
    const double c = double(std::min<std::int64_t>(config_.chunkSize, T - t0));
    coreMacs += 2 * c * c * dk + c * (c - 1) / 2 * (dv + dk) + c * c * dv + 3 * c * dk * dv;
  }
  MixerCost out;
  out.prefillFlops =
      2 * (double(std::max<std::int64_t>(T, 0)) * (projMacs + convMacs) + H * coreMacs);
  // One step: decay S (one multiply per entry), then S^T k, k u^T and S^T q.
  out.decodeFlops = 2 * (projMacs + convMacs + H * 3 * dk * dv) + H * dk * dv;
  out.stateBytes =
      std::size_t(config_.numHeads) * std::size_t(config_.headKDim) *
          std::size_t(config_.headVDim) * sizeof(Real) +
      std::size_t(config_.convKernel - 1) * std::size_t(2 * keyDim + valueDim) * sizeof(Real);
  return out;
}

}  // namespace seqscope
