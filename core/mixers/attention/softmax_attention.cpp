#include "core/mixers/attention/softmax_attention.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/error.h"
#include "core/mixers/ops.h"
#include "core/mixers/ops_grad.h"

namespace seqscope {

using Eigen::Index;

namespace {

// The KV cache: rotated keys and values per kv head. Without a window it grows by doubling
// (amortised O(1) per token); with a window it is a ring of `window` rows where token t
// lives in row t % window, so the memory stops growing once the window is full.
class AttentionState : public MixerState {
 public:
  AttentionState(int kvHeads, int headDim, int window)
      : kvHeads_(kvHeads), headDim_(headDim), window_(window), k_(kvHeads), v_(kvHeads) {
    for (int g = 0; g < kvHeads; ++g) k_[g] = v_[g] = Mat(0, headDim);
  }

  // Entries counted, not capacity: the cache a real decoder must keep.
  std::size_t bytes() const override {
    return std::size_t(count()) * std::size_t(kvHeads_) * std::size_t(headDim_) * 2 * sizeof(Real);
  }

  std::vector<StateSlice> slices() const override {
    std::vector<StateSlice> out;
    for (int g = 0; g < kvHeads_; ++g) {
      out.push_back({"K head " + std::to_string(g), ordered(k_[g])});
      out.push_back({"V head " + std::to_string(g), ordered(v_[g])});
    }
    return out;
  }

  std::unique_ptr<MixerState> clone() const override {
    return std::make_unique<AttentionState>(*this);
  }

  // Entries held now: all tokens, or the last `window` of them.
  Index count() const { return window_ > 0 ? std::min<Index>(written_, window_) : written_; }
  const Mat& keys(int g) const { return k_[std::size_t(g)]; }
  const Mat& values(int g) const { return v_[std::size_t(g)]; }

  // Appends one token's rotated k and v rows (numKvHeads * headDim each).
  void append(const Mat& k, const Mat& v) {
    const Index row = rowOf(written_);
    reserve(row + 1);
    for (int g = 0; g < kvHeads_; ++g) {
      k_[g].row(row) = k.block(0, Index(g) * headDim_, 1, headDim_);
      v_[g].row(row) = v.block(0, Index(g) * headDim_, 1, headDim_);
    }
    ++written_;
  }

  // The cache after appending the T rows of k and v to an empty state, laid out exactly as
  // T append() calls would leave it.
  void fill(const Mat& k, const Mat& v) {
    const Index T = k.rows();
    written_ = T;
    const Index n = count();
    for (int g = 0; g < kvHeads_; ++g) {
      k_[g].resize(n, headDim_);
      v_[g].resize(n, headDim_);
      for (Index t = T - n; t < T; ++t) {
        k_[g].row(rowOf(t)) = k.block(t, Index(g) * headDim_, 1, headDim_);
        v_[g].row(rowOf(t)) = v.block(t, Index(g) * headDim_, 1, headDim_);
      }
    }
  }

 private:
  Index rowOf(Index token) const { return window_ > 0 ? token % window_ : token; }

  void reserve(Index rows) {
    if (k_[0].rows() >= rows) return;
    Index cap = std::max<Index>({rows, 2 * k_[0].rows(), 16});
    if (window_ > 0) cap = std::min<Index>(cap, window_);
    for (int g = 0; g < kvHeads_; ++g) {
      k_[g].conservativeResize(cap, headDim_);
      v_[g].conservativeResize(cap, headDim_);
    }
  }

  // Rows oldest first, for display.
  Mat ordered(const Mat& m) const {
    const Index n = count();
    Mat out(n, headDim_);
    const Index first = written_ - n;
    for (Index t = first; t < written_; ++t) out.row(t - first) = m.row(rowOf(t));
    return out;
  }

