// Mamba2::backward against central finite differences (f64 build): every parameter and the
// input, for several shapes, n_groups > 1, with and without the biases, an active dt clamp,
// T = 1, T not a multiple of the chunk or of the 64-token backward segment, and T >= 128
// (the threaded path).
#include <QtTest>

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/mixers/mamba2/mamba2.h"
#include "core/mixers/ops.h"
#include "grad_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

Mamba2Config makeConfig(int H, int P, int G, int N, int K, int chunk, bool bias, bool convBias) {
  Mamba2Config c;
  c.hiddenSize = 6;
  c.numHeads = H;
  c.headDim = P;
  c.nGroups = G;
  c.stateSize = N;
  c.convKernel = K;
  c.chunkSize = chunk;
  c.useBias = bias;
  c.useConvBias = convBias;
  return c;
}

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Mat& param(const ParameterList& params, const std::string& name) {
  for (const auto& p : params)
    if (p.name == "mixer." + name) return *p.value;
  qFatal("no parameter %s", name.c_str());
}

// Weights scaled so that pre-activations stay O(1) (silu and softplus in their curved part,
// never saturated) and dt lies around [0.05, 0.5], where the decays exp(dt A) matter over a
// few tokens and the gradients through A_log and dt are large enough to check.
void initWeights(const Mamba2Config& c, const ParameterList& params, std::uint64_t seed) {
  Rng rng(seed);
  const int I = c.numHeads * c.headDim;
  for (const Parameter& p : params) {
    Mat& v = *p.value;
    for (Eigen::Index i = 0; i < v.size(); ++i) {
      const double r = rng.normal();
      Real& out = v.data()[i];
      if (endsWith(p.name, "in_proj.weight")) out = Real(r / std::sqrt(double(c.hiddenSize)));
      else if (endsWith(p.name, "conv1d.weight")) out = Real(0.6 * r);
      else if (endsWith(p.name, "dt_bias")) out = Real(std::log(std::expm1(0.05 + 0.45 * rng.uniform())));
      else if (endsWith(p.name, "A_log")) out = Real(std::log(double(i + 1)) + 0.1 * r);
      else if (endsWith(p.name, "D")) out = Real(1.0 + 0.5 * r);
      else if (endsWith(p.name, "norm.weight")) out = Real(1.0 + 0.2 * r);
      else if (endsWith(p.name, "out_proj.weight")) out = Real(r / std::sqrt(double(I)));
      else out = Real(0.2 * r);  // the biases
    }
  }
}

void checkConfig(const Mamba2Config& c, Eigen::Index T, std::uint64_t seed) {
  Mamba2 m(c);
  ParameterList params;
  m.collectParameters("mixer.", params);
  initWeights(c, params, seed);
  const Mat x = randomLike(T, c.hiddenSize, seed + 7);
  checkGradients([&](const Mat& in) { return m.forward(in); },
                 [&](const Mat& in, const Mat& dy, Gradients& g) { return m.backward(in, dy, g); }, x,
                 params, 1e-5);
}

}  // namespace

class TestMamba2Grad : public QObject {
  Q_OBJECT

 private slots:
  void plain() { checkConfig(makeConfig(2, 3, 1, 4, 4, 4, false, true), 9, 1); }
  void groups() { checkConfig(makeConfig(4, 2, 2, 3, 3, 5, false, true), 11, 2); }
  void biases() { checkConfig(makeConfig(4, 2, 4, 2, 4, 3, true, true), 10, 3); }
  void noConvBias() { checkConfig(makeConfig(2, 3, 2, 3, 2, 4, true, false), 7, 4); }
  void kernelOne() { checkConfig(makeConfig(2, 2, 1, 3, 1, 4, false, true), 6, 5); }
  void singleToken() { checkConfig(makeConfig(4, 2, 2, 3, 4, 4, true, true), 1, 6); }
  // 70 tokens: two backward segments (the second partial), chunks of 16 with a partial one.
  void segments() { checkConfig(makeConfig(4, 3, 2, 4, 4, 16, true, true), 70, 7); }
  // 130 tokens run the threaded path (three segments).
  void threaded() { checkConfig(makeConfig(3, 2, 1, 3, 3, 64, false, true), 130, 8); }

  // With time_step_limit = [0.15, 0.3] part of the steps are clamped: those must pass no
  // gradient to dt_bias and in_proj, the others the softplus slope.
  void clamped() {
    Mamba2Config c = makeConfig(4, 2, 2, 3, 3, 4, true, true);
    c.dtMin = 0.15f;
    c.dtMax = 0.3f;
    Mamba2 m(c);
    ParameterList params;
    m.collectParameters("mixer.", params);
    initWeights(c, params, 9);
    const Mat x = randomLike(12, c.hiddenSize, 16);
    // Both sides of each bound must occur, or the test would not test the clamp.
    const Mat proj = ops::linear(x, param(params, "in_proj.weight"), &param(params, "in_proj.bias"));
    int below = 0, inside = 0, above = 0;
    for (Eigen::Index t = 0; t < x.rows(); ++t)
      for (int h = 0; h < c.numHeads; ++h) {
        const double dt = ops::softplus(proj(t, proj.cols() - c.numHeads + h) + param(params, "dt_bias")(h));
        (dt < c.dtMin ? below : dt > c.dtMax ? above : inside)++;
      }
    QVERIFY2(below > 0 && inside > 0 && above > 0,
             qPrintable(QString("below %1 inside %2 above %3").arg(below).arg(inside).arg(above)));
    checkGradients([&](const Mat& in) { return m.forward(in); },
                   [&](const Mat& in, const Mat& dy, Gradients& g) { return m.backward(in, dy, g); }, x,
                   params, 1e-5);
  }

  // Gradients accumulate: a second backward into the same Gradients doubles them, and the
  // input gradient does not depend on what was there before.
  void accumulates() {
    const Mamba2Config c = makeConfig(4, 2, 2, 3, 4, 4, true, true);
    Mamba2 m(c);
    ParameterList params;
    m.collectParameters("mixer.", params);
    initWeights(c, params, 10);
    const Mat x = randomLike(10, 6, 11), dy = randomLike(10, 6, 12);
    Gradients once, twice;
    const Mat dx1 = m.backward(x, dy, once);
    m.backward(x, dy, twice);
    const Mat dx2 = m.backward(x, dy, twice);
    QVERIFY((dx1 - dx2).cwiseAbs().maxCoeff() == 0);
    for (const Parameter& p : params) {
      const Mat* a = once.find(*p.value);
      const Mat* b = twice.find(*p.value);
      QVERIFY(a && b);
      QVERIFY(((*b) - 2 * (*a)).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, double(a->cwiseAbs().maxCoeff())));
    }
  }

  void rejectsBadShapes() {
    Mamba2 m(makeConfig(2, 3, 1, 4, 4, 4, false, true));
    Gradients g;
    QVERIFY_THROWS_EXCEPTION(Error, m.backward(Mat::Zero(3, 5), Mat::Zero(3, 6), g));
    QVERIFY_THROWS_EXCEPTION(Error, m.backward(Mat::Zero(3, 6), Mat::Zero(2, 6), g));
  }
};

QTEST_APPLESS_MAIN(TestMamba2Grad)
#include "test_mamba2_grad.moc"
