#pragma once
// Gated DeltaNet (Yang, Kautz, Hatamizadeh 2024), as fla-org/flash-linear-attention's
// GatedDeltaNet layer: q, k, v through a short causal convolution and silu, q and k
// L2-normalised per head, a per-head scalar decay g = -exp(A_log) * softplus(a + dt_bias)
// and write strength beta = sigmoid(b). Per head the state S (d_k x d_v) follows
//   S = exp(g_t) S;  v' = beta_t (v_t - S^T k_t);  S = S + k_t v'^T;  o_t = S^T q_t,
// i.e. the delta rule: writing a key first erases what S returned for it.
// The parallel form is the chunked WY form of fla's chunk_gated_delta_rule.
#include <memory>
#include <string>
#include <vector>

#include "core/mixers/mixer.h"
#include "core/mixers/gated_deltanet/gated_deltanet_config.h"

namespace seqscope {

class GatedDeltaNet : public Mixer {
 public:
  explicit GatedDeltaNet(const GatedDeltaNetConfig& config);

  std::string kind() const override { return "gated_deltanet"; }
  int dModel() const override { return config_.hiddenSize; }
  const GatedDeltaNetConfig& config() const { return config_; }

  void collectParameters(const std::string& prefix, ParameterList& out) override;

  Mat forward(const Mat& x, MixerState* finalState = nullptr) const override;
  std::unique_ptr<MixerState> newState() const override;
  Row step(MixerState& state, const Row& x) const override;

  ImplicitAttention implicitAttention(const Mat& x) const override;
  Mat outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const override;

  MixerCost cost(std::int64_t T) const override;

  // Reverse mode of forward(): recomputes the activations from x, back-propagates the
  // recurrence per head with a reverse token loop carrying dS (states kept only at chunk
  // boundaries and recomputed inside a chunk), accumulates every parameter's gradient.
  Mat backward(const Mat& x, const Mat& dy, Gradients& grads) const override;

  // The gated delta rule of one head, exposed so tests can drive it with hand-made inputs.
  // q, k: T x d_k (q already scaled), v: T x d_v, beta and g (log decay): length T.
  // S (d_k x d_v) is the state before the first row and receives the state after the last.
  // Chunked WY form; chunkSize >= 1, T need not be a multiple of it.
  static Mat chunkedHead(const Mat& q, const Mat& k, const Mat& v, const Vec& beta, const Vec& g,
                         int chunkSize, Mat& S);
  // One token of the same recurrence; returns o_t = S^T q_t.
  static Row stepHead(Mat& S, const Row& q, const Row& k, const Row& v, Real beta, Real g);
  // weights(t, s) with o = weights * v for one head starting from S = 0 (T x T, lower
  // triangular): (Q K^T ⊙ Gamma)_lower (I + L)^{-1} diag(beta), computed chunk by chunk.
  static Mat implicitHead(const Mat& q, const Mat& k, const Vec& beta, const Vec& g, int chunkSize);

 private:
  // Everything the mixing needs from x: conv inputs (kept for the conv windows), the
  // activated q, k, v (T x H*d), and beta, g (T x H).
  struct Features {
    Mat qIn, kIn, vIn;
    Mat q, k, v;
    Mat beta, g;
  };
  Features features(const Mat& x) const;
  // beta and g for the rows of x (T x H each).
  void gates(const Mat& x, Mat& beta, Mat& g) const;
  // Per-head norm (gated by g_proj(x) when useGate) and o_proj over o (T x H*d_v).
  Mat finish(const Mat& x, const Mat& o) const;

  GatedDeltaNetConfig config_;
  Mat qProj_, kProj_, vProj_, aProj_, bProj_, gProj_, oProj_;
  Mat aLog_, dtBias_;          // 1 x H
  Mat qConv_, kConv_, vConv_;  // channels x K
  Mat oNorm_;                  // 1 x d_v
};

}  // namespace seqscope
