#include "core/mixers/mamba2/mamba2.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/ops.h"
#include "core/mixers/ops_grad.h"

namespace seqscope {

namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Tokens per backward segment: the states of one segment are recomputed from the
// checkpoint at its start, so the backward holds segment x P x N states per head.
constexpr Eigen::Index kBackwardSegment = 64;

class Mamba2State : public MixerState {
 public:
  std::vector<Mat> S;  // per head, P x N
  Mat conv;            // (K-1) x (I + 2GN): the last K-1 conv inputs, oldest first

  std::size_t bytes() const override {
    std::size_t n = std::size_t(conv.size());
    for (const auto& s : S) n += std::size_t(s.size());
    return n * sizeof(Real);
  }
  std::vector<StateSlice> slices() const override {
    std::vector<StateSlice> out;
    for (std::size_t h = 0; h < S.size(); ++h) out.push_back({"ssm head " + std::to_string(h), S[h]});
    // A kernel of 1 has no window; an empty matrix would only confuse the views.
    if (conv.rows() > 0) out.push_back({"conv window", conv});
    return out;
  }
  std::unique_ptr<MixerState> clone() const override { return std::make_unique<Mamba2State>(*this); }
};

Mamba2State& stateOf(MixerState& s) {
  auto* p = dynamic_cast<Mamba2State*>(&s);
  if (!p) throw Error("mamba2: state was not created by a mamba2 mixer");
  return *p;
}

}  // namespace

Mamba2::Mamba2(const Mamba2Config& config) : config_(config) {
  const auto& c = config_;
  if (c.hiddenSize < 1 || c.numHeads < 1 || c.headDim < 1 || c.nGroups < 1 || c.stateSize < 1)
    throw Error("mamba2: hidden_size, num_heads, head_dim, n_groups and state_size must be positive");
  if (c.numHeads % c.nGroups != 0)
    throw Error("mamba2: num_heads (" + std::to_string(c.numHeads) + ") must be a multiple of n_groups (" +
                std::to_string(c.nGroups) + ")");
  if (c.convKernel < 1) throw Error("mamba2: conv_kernel must be at least 1");
  if (c.chunkSize < 1) throw Error("mamba2: chunk_size must be at least 1");
  if (!(c.dtMin >= 0 && c.dtMin <= c.dtMax))
    throw Error("mamba2: time_step_limit must satisfy 0 <= min <= max");
  ParameterList sizing;
  collectParameters("", sizing);  // sizes the storage so a fresh mixer is usable
}

void Mamba2::collectParameters(const std::string& prefix, ParameterList& out) {
  const int D = config_.hiddenSize, H = config_.numHeads, K = config_.convKernel;
  const int I = H * config_.headDim, C = convDim(), projSize = I + C + H;
  addParameter(out, prefix + "in_proj.weight", inProj_, projSize, D);
  if (config_.useBias) addParameter(out, prefix + "in_proj.bias", inProjBias_, 1, projSize, {}, 0.0f);
  // torch's Conv1d default (kaiming uniform, bound 1/sqrt(K)) has std 1/sqrt(3K).
  addParameter(out, prefix + "conv1d.weight", conv_, C, K, {C, 1, K}, Real(1.0 / std::sqrt(3.0 * K)));
  if (config_.useConvBias) addParameter(out, prefix + "conv1d.bias", convBias_, 1, C, {}, 0.0f);
  // transformers draws dt from [1e-3, 0.1] and A from 1..H per head; a constant rule picks
  // one point: dt_bias = softplus^-1(0.01) and A = 4 (memory of ~25 tokens).
  addParameter(out, prefix + "dt_bias", dtBias_, 1, H, {}, 0.0f, Real(std::log(std::expm1(0.01))));
  addParameter(out, prefix + "A_log", aLog_, 1, H, {}, 0.0f, Real(std::log(4.0)));
  addParameter(out, prefix + "D", d_, 1, H, {}, 0.0f, 1.0f);
  addParameter(out, prefix + "norm.weight", norm_, 1, I, {}, 0.0f, 1.0f);
  addParameter(out, prefix + "out_proj.weight", outProj_, D, I);
  if (config_.useBias) addParameter(out, prefix + "out_proj.bias", outProjBias_, 1, D, {}, 0.0f);
}

