#pragma once
// RetNet multi-scale retention (Sun et al. 2023), laid out like fla's MultiScaleRetention:
// q_proj, k_proj, v_proj, g_proj, g_norm (RMSNorm of width d_v shared by the heads), o_proj,
// no biases.
//
// Per head h with decay gamma_h = 1 - 2^(-5-h):
//   q_t, k_t rotated by RoPE at absolute position t, q_t scaled by d_k^-0.5
//   S_t = gamma_h S_{t-1} + k_t v_t^T       (d_k x d_v)
//   o_t = S_t^T q_t
// then per head RMSNorm(o_t) * g_norm * silu(g_t) (fla's FusedRMSNormSwishGate) and o_proj.
//
// The parallel form is chunked (kChunk positions): inside a chunk the masked form
// (q_i . k_j) gamma^(i-j), across chunks the carried S, decayed by gamma^(i+1) for row i.
// O(T) time and memory: no T x T matrix except in implicitAttention() (the view).
#include "core/mixers/mixer.h"
#include "core/mixers/retnet/retnet_config.h"

namespace seqscope {

class Retention : public Mixer {
 public:
  static constexpr int kChunk = 64;

  explicit Retention(const RetNetConfig& config);

  std::string kind() const override { return "retnet"; }
  int dModel() const override { return cfg_.hiddenSize; }
  const RetNetConfig& config() const { return cfg_; }
  // gamma_h = 1 - 2^(-5-h), exact in float for any realistic head count.
  double decay(int head) const;

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
  // Rotated and scaled q (T x H*d_k), rotated k, v (T x H*d_v) for rows at positions
  // start, start + 1, ...
  void projections(const Mat& x, std::int64_t start, Mat& q, Mat& k, Mat& v) const;
  // The chunked retention of every head: o (T x H*d_v). finalS (if not null) receives each
  // head's state after the last position, chunkStarts (if not null) each head's state before
  // every chunk (what backward needs to avoid a second forward sweep).
  Mat retain(const Mat& q, const Mat& k, const Mat& v, std::vector<Mat>* finalS,
             std::vector<std::vector<Mat>>* chunkStarts) const;
  // Gated per-head RMSNorm and o_proj applied to the retention output o (T x H*d_v).
  Mat finish(const Mat& x, const Mat& o) const;
  void checkWidth(Eigen::Index cols) const;

  RetNetConfig cfg_;
  Mat wq_, wk_, wv_, wg_, gnorm_, wo_;
};

}  // namespace seqscope