  int kvHeads_, headDim_, window_;
  Index written_ = 0;  // tokens appended so far
  std::vector<Mat> k_, v_;
};

// Stable softmax of s[a, b) in place; entries of [0, n) outside [a, b) are masked to 0.
// The exponentials are float like torch's, but their sum is accumulated in double so the
// normaliser does not depend on the order or number of terms at long context.
void softmaxSegment(Real* s, Index n, Index a, Index b) {
  Real mx = -std::numeric_limits<Real>::infinity();
  for (Index j = a; j < b; ++j) mx = std::max(mx, s[j]);
  double sum = 0;
  for (Index j = a; j < b; ++j) {
    const Real e = std::exp(s[j] - mx);
    s[j] = e;
    sum += double(e);
  }
  for (Index j = a; j < b; ++j) s[j] = Real(double(s[j]) / sum);
  for (Index j = 0; j < a; ++j) s[j] = 0;
  for (Index j = b; j < n; ++j) s[j] = 0;
}

std::string gib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", bytes / (1024.0 * 1024.0 * 1024.0));
  return buf;
}

// "sequence of N tokens is too long for memory: <what> needs X GiB, limit Y GiB"
std::string tooLong(Index T, const std::string& what, double need, double limit) {
  return "sequence of " + std::to_string(T) + " tokens is too long for memory: " + what +
         " needs " + gib(need) + " GiB, limit " + gib(limit) + " GiB";
}

}  // namespace

SoftmaxAttention::SoftmaxAttention(const AttentionConfig& config) : c_(config) {
  auto positive = [](int v, const char* key) {
    if (v <= 0)
      throw Error(std::string("attention: ") + key + " must be positive, got " + std::to_string(v));
  };
  positive(c_.hiddenSize, "hidden_size");
  positive(c_.numHeads, "num_attention_heads");
  positive(c_.numKvHeads, "num_key_value_heads");
  positive(c_.headDim, "head_dim");
  if (c_.numHeads % c_.numKvHeads != 0)
    throw Error("attention: num_attention_heads (" + std::to_string(c_.numHeads) +
                ") must be a multiple of num_key_value_heads (" + std::to_string(c_.numKvHeads) +
                ")");
  if (c_.useRope && c_.headDim % 2 != 0)
    throw Error("attention: head_dim (" + std::to_string(c_.headDim) +
                ") must be even for rotary embeddings");
  if (c_.slidingWindow < 0)
    throw Error("attention: sliding_window must be >= 0, got " + std::to_string(c_.slidingWindow));
  // transformers' scaling = head_dim ** -0.5, a Python float applied to a float32 tensor.
  scale_ = Real(1.0 / std::sqrt(double(c_.headDim)));
}

void SoftmaxAttention::collectParameters(const std::string& prefix, ParameterList& out) {
  const Index D = c_.hiddenSize, nq = Index(c_.numHeads) * c_.headDim,
              nkv = Index(c_.numKvHeads) * c_.headDim;
  addParameter(out, prefix + "q_proj.weight", wq_, nq, D);
  addParameter(out, prefix + "k_proj.weight", wk_, nkv, D);
  addParameter(out, prefix + "v_proj.weight", wv_, nkv, D);
  addParameter(out, prefix + "o_proj.weight", wo_, D, nq);
  if (c_.bias) {
    addParameter(out, prefix + "q_proj.bias", bq_, 1, nq, {}, 0.0f, 0.0f);
    addParameter(out, prefix + "k_proj.bias", bk_, 1, nkv, {}, 0.0f, 0.0f);
    addParameter(out, prefix + "v_proj.bias", bv_, 1, nkv, {}, 0.0f, 0.0f);
    addParameter(out, prefix + "o_proj.bias", bo_, 1, D, {}, 0.0f, 0.0f);
  }
}

void SoftmaxAttention::project(const Mat& x, std::int64_t start, Mat& q, Mat& k, Mat& v) const {
  if (x.cols() != c_.hiddenSize)
    throw Error("attention: input has " + std::to_string(x.cols()) + " columns, expected " +
                std::to_string(c_.hiddenSize));
  q = ops::linear(x, wq_, c_.bias ? &bq_ : nullptr);
  k = ops::linear(x, wk_, c_.bias ? &bk_ : nullptr);
  v = ops::linear(x, wv_, c_.bias ? &bv_ : nullptr);
  if (c_.useRope) {
    ops::applyRope(q, c_.numHeads, c_.headDim, c_.ropeTheta, start);
    ops::applyRope(k, c_.numKvHeads, c_.headDim, c_.ropeTheta, start);
  }
}

