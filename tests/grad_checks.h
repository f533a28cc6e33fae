#pragma once
// Finite-difference gradient checks, for tests built against seqscope_core_f64 (Real is
// double). The scalar checked is L = sum(f(x) .* R) for a fixed random R, so dL/dy = R.
#include <QtTest>

#include <functional>

#include "core/parameters.h"
#include "core/gradients.h"
#include "core/util/rng.h"

namespace seqscope::testing {

static_assert(sizeof(Real) == sizeof(double), "gradient checks need the f64 core (F64 in CMake)");

inline Mat randomLike(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = Real(rng.normal() * scale);
  return m;
}

// Error of one gradient entry: relative for large gradients, absolute over `floor` for tiny
// ones, where the central difference itself carries ~1e-9 of rounding noise.
inline double gradError(double analytic, double numeric, double floor = 1e-3) {
  return std::abs(analytic - numeric) / std::max({std::abs(analytic), std::abs(numeric), floor});
}

// Checks dL/dx and dL/dW of every parameter (up to `perParam` entries each, spread over
// the tensor) against central differences with step h.
//   forward:  x -> y;   backward: (x, dy, grads) -> dx.
inline void checkGradients(const std::function<Mat(const Mat&)>& forward,
                           const std::function<Mat(const Mat&, const Mat&, Gradients&)>& backward,
                           const Mat& x, const ParameterList& params, double tol = 1e-5,
                           int perParam = 12, double h = 1e-6) {
  const Mat y = forward(x);
  const Mat R = randomLike(y.rows(), y.cols(), 99);
  auto loss = [&](const Mat& in) { return double(forward(in).cwiseProduct(R).sum()); };
  Gradients grads;
  const Mat dx = backward(x, R, grads);
  QCOMPARE(dx.rows(), x.rows());
  QCOMPARE(dx.cols(), x.cols());
  double worst = 0;
  std::string worstWhere;
  auto probe = [&](Real& slot, double analytic, const std::string& where) {
    const Real saved = slot;
    slot = saved + Real(h);
    const double up = loss(x);
    slot = saved - Real(h);
    const double down = loss(x);
    slot = saved;
    const double err = gradError(analytic, (up - down) / (2 * h));
    if (err > worst) {
      worst = err;
      worstWhere = where + QString(" analytic %1 numeric %2").arg(analytic).arg((up - down) / (2 * h)).toStdString();
    }
  };
  // Input gradient.
  Mat xp = x;
  const Eigen::Index stepX = std::max<Eigen::Index>(1, x.size() / (perParam * 2));
  for (Eigen::Index i = 0; i < x.size(); i += stepX) {
    const Real saved = xp.data()[i];
    xp.data()[i] = saved + Real(h);
    const double up = loss(xp);
    xp.data()[i] = saved - Real(h);
    const double down = loss(xp);
    xp.data()[i] = saved;
    const double err = gradError(dx.data()[i], (up - down) / (2 * h));
    if (err > worst) {
      worst = err;
      worstWhere = "input[" + std::to_string(i) + "]";
    }
  }
  for (const Parameter& p : params) {
    const Mat* g = grads.find(*p.value);
    QVERIFY2(g, qPrintable(QString::fromStdString("no gradient for " + p.name)));
    const Eigen::Index step = std::max<Eigen::Index>(1, p.value->size() / perParam);
    for (Eigen::Index i = 0; i < p.value->size(); i += step)
      probe(p.value->data()[i], g->data()[i], p.name + "[" + std::to_string(i) + "]");
  }
  QVERIFY2(worst < tol, qPrintable(QString("worst gradient error %1 at %2")
                                       .arg(worst)
                                       .arg(QString::fromStdString(worstWhere))));
}

}  // namespace seqscope::testing
