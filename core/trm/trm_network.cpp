#include "core/trm/trm_network.h"

#include <cmath>

namespace seqscope {
namespace {

AttentionConfig attentionConfig(const TrmConfig& c) {
  AttentionConfig a;
  a.hiddenSize = c.hiddenSize;
  a.numHeads = a.numKvHeads = c.numHeads;
  a.headDim = c.hiddenSize / c.numHeads;
  a.causal = false;  // every cell sees every cell
  a.useRope = true;  // over the row-major cell index; the learned position embedding adds 2-D
  return a;
}

}  // namespace

Mat trmRmsNorm(const Mat& x, Real eps) {
  Mat y(x.rows(), x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const Real inv = Real(1) / std::sqrt(x.row(r).squaredNorm() / Real(x.cols()) + eps);
    y.row(r) = x.row(r) * inv;
  }
  return y;
}

Mat trmRmsNormBackward(const Mat& x, const Mat& dy, Real eps) {
  // y = x r with r = (mean(x^2) + eps)^-1/2: dx = r dy - x r^3 (dy . x) / D.
  Mat dx(x.rows(), x.cols());
  const Real D = Real(x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const Real inv = Real(1) / std::sqrt(x.row(r).squaredNorm() / D + eps);
    const Real dot = dy.row(r).dot(x.row(r));
    dx.row(r) = dy.row(r) * inv - x.row(r) * (inv * inv * inv * dot / D);
  }
  return dx;
}

TrmNetwork::TrmNetwork(const TrmConfig& config) : c_(config) {
  for (int l = 0; l < c_.numLayers; ++l) {
    if (c_.variant == "attention")
      attention_.push_back(std::make_unique<SoftmaxAttention>(attentionConfig(c_)));
    else
      tokenMlps_.emplace_back(c_.cells, c_.tokenMix());
    channelMlps_.emplace_back(c_.hiddenSize, c_.intermediateSize);
  }
}

TrmNetwork::TrmNetwork(const TrmNetwork& o)
    : c_(o.c_), tokenMlps_(o.tokenMlps_), channelMlps_(o.channelMlps_) {
  for (const auto& a : o.attention_) attention_.push_back(std::make_unique<SoftmaxAttention>(*a));
}

void TrmNetwork::collectParameters(const std::string& prefix, ParameterList& out) {
  for (int l = 0; l < c_.numLayers; ++l) {
    const std::string p = prefix + "layers." + std::to_string(l) + ".";
    if (c_.variant == "attention")
      attention_[std::size_t(l)]->collectParameters(p + "self_attn.", out);
    else
      tokenMlps_[std::size_t(l)].collectParameters(p + "token_mlp.", out);
    channelMlps_[std::size_t(l)].collectParameters(p + "mlp.", out);
  }
}

Mat TrmNetwork::mix(int layer, const Mat& h) const {
  if (c_.variant == "attention") return attention_[std::size_t(layer)]->forward(h);
  const Mat ht = h.transpose();  // D x cells: each channel is one "token" of the position MLP
  return tokenMlps_[std::size_t(layer)].forward(ht).transpose();
}

Mat TrmNetwork::mixBackward(int layer, const Mat& h, const Mat& dy, Gradients& grads) const {
  if (c_.variant == "attention") return attention_[std::size_t(layer)]->backward(h, dy, grads);
  const Mat ht = h.transpose(), dyt = dy.transpose();
  return tokenMlps_[std::size_t(layer)].backward(ht, dyt, grads).transpose();
}

Mat TrmNetwork::forward(const Mat& h0, Cache* cache) const {
  Mat h = h0;
  if (cache) *cache = Cache{};
  for (int l = 0; l < c_.numLayers; ++l) {
    Mat preMix = h + mix(l, h);
    Mat mixed = trmRmsNorm(preMix, c_.normEps);
    Mat preMlp = mixed + channelMlps_[std::size_t(l)].forward(mixed);
    if (cache) {
      cache->input.push_back(h);
      cache->preMix.push_back(preMix);
      cache->mixed.push_back(mixed);
      cache->preMlp.push_back(preMlp);
    }
    h = trmRmsNorm(preMlp, c_.normEps);
  }
  return h;
}

Mat TrmNetwork::backward(const Cache& cache, const Mat& dout, Gradients& grads) const {
  Mat d = dout;
  for (int l = c_.numLayers - 1; l >= 0; --l) {
    const auto i = std::size_t(l);
    const Mat dPreMlp = trmRmsNormBackward(cache.preMlp[i], d, c_.normEps);
    const Mat dMixed = dPreMlp + channelMlps_[i].backward(cache.mixed[i], dPreMlp, grads);
    const Mat dPreMix = trmRmsNormBackward(cache.preMix[i], dMixed, c_.normEps);
    d = dPreMix + mixBackward(l, cache.input[i], dPreMix, grads);
  }
  return d;
}

double TrmNetwork::flops() const {
  const double L = c_.cells, D = c_.hiddenSize;
  const double channel = 6.0 * L * D * c_.intermediateSize;  // gate, up, down
  const double mixing = c_.variant == "attention"
                            ? 8.0 * L * D * D + 4.0 * L * L * D  // q,k,v,o; QK^T, PV
                            : 6.0 * D * L * c_.tokenMix();
  return c_.numLayers * (channel + mixing);
}

}  // namespace seqscope