void SoftmaxAttention::visibleKeys(Index i, Index T, Index& lo, Index& hi) const {
  const Index W = c_.slidingWindow;
  lo = W > 0 ? std::max<Index>(0, i - W + 1) : 0;
  if (c_.causal)
    hi = i + 1;
  else
    hi = W > 0 ? std::min<Index>(T, i + W) : T;
}

void SoftmaxAttention::attendBlock(const Mat& q, const Mat& k, const Mat& v, int h, Index i0,
                                   Index i1, Mat& out, Mat* probs) const {
  const Index T = q.rows(), Dh = c_.headDim, B = i1 - i0;
  const Index g = h / (c_.numHeads / c_.numKvHeads);
  // Visible ranges are monotone in i, so the block's keys are [lo(i0), hi(i1 - 1)).
  Index jlo, hi0, lo1, jhi;
  visibleKeys(i0, T, jlo, hi0);
  visibleKeys(i1 - 1, T, lo1, jhi);
  const Index nk = jhi - jlo;
  // Matmul first, then scale, in the order of transformers' eager attention.
  Mat s = q.block(i0, Index(h) * Dh, B, Dh) * k.block(jlo, g * Dh, nk, Dh).transpose();
  s *= scale_;
  for (Index r = 0; r < B; ++r) {
    Index lo, hi;
    visibleKeys(i0 + r, T, lo, hi);
    softmaxSegment(s.row(r).data(), nk, lo - jlo, hi - jlo);
  }
  out.block(i0, Index(h) * Dh, B, Dh).noalias() = s * v.block(jlo, g * Dh, nk, Dh);
  if (probs) probs->block(i0, jlo, B, nk) = s;
}

Mat SoftmaxAttention::outputProjection(const Mat& heads) const {
  return ops::linear(heads, wo_, c_.bias ? &bo_ : nullptr);
}

double SoftmaxAttention::forwardMemoryBytes(std::int64_t T) const {
  const double t = double(T), Dh = c_.headDim, H = c_.numHeads, Hkv = c_.numKvHeads;
  const double W = c_.slidingWindow, B = double(std::min<std::int64_t>(T, kQueryBlock));
  // Keys one block of queries can see.
  double keys = t;
  if (W > 0) keys = std::min(t, c_.causal ? B + W - 1 : B + 2 * W - 2);
  const double blocks = std::ceil(t / double(kQueryBlock));
  const double inFlight = std::min(double(omp_get_max_threads()), H * blocks);
  const double cacheRows = W > 0 ? std::min(t, W) : t;
  const double elements = t * (H + 2 * Hkv) * Dh       // q, k, v
                          + t * H * Dh                 // concatenated head outputs
                          + t * c_.hiddenSize          // result of o_proj
                          + inFlight * B * keys        // score blocks being processed
                          + cacheRows * Hkv * Dh * 2;  // final state, when asked for
  return elements * sizeof(Real);
}

Mat SoftmaxAttention::forward(const Mat& x, MixerState* finalState) const {
  const Index T = x.rows();
  const double need = forwardMemoryBytes(T);
  if (need > kForwardMemoryLimit) throw Error(tooLong(T, "attention", need, kForwardMemoryLimit));
  Mat q, k, v;
  project(x, 0, q, k, v);
  Mat heads(T, Index(c_.numHeads) * c_.headDim);
  const Index nBlocks = (T + kQueryBlock - 1) / kQueryBlock;
  const Index tasks = Index(c_.numHeads) * nBlocks;
  // Each (head, block) task writes its own rectangle of `heads`, so results do not depend on
  // the thread count or schedule.
#pragma omp parallel for schedule(dynamic) if (x.rows() >= ops::kThreadingMinRows)
  for (Index task = 0; task < tasks; ++task) {
    const int h = int(task / nBlocks);
    const Index i0 = (task % nBlocks) * kQueryBlock;
    attendBlock(q, k, v, h, i0, std::min(T, i0 + kQueryBlock), heads, nullptr);
  }
  if (finalState) {
    auto* st = dynamic_cast<AttentionState*>(finalState);
    if (!st) throw Error("attention: the state passed to forward() was not made by this mixer");
    st->fill(k, v);
    st->position = T;
  }
  return outputProjection(heads);
}

