#pragma once
// Dense types used throughout the core. A sequence is a Mat with one row per position
// (T x D, row-major), so a row is one token's vector and row blocks are contiguous.
//
// Real is float: every model runs in single precision. It is a single alias so that the
// same sources can later be compiled a second time in double for finite-difference checks.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace seqscope {

#ifdef SEQSCOPE_REAL_DOUBLE
using Real = double;  // the seqscope_core_f64 build, for finite-difference gradient checks
#else
using Real = float;
#endif
using Mat = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Row = Eigen::Matrix<Real, 1, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::Matrix<Real, Eigen::Dynamic, 1>;
using Shape = std::vector<std::int64_t>;

inline std::int64_t numel(const Shape& s) {
  std::int64_t n = 1;
  for (auto d : s) n *= d;
  return n;
}

}  // namespace seqscope