void Mamba2::checkInput(Eigen::Index cols, const char* what) const {
  if (cols != config_.hiddenSize)
    throw Error(std::string("mamba2: ") + what + " has width " + std::to_string(cols) +
                ", expected hidden_size " + std::to_string(config_.hiddenSize));
}

void Mamba2::splitProjection(const Mat& proj, Mat& z, Mat& xbc, Mat& dt) const {
  const int H = config_.numHeads, I = H * config_.headDim, C = convDim();
  // transformers' order (d_mlp = 0): [gate (I), xBC (I + 2GN), dt (H)].
  z = proj.leftCols(I);
  xbc = proj.middleCols(I, C);
  dt.resize(proj.rows(), H);
  for (Eigen::Index t = 0; t < proj.rows(); ++t)
    for (int h = 0; h < H; ++h)
      dt(t, h) = std::clamp(ops::softplus(proj(t, I + C + h) + dtBias_(h)), Real(config_.dtMin),
                            Real(config_.dtMax));
}

Mamba2::Features Mamba2::features(const Mat& x) const {
  const int I = config_.numHeads * config_.headDim, GN = config_.nGroups * config_.stateSize;
  Features f;
  splitProjection(ops::linear(x, inProj_, config_.useBias ? &inProjBias_ : nullptr), f.z, f.xbcIn,
                  f.dt);
  Mat xbc = ops::causalDepthwiseConv(f.xbcIn, conv_, config_.useConvBias ? &convBias_ : nullptr);
  ops::siluInPlace(xbc);
  f.x = xbc.leftCols(I);
  f.B = xbc.middleCols(I, GN);
  f.C = xbc.middleCols(I + GN, GN);
  return f;
}

Mat Mamba2::finish(const Mat& z, const Mat& y) const {
  // MambaRMSNormGated: the gate multiplies first, and the norm runs over all I channels at
  // once (transformers does not split it by n_groups, unlike mamba_ssm's RMSNormGated).
  const Mat n = ops::gatedRmsNorm(y, z, norm_, config_.normEps, 0, true);
  return ops::linear(n, outProj_, config_.useBias ? &outProjBias_ : nullptr);
}

Mat Mamba2::ssdHead(const Mat& x, const Mat& B, const Mat& C, const Vec& dt, double A,
                    int chunkSize, Mat& S) {
  const Eigen::Index T = x.rows(), P = x.cols();
  // The chunk arithmetic runs in double: it sums up to chunkSize products per output where
  // the recurrence sums them one step at a time, and float would show that difference.
  MatD Sd = S.cast<double>();
  Mat y(T, P);
  for (Eigen::Index t0 = 0; t0 < T; t0 += chunkSize) {
    const Eigen::Index c = std::min<Eigen::Index>(chunkSize, T - t0);
    const MatD Xc = x.middleRows(t0, c).cast<double>();
    const MatD Bc = B.middleRows(t0, c).cast<double>();
    const MatD Cc = C.middleRows(t0, c).cast<double>();
    // cum(i) = A (dt_0 + ... + dt_i) inside the chunk. Only differences cum(i) - cum(j) with
    // j <= i (all <= 0) and cum(i) itself are exponentiated: nothing grows, and restarting
    // the sum in every chunk keeps the differences exact on long sequences.
    Eigen::VectorXd cum(c), dtc(c);
    double acc = 0;
    for (Eigen::Index i = 0; i < c; ++i) {
      dtc(i) = double(dt(t0 + i));
      acc += A * dtc(i);
      cum(i) = acc;
    }
    // Intra-chunk: M(i, j) = (C_i . B_j) exp(cum_i - cum_j) dt_j for j <= i.
    MatD M = Cc * Bc.transpose();
    for (Eigen::Index i = 0; i < c; ++i)
      for (Eigen::Index j = 0; j < c; ++j)
        M(i, j) = j <= i ? M(i, j) * std::exp(cum(i) - cum(j)) * dtc(j) : 0.0;
    MatD Yc = M * Xc;
    // Inter-chunk: the incoming state, decayed to row i, read out by C_i.
    Yc.noalias() += cum.array().exp().matrix().asDiagonal() * (Cc * Sd.transpose());
    y.middleRows(t0, c) = Yc.cast<Real>();
    // State at the chunk end: S exp(cum_last) + sum_j exp(cum_last - cum_j) dt_j x_j B_j^T.
    const double last = cum(c - 1);
    Eigen::VectorXd w(c);
    for (Eigen::Index j = 0; j < c; ++j) w(j) = std::exp(last - cum(j)) * dtc(j);
    Sd *= std::exp(last);
    Sd.noalias() += Xc.transpose() * (w.asDiagonal() * Bc);
  }
  S = Sd.cast<Real>();
  return y;
}