void SoftmaxAttention::attendBlockBackward(const Mat& q, const Mat& k, const Mat& v,
                                           const Mat& dheads, int h, Index i0, Index i1,
                                           Mat& heads, Mat& dq, Mat& dkh, Mat& dvh) const {
  const Index T = q.rows(), Dh = c_.headDim, B = i1 - i0, c0 = Index(h) * Dh;
  const Index g = h / (c_.numHeads / c_.numKvHeads);
  Index jlo, hi0, lo1, jhi;
  visibleKeys(i0, T, jlo, hi0);
  visibleKeys(i1 - 1, T, lo1, jhi);
  const Index nk = jhi - jlo;
  const auto qb = q.block(i0, c0, B, Dh);
  const auto kb = k.block(jlo, g * Dh, nk, Dh);
  const auto vb = v.block(jlo, g * Dh, nk, Dh);
  const auto dO = dheads.block(i0, c0, B, Dh);
  // P and O exactly as attendBlock computes them, so the gradient is that of forward()'s
  // numbers.
  Mat p = qb * kb.transpose();
  p *= scale_;
  for (Index r = 0; r < B; ++r) {
    Index lo, hi;
    visibleKeys(i0 + r, T, lo, hi);
    softmaxSegment(p.row(r).data(), nk, lo - jlo, hi - jlo);
  }
  auto o = heads.block(i0, c0, B, Dh);
  o.noalias() = p * vb;
  // Softmax backward: dS = P .* (dP - rowsum(dP .* P)), and rowsum(dP .* P) = dO . O.
  // Masked entries have P = 0, so their dS is 0 without another mask pass.
  Mat ds = dO * vb.transpose();
  for (Index r = 0; r < B; ++r) {
    const Real d = dO.row(r).dot(o.row(r));
    ds.row(r) = p.row(r).cwiseProduct((ds.row(r).array() - d).matrix());
  }
  ds *= scale_;  // the scores were scaled after Q K^T
  dq.block(i0, c0, B, Dh).noalias() = ds * kb;
  dkh.block(jlo, c0, nk, Dh).noalias() += ds.transpose() * qb;
  dvh.block(jlo, c0, nk, Dh).noalias() += p.transpose() * dO;
}

