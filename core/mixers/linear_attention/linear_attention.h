#pragma once
// Linear attention (Katharopoulos et al. 2020, "Transformers are RNNs"), parameter names as
// fla-org/flash-linear-attention: q_proj, k_proj, v_proj, o_proj, no biases.
//
// Per head, with the feature map phi(x) = elu(x) + 1 (positive, so the normaliser is > 0):
//   S_t = S_{t-1} + phi(k_t) v_t^T        (d_k x d_v)
//   z_t = z_{t-1} + phi(k_t)              (d_k)
//   o_t = phi(q_t)^T S_t / (phi(q_t) . z_t + eps)
// The heads are concatenated and projected by o_proj.
//
// The parallel form is chunked (chunks of kChunk positions): inside a chunk the quadratic
// masked form, across chunks the carried (S, z). Time and memory are O(T), so a 65k-token
// sequence needs no T x T matrix. Only implicitAttention() builds T x T (it is the view).
#include "core/mixers/mixer.h"
#include "core/mixers/linear_attention/linear_attention_config.h"

namespace seqscope {

class LinearAttention : public Mixer {
 public:
  static constexpr int kChunk = 64;

  explicit LinearAttention(const LinearAttentionConfig& config);

  std::string kind() const override { return "linear_attention"; }
  int dModel() const override { return cfg_.hiddenSize; }
  const LinearAttentionConfig& config() const { return cfg_; }

  void collectParameters(const std::string& prefix, ParameterList& out) override;
  Mat forward(const Mat& x, MixerState* finalState = nullptr) const override;
  std::unique_ptr<MixerState> newState() const override;
  Row step(MixerState& state, const Row& x) const override;
  ImplicitAttention implicitAttention(const Mat& x) const override;
  Mat outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const override;
  MixerCost cost(std::int64_t T) const override;
  // Exact reverse mode of forward(), chunked like it: O(T) memory, no T x T matrix.
  Mat backward(const Mat& x, const Mat& dy, Gradients& grads) const override;

 private:
  // phi(q), phi(k) (T x H*d_k) and v (T x H*d_v) of a sequence.
  void featureProjections(const Mat& x, Mat& q, Mat& k, Mat& v) const;

  LinearAttentionConfig cfg_;
  Mat wq_, wk_, wv_, wo_;
};

}  // namespace seqscope
