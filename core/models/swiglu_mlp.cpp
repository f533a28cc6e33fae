#include "core/models/swiglu_mlp.h"

#include "core/mixers/ops.h"

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

}  // namespace seqscope