Mat SoftmaxAttention::backward(const Mat& x, const Mat& dy, Gradients& grads) const {
  const Index T = x.rows(), Dh = c_.headDim, H = c_.numHeads, G = c_.numKvHeads;
  if (dy.rows() != T || dy.cols() != c_.hiddenSize)
    throw Error("attention: output gradient is " + std::to_string(dy.rows()) + " x " +
                std::to_string(dy.cols()) + ", expected " + std::to_string(T) + " x " +
                std::to_string(c_.hiddenSize));
  // Besides forward()'s buffers: dheads, dq, the per-head dK / dV partials and dk, dv (the
  // dS blocks are no larger than the score blocks forward() counts; 2x covers both).
  const double need = 2 * forwardMemoryBytes(T) +
                      double(T) * double(4 * H + 2 * G) * double(Dh) * sizeof(Real);
  if (need > kForwardMemoryLimit)
    throw Error(tooLong(T, "attention backward", need, kForwardMemoryLimit));
  Mat q, k, v;
  project(x, 0, q, k, v);
  // dL/d(heads) needs only o_proj's weight, so the head outputs are recomputed inside the
  // backward blocks from the same P, not by a separate forward pass.
  const Mat dheads = dy * wo_;
  Mat heads(T, H * Dh), dq(T, H * Dh);
  Mat dk = Mat::Zero(T, G * Dh), dv = Mat::Zero(T, G * Dh);
  // Each query head accumulates dK / dV into its own columns, its blocks in order; with GQA
  // the heads sharing a kv head get separate partials summed below in head order, so no sum
  // depends on the thread schedule.
  const Index group = H / G;
  Mat dkh, dvh;
  if (group > 1) dkh = dvh = Mat::Zero(T, H * Dh);
  Mat& dkAcc = group > 1 ? dkh : dk;
  Mat& dvAcc = group > 1 ? dvh : dv;
#pragma omp parallel for schedule(dynamic) if (x.rows() >= ops::kThreadingMinRows)
  for (Index h = 0; h < H; ++h)
    for (Index i0 = 0; i0 < T; i0 += kQueryBlock)
      attendBlockBackward(q, k, v, dheads, int(h), i0, std::min(T, i0 + kQueryBlock), heads, dq,
                          dkAcc, dvAcc);
  if (group > 1)
    for (Index h = 0; h < H; ++h) {
      dk.middleCols((h / group) * Dh, Dh) += dkh.middleCols(h * Dh, Dh);
      dv.middleCols((h / group) * Dh, Dh) += dvh.middleCols(h * Dh, Dh);
    }
  // o_proj's parameter gradients (linearBackward's, without recomputing dheads).
  grads.of(wo_).noalias() += dy.transpose() * heads;
  if (c_.bias) grads.of(bo_) += dy.colwise().sum();
  if (c_.useRope) {
    ops::applyRopeBackward(dq, c_.numHeads, c_.headDim, c_.ropeTheta, 0);
    ops::applyRopeBackward(dk, c_.numKvHeads, c_.headDim, c_.ropeTheta, 0);
  }
  Mat dx = ops::linearBackward(x, wq_, c_.bias ? &bq_ : nullptr, dq, grads);
  dx += ops::linearBackward(x, wk_, c_.bias ? &bk_ : nullptr, dk, grads);
  dx += ops::linearBackward(x, wv_, c_.bias ? &bv_ : nullptr, dv, grads);
  return dx;
}

std::unique_ptr<MixerState> SoftmaxAttention::newState() const {
  return std::make_unique<AttentionState>(c_.numKvHeads, c_.headDim, c_.slidingWindow);
}

Row SoftmaxAttention::step(MixerState& state, const Row& x) const {
  if (!c_.causal)
    throw Error(
        "bidirectional attention has no recurrent form: every output depends on later "
        "tokens, so it cannot be decoded one token at a time");
  auto* st = dynamic_cast<AttentionState*>(&state);
  if (!st) throw Error("attention: the state passed to step() was not made by this mixer");
  Mat q, k, v;
  project(Mat(x), st->position, q, k, v);
  st->append(k, v);
  // The cache holds exactly the keys this query sees (the window is enforced by the ring),
  // in storage order; the order does not change the softmax.
  const Index n = st->count(), Dh = c_.headDim;
  const int group = c_.numHeads / c_.numKvHeads;
  Mat heads(1, Index(c_.numHeads) * Dh);
  for (int h = 0; h < c_.numHeads; ++h) {
    const int g = h / group;
    Mat s = q.block(0, Index(h) * Dh, 1, Dh) * st->keys(g).topRows(n).transpose();
    s *= scale_;
    softmaxSegment(s.data(), n, 0, n);
    heads.block(0, Index(h) * Dh, 1, Dh).noalias() = s * st->values(g).topRows(n);
  }
  ++st->position;
  return outputProjection(heads);
}