Mat Mamba2::forward(const Mat& x, MixerState* finalState) const {
  checkInput(x.cols(), "forward input");
  const int H = config_.numHeads, P = config_.headDim, N = config_.stateSize;
  const Features f = features(x);
  Mat y(x.rows(), H * P);
  std::vector<Mat> states(std::size_t(H), Mat(Mat::Zero(P, N)));
#pragma omp parallel for schedule(static) if (x.rows() >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    const int g = groupOf(h);
    const Mat xh = f.x.middleCols(h * P, P);
    const Vec dt = f.dt.col(h);
    const double A = -std::exp(double(aLog_(h)));
    y.middleCols(h * P, P) = ssdHead(xh, f.B.middleCols(g * N, N), f.C.middleCols(g * N, N), dt, A,
                                     config_.chunkSize, states[std::size_t(h)]) +
                             d_(h) * xh;
  }
  if (finalState) {
    auto& s = stateOf(*finalState);
    s.S = std::move(states);
    s.conv = ops::convWindowAfter(f.xbcIn, config_.convKernel);
    s.position = x.rows();
  }
  return finish(f.z, y);
}

std::unique_ptr<MixerState> Mamba2::newState() const {
  auto s = std::make_unique<Mamba2State>();
  s->S.assign(std::size_t(config_.numHeads), Mat(Mat::Zero(config_.headDim, config_.stateSize)));
  s->conv = Mat::Zero(config_.convKernel - 1, convDim());
  return s;
}

Row Mamba2::step(MixerState& state, const Row& x) const {
  checkInput(x.cols(), "step input");
  const int H = config_.numHeads, P = config_.headDim, N = config_.stateSize, I = H * P;
  const int GN = config_.nGroups * N;
  auto& s = stateOf(state);
  Mat z, xbcIn, dt;
  splitProjection(Mat(ops::linear(x, inProj_, config_.useBias ? &inProjBias_ : nullptr)), z, xbcIn, dt);
  Row xbc = ops::causalDepthwiseConvStep(s.conv, Row(xbcIn), conv_,
                                         config_.useConvBias ? &convBias_ : nullptr);
  xbc = xbc.unaryExpr([](Real v) { return ops::silu(v); });
  Mat y(1, I);
  for (int h = 0; h < H; ++h) {
    const Real* xh = xbc.data() + h * P;
    const Real* B = xbc.data() + I + groupOf(h) * N;
    const Real* C = xbc.data() + I + GN + groupOf(h) * N;
    const Real dth = dt(0, h);
    const Real dA = Real(std::exp(double(dth) * -std::exp(double(aLog_(h)))));
    Mat& S = s.S[std::size_t(h)];
    for (int p = 0; p < P; ++p) {
      const Real dtx = dth * xh[p];
      double acc = 0;
      for (int n = 0; n < N; ++n) {
        S(p, n) = S(p, n) * dA + dtx * B[n];
        acc += double(S(p, n)) * double(C[n]);
      }
      y(0, h * P + p) = Real(acc) + d_(h) * xh[p];
    }
  }
  ++s.position;
  return finish(z, y);
}

