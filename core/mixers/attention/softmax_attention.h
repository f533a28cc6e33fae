#pragma once
// Softmax attention as Hugging Face transformers' LlamaAttention / MistralAttention (eager):
// q/k/v projections (optional biases), RoPE on q and k at absolute positions, scores scaled
// by 1/sqrt(head_dim), grouped-query attention (query head h reads kv head
// h / (numHeads / numKvHeads)), a causal or bidirectional mask with an optional sliding
// window, a float softmax, and the output projection. The recurrent form is the KV cache.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/mixers/mixer.h"
#include "core/mixers/attention/attention_config.h"

namespace seqscope {

class SoftmaxAttention : public Mixer {
 public:
  // Query rows scored together in the parallel form. Blocks keep the score buffer at
  // O(block * keys) instead of T x T per head, so memory grows linearly with T.
  static constexpr Eigen::Index kQueryBlock = 128;
  // Budget of the parallel form (projections, head outputs, in-flight score blocks). Above
  // it forward() throws instead of letting the allocator take the machine down.
  static constexpr double kForwardMemoryLimit = 4.0 * 1024 * 1024 * 1024;
  // Budget of implicitAttention(), which must materialise T x T per query head.
  static constexpr double kImplicitMemoryLimit = 2.0 * 1024 * 1024 * 1024;

  explicit SoftmaxAttention(const AttentionConfig& config);

  const AttentionConfig& config() const { return c_; }

  std::string kind() const override { return "attention"; }
  int dModel() const override { return c_.hiddenSize; }
  bool isCausal() const override { return c_.causal; }
  int window() const override { return c_.slidingWindow; }

  void collectParameters(const std::string& prefix, ParameterList& out) override;

  Mat forward(const Mat& x, MixerState* finalState = nullptr) const override;
  std::unique_ptr<MixerState> newState() const override;
  // Throws Error for bidirectional attention: a token's output depends on later tokens.
  Row step(MixerState& state, const Row& x) const override;

  // Recomputes q, k, v, then per (query head, query block) recomputes P and O and
  // back-propagates dS = P .* (dO V^T - rowsum(dO .* O)). Memory stays O(T * block); with
  // GQA dK/dV are kept per query head and summed over each group in head order, so results
  // do not depend on the thread count.
  Mat backward(const Mat& x, const Mat& dy, Gradients& grads) const override;

  // weights[h]: softmax probabilities of query head h (T x T, zero where masked);
  // values[h]: V of its kv head (T x headDim).
  ImplicitAttention implicitAttention(const Mat& x) const override;
  // Concatenates the heads and applies o_proj.
  Mat outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const override;

  // FLOPs count the projections and the QK^T / PV products over the visible keys; the
  // element-wise work (RoPE, softmax, biases) is not counted.
  MixerCost cost(std::int64_t T) const override;

  // Bytes forward() allocates for T tokens, as compared against kForwardMemoryLimit.
  double forwardMemoryBytes(std::int64_t T) const;

 private:
  // Projections of x with RoPE applied to q and k at positions start, start + 1, ...
  void project(const Mat& x, std::int64_t start, Mat& q, Mat& k, Mat& v) const;
  // Half-open range [lo, hi) of key positions query i sees in a sequence of T tokens.
  void visibleKeys(Eigen::Index i, Eigen::Index T, Eigen::Index& lo, Eigen::Index& hi) const;
  // Attention of query head h for query rows [i0, i1): writes the head's output columns of
  // `out` and, when `probs` is not null, the probabilities into probs (T x T).
  void attendBlock(const Mat& q, const Mat& k, const Mat& v, int h, Eigen::Index i0,
                   Eigen::Index i1, Mat& out, Mat* probs) const;
  // Backward of attendBlock for query head h, rows [i0, i1): recomputes P, writes the head's
  // output rows of `heads` and its rows of dq, and adds the block's contributions to the
  // head's columns of dkh / dvh.
  void attendBlockBackward(const Mat& q, const Mat& k, const Mat& v, const Mat& dheads, int h,
                           Eigen::Index i0, Eigen::Index i1, Mat& heads, Mat& dq, Mat& dkh,
                           Mat& dvh) const;
  Mat outputProjection(const Mat& heads) const;

  AttentionConfig c_;
  Real scale_;
  Mat wq_, wk_, wv_, wo_;
  Mat bq_, bk_, bv_, bo_;  // 1 x n, used only when c_.bias
};

}  // namespace seqscope
