#pragma once
// The common interface of every sequence mixer. A mixer maps a sequence of T vectors of
// width d_model to T vectors of the same width and comes in two forms that must agree:
//  - the parallel form over a whole sequence (training, prefill), and
//  - the recurrent form, one token at a time against an explicit MixerState (decoding).
// For the views it also exposes its state and its implicit attention matrix.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/parameters.h"
#include "core/tensor.h"

namespace seqscope {

class Gradients;

// One named matrix of a state, for display: head h of a Gated DeltaNet S (d_k x d_v),
// the key cache of an attention head (positions x d_head), Mamba's SSM state (d_inner x N).
struct StateSlice {
  std::string name;
  Mat values;
};

class MixerState {
 public:
  virtual ~MixerState() = default;
  // Bytes of state this object holds right now: KV cache entries (grows with position,
  // capped by a sliding window), recurrent matrices and convolution windows (fixed).
  // Counted as sizeof(Real) * stored elements; this is what the memory meters show and
  // what the cost model's stateBytes must equal.
  virtual std::size_t bytes() const = 0;
  // The state as matrices for the views (copies, safe to hand to another thread).
  virtual std::vector<StateSlice> slices() const = 0;
  virtual std::unique_ptr<MixerState> clone() const = 0;

  std::int64_t position = 0;  // tokens consumed so far
};

// weights[h](t, s): how much the value of input position s contributes to output t in
// head (or channel) h. values[h] is T x d_v. Each mixer defines its own value vectors;
// the contract is: outputFromMixed(x, {weights[h] * values[h]}) == forward(x).
struct ImplicitAttention {
  std::vector<Mat> weights;
  std::vector<Mat> values;
  std::vector<std::string> labels;  // per head, e.g. "head 0" or "channel 17"
};

// Analytic cost of the mixer at sequence length T (cost model, core/cost). Counts one
// multiply-add as 2 FLOPs; includes projections, excludes the model's MLP/embeddings.
struct MixerCost {
  double prefillFlops = 0;     // parallel form over T tokens
  double decodeFlops = 0;      // one recurrent step for token T (after T-1 tokens)
  std::size_t stateBytes = 0;  // bytes held by the state after T tokens
};

class Mixer {
 public:
  virtual ~Mixer() = default;

  // The registry's name for it (core/mixers/mixer_registry.h), e.g. gated_deltanet.
  virtual std::string kind() const = 0;
  virtual int dModel() const = 0;

  // Registers the weights under `prefix` (e.g. "model.layers.3.self_attn.") with their
  // Hugging Face names and shapes; also sizes the storage.
  virtual void collectParameters(const std::string& prefix, ParameterList& out) = 0;

  // Parallel form: x is T x d_model, the result T x d_model. If finalState is not null it
  // must come from newState(); it receives the state after the last position, so decoding
  // can continue from it with step().
  virtual Mat forward(const Mat& x, MixerState* finalState = nullptr) const = 0;

  virtual std::unique_ptr<MixerState> newState() const = 0;
  // Recurrent form: consumes one token vector (1 x d_model), returns its output.
  virtual Row step(MixerState& state, const Row& x) const = 0;

  virtual ImplicitAttention implicitAttention(const Mat& x) const = 0;
  // The part of the mixer after mixing: gates, norms, the output projection.
  // mixed[h] = weights[h] * values[h] from implicitAttention(x).
  virtual Mat outputFromMixed(const Mat& x, const std::vector<Mat>& mixed) const = 0;

  virtual MixerCost cost(std::int64_t T) const = 0;

  // Which positions output t reads: only s <= t when causal (else all), and only the last
  // `window` of them when window > 0. The views mask the rest of the maps.
  virtual bool isCausal() const { return true; }
  virtual int window() const { return 0; }

  // Reverse mode of forward(): given x (T x d_model) and dL/dy (T x d_model), adds dL/dW for
  // every parameter to `grads` and returns dL/dx. Recomputes the activations it needs from x
  // (the models are tiny; memory matters more than the second forward).
  virtual Mat backward(const Mat& x, const Mat& dy, Gradients& grads) const;
};

}  // namespace seqscope