ImplicitAttention Mamba2::implicitAttention(const Mat& x) const {
  checkInput(x.cols(), "implicit attention input");
  const int H = config_.numHeads, P = config_.headDim, N = config_.stateSize;
  const Eigen::Index T = x.rows();
  const double bytes = double(T) * double(T) * H * double(sizeof(Real));
  if (bytes > 2.0 * 1024 * 1024 * 1024)
    throw Error("mamba2: the implicit attention of " + std::to_string(T) + " tokens x " +
                std::to_string(H) + " heads needs " +
                std::to_string(int(bytes / (1024.0 * 1024 * 1024))) +
                " GiB (limit 2 GiB); use a shorter sequence");
  const Features f = features(x);
  ImplicitAttention ia;
  ia.weights.resize(std::size_t(H));
  ia.values.resize(std::size_t(H));
#pragma omp parallel for schedule(static) if (x.rows() >= ops::kThreadingMinRows)
  for (int h = 0; h < H; ++h) {
    const int g = groupOf(h);
    const double A = -std::exp(double(aLog_(h)));
    // Cumulative A dt in double; exp(cum_t - cum_s) with s <= t never has a positive exponent.
    std::vector<double> cum(static_cast<std::size_t>(T));
    double acc = 0;
    for (Eigen::Index t = 0; t < T; ++t) cum[std::size_t(t)] = acc += A * double(f.dt(t, h));
    const MatD CB = f.C.middleCols(g * N, N).cast<double>() *
                    f.B.middleCols(g * N, N).cast<double>().transpose();
    Mat W = Mat::Zero(T, T);
    for (Eigen::Index t = 0; t < T; ++t) {
      for (Eigen::Index s = 0; s <= t; ++s)
        W(t, s) = Real(CB(t, s) * std::exp(cum[std::size_t(t)] - cum[std::size_t(s)]) *
                       double(f.dt(s, h)));
      W(t, t) += d_(h);
    }
    ia.weights[std::size_t(h)] = std::move(W);
    ia.values[std::size_t(h)] = f.x.middleCols(h * P, P);
  }
  for (int h = 0; h < H; ++h) ia.labels.push_back("head " + std::to_string(h));
  return ia;
}

Mat Mamba2::outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const {
  checkInput(x.cols(), "outputFromMixed input");
  const int H = config_.numHeads, P = config_.headDim;
  if (int(mixed.size()) != H)
    throw Error("mamba2: outputFromMixed needs one mixed matrix per head (" + std::to_string(H) +
                "), got " + std::to_string(mixed.size()));
  Mat y(x.rows(), H * P);
  for (int h = 0; h < H; ++h) {
    const Mat& m = mixed[std::size_t(h)];
    if (m.rows() != x.rows() || m.cols() != P)
      throw Error("mamba2: mixed matrix of head " + std::to_string(h) + " is " +
                  std::to_string(m.rows()) + " x " + std::to_string(m.cols()) + ", expected " +
                  std::to_string(x.rows()) + " x " + std::to_string(P));
    y.middleCols(h * P, P) = m;
  }
  Mat z, xbcIn, dt;
  splitProjection(ops::linear(x, inProj_, config_.useBias ? &inProjBias_ : nullptr), z, xbcIn, dt);
  return finish(z, y);
}

Mat Mamba2::backward(const Mat& x, const Mat& dy, Gradients& grads) const {
  checkInput(x.cols(), "backward input");
  if (dy.rows() != x.rows() || dy.cols() != config_.hiddenSize)
    throw Error("mamba2: backward gradient is " + std::to_string(dy.rows()) + " x " +
                std::to_string(dy.cols()) + ", expected " + std::to_string(x.rows()) + " x " +
                std::to_string(config_.hiddenSize));
  const int H = config_.numHeads, P = config_.headDim, N = config_.stateSize, I = H * P;
  const int GN = config_.nGroups * N, CD = convDim(), PN = P * N;
  const Eigen::Index T = x.rows();
  const Mat* inBias = config_.useBias ? &inProjBias_ : nullptr;
  const Mat* outBias = config_.useBias ? &outProjBias_ : nullptr;
  const Mat* convBias = config_.useConvBias ? &convBias_ : nullptr;

  // The forward activations, as features() computes them but keeping the pre-activations.
  const Mat proj = ops::linear(x, inProj_, inBias);
  const Mat z = proj.leftCols(I), xbcIn = proj.middleCols(I, CD);
  const Mat xbcPre = ops::causalDepthwiseConv(xbcIn, conv_, convBias);
  const Mat xbc = xbcPre.unaryExpr([](Real v) { return ops::silu(v); });
  // dt as splitProjection computes it; dtSlope is d dt / d(raw dt): softplus' slope, or 0
  // where the clamp to [dtMin, dtMax] is active.
  const Real lo = Real(config_.dtMin), hi = Real(config_.dtMax);
  Mat dt(T, H), dtSlope(T, H);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int h = 0; h < H; ++h) {
      const Real pre = proj(t, I + CD + h) + dtBias_(h), sp = ops::softplus(pre);
      dt(t, h) = std::clamp(sp, lo, hi);
      dtSlope(t, h) = sp >= lo && sp <= hi ? ops::softplusGrad(pre) : Real(0);
    }
  // The SSM runs in double (like ssdHead) on row-major P x N maps, so each token's update is
  // a handful of vectorised outer products and matrix-vector products.
  const MatD xbcD = xbc.cast<double>();
  using RowMap = Eigen::Map<const Eigen::RowVectorXd>;
  using ColMap = Eigen::Map<const Eigen::VectorXd>;
  using StateMap = Eigen::Map<MatD>;
  auto xOf = [&](Eigen::Index t, int h) { return ColMap(&xbcD(t, h * P), P); };
  auto bOf = [&](Eigen::Index t, int g) { return RowMap(&xbcD(t, I + g * N), N); };
  auto cOf = [&](Eigen::Index t, int g) { return RowMap(&xbcD(t, I + GN + g * N), N); };

  // Forward scan per head: y, and S at every segment start.
  const Eigen::Index segments = (T + kBackwardSegment - 1) / kBackwardSegment;
  std::vector<double> checkpoint(std::size_t(H * segments * PN));
  Mat y(T, I);
  const bool threads = T >= ops::kThreadingMinRows;
