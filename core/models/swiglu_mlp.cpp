#include "core/models/swiglu_mlp.h"

#include "core/mixers/ops_grad.h"

namespace seqscope {

void SwigluMlp::collectParameters(const std::string& prefix, ParameterList& out) {
  addParameter(out, prefix + "gate_proj.weight", gate_, intermediate_, hidden_);
  addParameter(out, prefix + "up_proj.weight", up_, intermediate_, hidden_);
  addParameter(out, prefix + "down_proj.weight", down_, hidden_, intermediate_);
}

Mat SwigluMlp::forward(const Mat& x) const {
  Mat g = ops::linear(x, gate_);
  ops::siluInPlace(g);
  g.array() *= ops::linear(x, up_).array();
  return ops::linear(g, down_);
}

Mat SwigluMlp::backward(const Mat& x, const Mat& dy, Gradients& grads) const {
  const Mat a = ops::linear(x, gate_), u = ops::linear(x, up_);
  const Mat s = a.unaryExpr([](Real v) { return ops::silu(v); });
  const Mat dh = ops::linearBackward(s.cwiseProduct(u), down_, nullptr, dy, grads);
  const Mat da = dh.cwiseProduct(u).cwiseProduct(a.unaryExpr([](Real v) { return ops::siluGrad(v); }));
  const Mat du = dh.cwiseProduct(s);
  return ops::linearBackward(x, gate_, nullptr, da, grads) + ops::linearBackward(x, up_, nullptr, du, grads);
}

}  // namespace seqscope
