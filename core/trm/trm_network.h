#pragma once
// The one small network f of a Tiny Recursive Model: `numLayers` post-norm blocks
//   h = rmsnorm(h + mix(h));  h = rmsnorm(h + swiglu(h))
// where mix is either a SwiGLU MLP across positions (the paper's "MLP-T" variant for
// fixed-size grids: the same weights act on every channel, mixing the cells) or bidirectional
// softmax attention. The norms have no weights, as in the reference implementation.
// forward() can keep what backward() needs, so the gradient cycle back-propagates through
// all n + 1 evaluations of f.
#include <memory>
#include <string>
#include <vector>

#include "core/mixers/attention/softmax_attention.h"
#include "core/models/swiglu_mlp.h"
#include "core/trm/trm_config.h"

namespace seqscope {

class TrmNetwork {
 public:
  // Activations of one evaluation, per layer: the block input and the two pre-norm sums.
  struct Cache {
    std::vector<Mat> input, preMix, mixed, preMlp;
  };

  explicit TrmNetwork(const TrmConfig& config);
  TrmNetwork(const TrmNetwork& other);
  TrmNetwork& operator=(const TrmNetwork&) = delete;

  void collectParameters(const std::string& prefix, ParameterList& out);
  // h: cells x D. Fills `cache` when given.
  Mat forward(const Mat& h, Cache* cache = nullptr) const;
  // dL/dh from dL/d(output); parameter gradients accumulate into `grads`.
  Mat backward(const Cache& cache, const Mat& dout, Gradients& grads) const;
  // Analytic FLOPs of one evaluation (matrix products only; norms and activations omitted).
  double flops() const;

 private:
  Mat mix(int layer, const Mat& h) const;
  Mat mixBackward(int layer, const Mat& h, const Mat& dy, Gradients& grads) const;

  TrmConfig c_;
  std::vector<SwigluMlp> tokenMlps_;  // MLP variant: hidden = cells, intermediate = tokenMix
  std::vector<std::unique_ptr<SoftmaxAttention>> attention_;  // attention variant
  std::vector<SwigluMlp> channelMlps_;
};

// Weightless RMSNorm over each row and its backward (given the input x).
Mat trmRmsNorm(const Mat& x, Real eps);
Mat trmRmsNormBackward(const Mat& x, const Mat& dy, Real eps);

}  // namespace seqscope
