#include "core/parameters.h"

namespace seqscope {

void addParameter(ParameterList& out, const std::string& fullName, Mat& m, Eigen::Index rows,
                  Eigen::Index cols, Shape shape, Real initStd, Real initValue) {
  if (m.rows() != rows || m.cols() != cols) m = Mat::Zero(rows, cols);
  if (shape.empty()) shape = rows == 1 ? Shape{cols} : Shape{rows, cols};
  out.push_back(Parameter{fullName, std::move(shape), &m, initStd, initValue});
}

}  // namespace seqscope

#include "core/util/rng.h"

namespace seqscope {

void initParameters(const ParameterList& params, Rng& rng) {
  for (const auto& p : params) {
    Mat& m = *p.value;
    for (Eigen::Index i = 0; i < m.size(); ++i)
      m.data()[i] = p.initStd > 0 ? Real(rng.normal() * p.initStd) : p.initValue;
  }
}

}  // namespace seqscope