ImplicitAttention SoftmaxAttention::implicitAttention(const Mat& x) const {
  const Index T = x.rows();
  const double need = double(T) * double(T) * c_.numHeads * sizeof(Real);
  if (need > kImplicitMemoryLimit)
    throw Error(tooLong(
        T, "the implicit attention of " + std::to_string(c_.numHeads) + " heads (T x T each)", need,
        kImplicitMemoryLimit));
  const double needForward = forwardMemoryBytes(T);
  if (needForward > kForwardMemoryLimit)
    throw Error(tooLong(T, "attention", needForward, kForwardMemoryLimit));
  Mat q, k, v;
  project(x, 0, q, k, v);
  ImplicitAttention ia;
  ia.weights.assign(std::size_t(c_.numHeads), Mat());
  for (auto& w : ia.weights) w = Mat::Zero(T, T);
  Mat heads(T, Index(c_.numHeads) * c_.headDim);  // discarded; the caller multiplies itself
  const Index nBlocks = (T + kQueryBlock - 1) / kQueryBlock;
  const Index tasks = Index(c_.numHeads) * nBlocks;
#pragma omp parallel for schedule(dynamic) if (x.rows() >= ops::kThreadingMinRows)
  for (Index task = 0; task < tasks; ++task) {
    const int h = int(task / nBlocks);
    const Index i0 = (task % nBlocks) * kQueryBlock;
    attendBlock(q, k, v, h, i0, std::min(T, i0 + kQueryBlock), heads, &ia.weights[std::size_t(h)]);
  }
  const int group = c_.numHeads / c_.numKvHeads;
  for (int h = 0; h < c_.numHeads; ++h) {
    ia.values.push_back(v.middleCols(Index(h / group) * c_.headDim, c_.headDim));
    ia.labels.push_back("head " + std::to_string(h));
  }
  return ia;
}

Mat SoftmaxAttention::outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const {
  const Index T = x.rows(), Dh = c_.headDim;
  if (mixed.size() != std::size_t(c_.numHeads))
    throw Error("attention: expected " + std::to_string(c_.numHeads) + " mixed heads, got " +
                std::to_string(mixed.size()));
  Mat heads(T, Index(c_.numHeads) * Dh);
  for (int h = 0; h < c_.numHeads; ++h) {
    const Mat& m = mixed[std::size_t(h)];
    if (m.rows() != T || m.cols() != Dh)
      throw Error("attention: mixed head " + std::to_string(h) + " is " + std::to_string(m.rows()) +
                  " x " + std::to_string(m.cols()) + ", expected " + std::to_string(T) + " x " +
                  std::to_string(Dh));
    heads.middleCols(Index(h) * Dh, Dh) = m;
  }
  return outputProjection(heads);
}

MixerCost SoftmaxAttention::cost(std::int64_t T) const {
  const double D = c_.hiddenSize, Dh = c_.headDim, H = c_.numHeads, Hkv = c_.numKvHeads;
  const double t = double(T), W = double(c_.slidingWindow);
  // q, k, v and o projections of one token (a multiply-add is 2 FLOPs).
  const double projPerToken = 2 * D * (H + 2 * Hkv) * Dh + 2 * H * Dh * D;
  // QK^T and PV for one (query, key) pair over all query heads.
  const double perPair = 4 * Dh * H;
  double pairs;  // sum over queries of the number of visible keys
  if (c_.causal) {
    if (W <= 0 || t <= W)
      pairs = t * (t + 1) / 2;
    else
      pairs = W * (W + 1) / 2 + (t - W) * W;
  } else if (W <= 0) {
    pairs = t * t;
  } else {
    // Each query sees itself plus up to W - 1 keys on either side.
    const double side = t <= W ? t * (t - 1) / 2 : W * (W - 1) / 2 + (t - W) * (W - 1);
    pairs = 2 * side + t;
  }
  const double cacheRows = W > 0 ? std::min(t, W) : t;
  MixerCost c;
  c.prefillFlops = t * projPerToken + pairs * perPair;
  c.decodeFlops = projPerToken + cacheRows * perPair;
  c.stateBytes = std::size_t(cacheRows) * std::size_t(c_.numKvHeads) * std::size_t(c_.headDim) * 2 *
                 sizeof(Real);
  return c;
}

}  // namespace seqscope