#pragma omp parallel for schedule(static) if (threads)
  for (int h = 0; h < H; ++h) {
    const int g = groupOf(h);
    const double A = -std::exp(double(aLog_(h)));
    MatD S = MatD::Zero(P, N);
    Eigen::VectorXd yh(P);
    for (Eigen::Index t = 0; t < T; ++t) {
      if (t % kBackwardSegment == 0)
        std::copy_n(S.data(), PN, checkpoint.begin() + (h * segments + t / kBackwardSegment) * PN);
      const double dth = double(dt(t, h));
      S *= std::exp(dth * A);
      S.noalias() += (dth * xOf(t, h)) * bOf(t, g);
      yh.noalias() = S * cOf(t, g).transpose();
      for (int p = 0; p < P; ++p) y(t, h * P + p) = Real(yh(p)) + d_(h) * xbc(t, h * P + p);
    }
  }

  // out_proj and the gated RMSNorm.
  const Mat normed = ops::gatedRmsNorm(y, z, norm_, Real(config_.normEps), 0, true);
  const Mat dNormed = ops::linearBackward(normed, outProj_, outBias, dy, grads);
  Mat dz;
  const MatD dY = ops::gatedRmsNormBackward(y, z, norm_, Real(config_.normEps), 0, true, dNormed, grads, dz)
                      .cast<double>();

  // The SSM in reverse. Heads of one group share B and C: each head writes its own partial
  // gradient and they are added in head order, so the result does not depend on threads.
  Mat dXbc(T, CD), ddt(T, H), dALog(1, H), dD(1, H);
  std::vector<MatD> dBPart(static_cast<std::size_t>(H)), dCPart(static_cast<std::size_t>(H));
