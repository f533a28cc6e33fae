#pragma once
// A module lists its weights as Parameter entries: the Hugging Face tensor name relative to
// the module, the exact checkpoint shape, and the Mat that holds the values. Loading, saving
// and random initialisation are then generic (core/models/checkpoint) instead of per mixer.
#include <string>
#include <vector>

#include "core/tensor.h"

namespace seqscope {

struct Parameter {
  std::string name;  // full tensor name, e.g. "model.layers.0.self_attn.q_proj.weight"
  Shape shape;       // shape in the checkpoint, e.g. {out, in} or {channels, 1, kernel}
  Mat* value;        // storage; rows * cols == numel(shape), data in row-major order
  // How random initialisation fills it: normal(0, initStd), or the constant initValue
  // when initStd == 0 (norm weights start at 1, biases at 0).
  Real initStd = 0.02f;
  Real initValue = 0.0f;
};

using ParameterList = std::vector<Parameter>;

// Helper for modules: registers `m` sized rows x cols under prefix + name with a given
// checkpoint shape (defaults to {rows, cols}, or {cols} when rows == 1).
void addParameter(ParameterList& out, const std::string& fullName, Mat& m, Eigen::Index rows,
                  Eigen::Index cols, Shape shape = {}, Real initStd = 0.02f, Real initValue = 0.0f);

}  // namespace seqscope

namespace seqscope {
class Rng;
// Fills every parameter from its init rule (normal(0, initStd) or initValue), in list order.
void initParameters(const ParameterList& params, Rng& rng);
}  // namespace seqscope
