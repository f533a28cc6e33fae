#include "core/mixers/mamba.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/ops.h"

namespace seqscope {

namespace {

class MambaState : public MixerState {
 public:
  Mat ssm;   // I x N: h of every inner channel
  Mat conv;  // (K-1) x I: the last K-1 conv inputs, oldest first

  std::size_t bytes() const override { return std::size_t(ssm.size() + conv.size()) * sizeof(Real); }
  std::vector<StateSlice> slices() const override {
    std::vector<StateSlice> out{{"ssm", ssm}};
    // A kernel of 1 has no window; an empty matrix would only confuse the views.
    if (conv.rows() > 0) out.push_back({"conv", conv});
    return out;
  }
  std::unique_ptr<MixerState> clone() const override { return std::make_unique<MambaState>(*this); }
};

MambaState& stateOf(MixerState& s) {
  auto* p = dynamic_cast<MambaState*>(&s);
  if (!p) throw Error("mamba: state was not created by a mamba mixer");
  return *p;
}

// One token of the selective scan for one channel: h <- exp(dt A) h + dt B u, returns C . h.
// Both forms call exactly this, so they round identically.
inline Real scanToken(Real* h, const Real* A, const Real* B, const Real* C, Real dt, Real u,
                      int N) {
  const Real dtu = dt * u;
  double y = 0;
  for (int n = 0; n < N; ++n) {
    h[n] = std::exp(dt * A[n]) * h[n] + dtu * B[n];
    y += double(h[n]) * double(C[n]);
  }
  return Real(y);
}

// Channels per OpenMP work item: the scan walks time in the outer loop, so a block of
// neighbouring channels reads contiguous pieces of each row of u and dt.
constexpr int kChannelBlock = 16;

}  // namespace

Mamba::Mamba(const MambaConfig& config) : config_(config) {
  const auto& c = config_;
  if (c.hiddenSize < 1 || c.intermediateSize < 1 || c.stateSize < 1 || c.dtRank < 1)
    throw Error("mamba: hidden_size, intermediate_size, state_size and time_step_rank must be positive");
  if (c.convKernel < 1) throw Error("mamba: conv_kernel must be at least 1");
  ParameterList sizing;
  collectParameters("", sizing);  // sizes the storage so a fresh mixer is usable
}

void Mamba::collectParameters(const std::string& prefix, ParameterList& out) {
  const int D = config_.hiddenSize, I = config_.intermediateSize, N = config_.stateSize;
  const int K = config_.convKernel, R = config_.dtRank;
  addParameter(out, prefix + "in_proj.weight", inProj_, 2 * I, D);
  if (config_.useBias) addParameter(out, prefix + "in_proj.bias", inProjBias_, 1, 2 * I, {}, 0.0f);
  // torch's Conv1d default (kaiming uniform, bound 1/sqrt(K)) has std 1/sqrt(3K).
  addParameter(out, prefix + "conv1d.weight", conv_, I, K, {I, 1, K}, Real(1.0 / std::sqrt(3.0 * K)));
  if (config_.useConvBias) addParameter(out, prefix + "conv1d.bias", convBias_, 1, I, {}, 0.0f);
  addParameter(out, prefix + "x_proj.weight", xProj_, R + 2 * N, I);
  // transformers draws dt_proj.weight from U(-R^-1/2, R^-1/2): std 1/sqrt(3R).
  addParameter(out, prefix + "dt_proj.weight", dtProj_, I, R, {}, Real(1.0 / std::sqrt(3.0 * R)));
  // transformers draws dt from [1e-3, 0.1] and A from 1..N per state index; a constant rule
  // picks one point: dt_proj.bias = softplus^-1(0.01) and A = 4 (memory of ~25 tokens).
  addParameter(out, prefix + "dt_proj.bias", dtProjBias_, 1, I, {}, 0.0f,
               Real(std::log(std::expm1(0.01))));
  addParameter(out, prefix + "A_log", aLog_, I, N, {}, 0.0f, Real(std::log(4.0)));
  addParameter(out, prefix + "D", d_, 1, I, {}, 0.0f, 1.0f);
  addParameter(out, prefix + "out_proj.weight", outProj_, D, I);
  if (config_.useBias) addParameter(out, prefix + "out_proj.bias", outProjBias_, 1, D, {}, 0.0f);
}

void Mamba::checkInput(Eigen::Index cols, const char* what) const {
  if (cols != config_.hiddenSize)
    throw Error(std::string("mamba: ") + what + " has width " + std::to_string(cols) +
                ", expected hidden_size " + std::to_string(config_.hiddenSize));
}

Mat Mamba::negA() const { return -aLog_.array().exp().matrix(); }

void Mamba::selection(const Mat& u, Mat& dt, Mat& B, Mat& C) const {
  const int N = config_.stateSize, R = config_.dtRank;
  const Mat ssm = ops::linear(u, xProj_);
  dt = ops::linear(Mat(ssm.leftCols(R)), dtProj_, &dtProjBias_)
           .unaryExpr([](Real v) { return ops::softplus(v); });
  B = ssm.middleCols(R, N);
  C = ssm.middleCols(R + N, N);
}

Mamba::Features Mamba::features(const Mat& x) const {
  const int I = config_.intermediateSize;
  const Mat proj = ops::linear(x, inProj_, config_.useBias ? &inProjBias_ : nullptr);
  Features f;
  f.uIn = proj.leftCols(I);
  f.z = proj.rightCols(I);
  f.u = ops::causalDepthwiseConv(f.uIn, conv_, config_.useConvBias ? &convBias_ : nullptr);
  ops::siluInPlace(f.u);
  selection(f.u, f.dt, f.B, f.C);
  return f;
}

Mat Mamba::finish(const Mat& z, const Mat& y) const {
  const Mat gated = y.cwiseProduct(z.unaryExpr([](Real v) { return ops::silu(v); }));
  return ops::linear(gated, outProj_, config_.useBias ? &outProjBias_ : nullptr);
}

Mat Mamba::forward(const Mat& x, MixerState* finalState) const {
  checkInput(x.cols(), "forward input");
  const int I = config_.intermediateSize, N = config_.stateSize;
  const Eigen::Index T = x.rows();
  const Features f = features(x);
  const Mat A = negA();
  Mat h = Mat::Zero(I, N);
  Mat y(T, I);
  const int blocks = (I + kChannelBlock - 1) / kChannelBlock;
#pragma omp parallel for schedule(static) if (x.rows() >= ops::kThreadingMinRows)
  for (int b = 0; b < blocks; ++b) {
    const int d0 = b * kChannelBlock, d1 = std::min(I, d0 + kChannelBlock);
    for (Eigen::Index t = 0; t < T; ++t)
      for (int d = d0; d < d1; ++d)
        y(t, d) = scanToken(&h(d, 0), &A(d, 0), &f.B(t, 0), &f.C(t, 0), f.dt(t, d), f.u(t, d), N) +
                  d_(d) * f.u(t, d);
  }
  if (finalState) {
    auto& s = stateOf(*finalState);
    s.ssm = std::move(h);
    s.conv = ops::convWindowAfter(f.uIn, config_.convKernel);
    s.position = T;
  }
  return finish(f.z, y);
}

std::unique_ptr<MixerState> Mamba::newState() const {
  auto s = std::make_unique<MambaState>();
  s->ssm = Mat::Zero(config_.intermediateSize, config_.stateSize);
  s->conv = Mat::Zero(config_.convKernel - 1, config_.intermediateSize);
  return s;
}

Row Mamba::step(MixerState& state, const Row& x) const {
  checkInput(x.cols(), "step input");
  const int I = config_.intermediateSize, N = config_.stateSize;
  auto& s = stateOf(state);
  const Row proj = ops::linear(x, inProj_, config_.useBias ? &inProjBias_ : nullptr);
  Mat u = ops::causalDepthwiseConvStep(s.conv, Row(proj.leftCols(I)), conv_,
                                       config_.useConvBias ? &convBias_ : nullptr);
  ops::siluInPlace(u);
  Mat dt, B, C;
  selection(u, dt, B, C);
  const Mat A = negA();
  Mat y(1, I);
  for (int d = 0; d < I; ++d)
    y(0, d) = scanToken(&s.ssm(d, 0), &A(d, 0), B.data(), C.data(), dt(0, d), u(0, d), N) +
              d_(d) * u(0, d);
  ++s.position;
  return finish(Mat(proj.rightCols(I)), y);
}

ImplicitAttention Mamba::implicitAttention(const Mat& x) const {
  checkInput(x.cols(), "implicit attention input");
  const int I = config_.intermediateSize, N = config_.stateSize;
  const Eigen::Index T = x.rows();
  const double bytes = double(T) * double(T) * I * double(sizeof(Real));
  if (bytes > 2.0 * 1024 * 1024 * 1024)
    throw Error("mamba: the implicit attention of " + std::to_string(T) + " tokens x " +
                std::to_string(I) + " channels needs " +
                std::to_string(int(bytes / (1024.0 * 1024 * 1024))) +
                " GiB (limit 2 GiB); use a shorter sequence");
  const Features f = features(x);
  const Mat A = negA();
  ImplicitAttention ia;
  ia.weights.resize(std::size_t(I));
  ia.values.resize(std::size_t(I));
#pragma omp parallel for schedule(dynamic) if (x.rows() >= ops::kThreadingMinRows)
  for (int d = 0; d < I; ++d) {
    // The decay from s to t is the product of the per-step factors exp(dt_r A) in (0, 1],
    // carried forward from s: no exponent ever grows and nothing overflows.
    Eigen::MatrixXd dA(T, N);
    for (Eigen::Index t = 0; t < T; ++t)
      for (int n = 0; n < N; ++n) dA(t, n) = std::exp(double(f.dt(t, d)) * double(A(d, n)));
    Mat W = Mat::Zero(T, T);
    std::vector<double> g(static_cast<std::size_t>(N));
    for (Eigen::Index s = 0; s < T; ++s) {
      for (int n = 0; n < N; ++n) g[std::size_t(n)] = double(f.B(s, n)) * double(f.dt(s, d));
      for (Eigen::Index t = s; t < T; ++t) {
        double w = 0;
        for (int n = 0; n < N; ++n) {
          if (t > s) g[std::size_t(n)] *= dA(t, n);
          w += double(f.C(t, n)) * g[std::size_t(n)];
        }
        W(t, s) = Real(w);
      }
      W(s, s) += d_(d);
    }
    ia.weights[std::size_t(d)] = std::move(W);
    ia.values[std::size_t(d)] = f.u.col(d);
  }
  for (int d = 0; d < I; ++d) ia.labels.push_back("channel " + std::to_string(d));
  return ia;
}

Mat Mamba::outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const {
  checkInput(x.cols(), "outputFromMixed input");
  const int I = config_.intermediateSize;
  if (int(mixed.size()) != I)
    throw Error("mamba: outputFromMixed needs one mixed matrix per channel (" + std::to_string(I) +
                "), got " + std::to_string(mixed.size()));
  Mat y(x.rows(), I);
  for (int d = 0; d < I; ++d) {
    const Mat& m = mixed[std::size_t(d)];
    if (m.rows() != x.rows() || m.cols() != 1)
      throw Error("mamba: mixed matrix of channel " + std::to_string(d) + " is " +
                  std::to_string(m.rows()) + " x " + std::to_string(m.cols()) + ", expected " +
                  std::to_string(x.rows()) + " x 1");
    y.col(d) = m.col(0);
  }
  const Mat proj = ops::linear(x, inProj_, config_.useBias ? &inProjBias_ : nullptr);
  return finish(Mat(proj.rightCols(I)), y);
}

MixerCost Mamba::cost(std::int64_t T) const {
  const double D = config_.hiddenSize, I = config_.intermediateSize, N = config_.stateSize;
  const double K = config_.convKernel, R = config_.dtRank;
  // Multiply-adds per token: in_proj, the depthwise conv, x_proj, dt_proj, out_proj.
  const double macs = D * 2 * I + K * I + I * (R + 2 * N) + R * I + I * D;
  // The scan per channel and state entry: dt*A, the update exp(.) h + (dt u) B (a multiply
  // and a multiply-add) and the readout C . h (a multiply-add): 6 FLOPs. Per channel: dt*u,
  // the D skip (multiply-add) and the gate: 4 FLOPs. exp, softplus and silu are not counted.
  const double perToken = 2 * macs + I * (6 * N + 4);
  MixerCost out;
  out.prefillFlops = double(std::max<std::int64_t>(T, 0)) * perToken;
  out.decodeFlops = perToken;
  out.stateBytes = (std::size_t(config_.convKernel - 1) * std::size_t(config_.intermediateSize) +
                    std::size_t(config_.intermediateSize) * std::size_t(config_.stateSize)) *
                   sizeof(Real);
  return out;
}

}  // namespace seqscope