#pragma omp parallel for schedule(static) if (threads)
  for (int h = 0; h < H; ++h) {
    const int g = groupOf(h);
    const double A = -std::exp(double(aLog_(h))), Dh = double(d_(h));
    MatD dB = MatD::Zero(T, N), dC = MatD::Zero(T, N), dS = MatD::Zero(P, N);
    std::vector<double> decay(static_cast<std::size_t>(kBackwardSegment));
    // states[i * PN ...]: S after token t0 + i - 1 (i = 0 is the checkpoint).
    std::vector<double> states(std::size_t((kBackwardSegment + 1) * PN));
    Eigen::VectorXd dSB(P);
    double gA = 0, gD = 0;
    for (Eigen::Index s = segments - 1; s >= 0; --s) {
      const Eigen::Index t0 = s * kBackwardSegment, len = std::min(kBackwardSegment, T - t0);
      std::copy_n(checkpoint.begin() + (h * segments + s) * PN, PN, states.begin());
      for (Eigen::Index i = 0; i < len; ++i) {
        const double dth = double(dt(t0 + i, h)), a = std::exp(dth * A);
        decay[std::size_t(i)] = a;
        StateMap next(&states[std::size_t((i + 1) * PN)], P, N);
        next.noalias() = a * StateMap(&states[std::size_t(i * PN)], P, N);
        next.noalias() += (dth * xOf(t0 + i, h)) * bOf(t0 + i, g);
      }
      for (Eigen::Index i = len - 1; i >= 0; --i) {
        // y = S_t C_t + D x;  S_t = a S_{t-1} + dt x_t B_t^T,  a = exp(dt A).
        const Eigen::Index t = t0 + i;
        const double dth = double(dt(t, h)), a = decay[std::size_t(i)];
        const StateMap sPrev(&states[std::size_t(i * PN)], P, N), sCur(&states[std::size_t((i + 1) * PN)], P, N);
        const ColMap gy(&dY(t, h * P), P);
        const auto xv = xOf(t, h);
        gD += gy.dot(xv);
        dC.row(t).noalias() += gy.transpose() * sCur;
        dS.noalias() += gy * cOf(t, g);  // now dL/dS_t
        const double dotPrev = (dS.array() * sPrev.array()).sum();
        dSB.noalias() = dS * bOf(t, g).transpose();
        ddt(t, h) = Real(A * a * dotPrev + xv.dot(dSB));
        gA += dth * a * dotPrev;
        dB.row(t).noalias() += dth * (xv.transpose() * dS);
        for (int p = 0; p < P; ++p) dXbc(t, h * P + p) = Real(Dh * gy(p) + dth * dSB(p));
        dS *= a;  // on to dL/dS_{t-1}
      }
    }
    dALog(h) = Real(gA * A);  // A = -exp(A_log): dA/dA_log = A
    dD(h) = Real(gD);
    dBPart[std::size_t(h)] = std::move(dB);
    dCPart[std::size_t(h)] = std::move(dC);
  }
  grads.of(aLog_) += dALog;
  grads.of(d_) += dD;
  for (int g = 0; g < config_.nGroups; ++g) {
    MatD dB = MatD::Zero(T, N), dC = MatD::Zero(T, N);
    for (int h = 0; h < H; ++h)
      if (groupOf(h) == g) {
        dB += dBPart[std::size_t(h)];
        dC += dCPart[std::size_t(h)];
      }
    dXbc.middleCols(I + g * N, N) = dB.cast<Real>();
    dXbc.middleCols(I + GN + g * N, N) = dC.cast<Real>();
  }

  // dt_bias and the raw dt, the convolution, in_proj.
  const Mat dDtPre = ddt.cwiseProduct(dtSlope);
  grads.of(dtBias_) += dDtPre.colwise().sum();
  Mat dProj(T, I + CD + H);
  dProj.leftCols(I) = dz;
  dProj.middleCols(I, CD) = ops::causalDepthwiseConvBackward(
      xbcIn, conv_, convBias, dXbc.cwiseProduct(xbcPre.unaryExpr([](Real v) { return ops::siluGrad(v); })),
      grads);
  dProj.rightCols(H) = dDtPre;
  return ops::linearBackward(x, inProj_, inBias, dProj, grads);
}

MixerCost Mamba2::cost(std::int64_t T) const {
  const double D = config_.hiddenSize, H = config_.numHeads, P = config_.headDim;
  const double N = config_.stateSize, K = config_.convKernel, I = H * P, G = config_.nGroups;
  // Multiply-adds per token outside the SSD: in_proj, the depthwise conv, out_proj.
  const double macs = D * (2 * I + 2 * G * N + H) + K * convDim() + I * D;
  // The SSD as implemented, per head and chunk of length c: C B^T (c^2 N), M X (c^2 P), the
  // incoming state read out (c N P), the state update (c N P) and its decay (N P multiplies).
  double ssdFlops = 0;
  for (std::int64_t t0 = 0; t0 < T; t0 += config_.chunkSize) {
    const double c = double(std::min<std::int64_t>(config_.chunkSize, T - t0));
    ssdFlops += 2 * (c * c * (N + P) + 2 * c * N * P) + N * P;
  }
  // Per channel and token: the D skip (multiply-add). Norm and activations are not counted.
  const double tokens = double(std::max<std::int64_t>(T, 0));
  MixerCost out;
  out.prefillFlops = tokens * (2 * macs + 2 * I) + H * ssdFlops;
  // One step per head: S * exp(dt A) (N P multiplies), + (dt x) B^T (N P multiply-adds),
  // S C (N P multiply-adds), dt x and the D skip (3 FLOPs per channel).
  out.decodeFlops = 2 * macs + H * 5 * N * P + 3 * I;
  out.stateBytes = (std::size_t(config_.convKernel - 1) * std::size_t(convDim()) +
                    std::size_t(config_.numHeads) * std::size_t(config_.headDim) *
                        std::size_t(config_.stateSize)) *
                   sizeof(Real);
  return out;
}

}  // namespace seqscope
