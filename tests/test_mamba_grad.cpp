// Mamba::backward against central finite differences (f64 build): every parameter and the
// input, for several shapes, with and without the biases, T = 1, T not a multiple of the
// 64-token backward segment, and T >= 128 (the threaded path).
#include <QtTest>

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/mixers/mamba/mamba.h"
#include "grad_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

MambaConfig makeConfig(int inner, int N, int K, int R, bool bias, bool convBias) {
  MambaConfig c;
  c.hiddenSize = 6;
  c.intermediateSize = inner;
  c.stateSize = N;
  c.convKernel = K;
  c.dtRank = R;
  c.useBias = bias;
  c.useConvBias = convBias;
  return c;
}

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Weights scaled so that pre-activations stay O(1) (silu and softplus in their curved part,
// never saturated) and dt lies in [0.05, 0.5], where the decays exp(dt A) matter over a few
// tokens and the gradients through A_log and dt are large enough to check.
void initWeights(Mamba& m, const ParameterList& params, std::uint64_t seed) {
  const MambaConfig& c = m.config();
  Rng rng(seed);
  for (const Parameter& p : params) {
    Mat& v = *p.value;
    for (Eigen::Index i = 0; i < v.size(); ++i) {
      double r = rng.normal();
      Real& out = v.data()[i];
      if (endsWith(p.name, "in_proj.weight")) out = Real(r / std::sqrt(double(c.hiddenSize)));
      else if (endsWith(p.name, "conv1d.weight")) out = Real(0.6 * r);
      else if (endsWith(p.name, "x_proj.weight")) out = Real(r / std::sqrt(double(c.intermediateSize)));
      else if (endsWith(p.name, "dt_proj.weight")) out = Real(0.5 * r / std::sqrt(double(c.dtRank)));
      else if (endsWith(p.name, "dt_proj.bias")) {
        const double dt = 0.05 + 0.45 * rng.uniform();
        out = Real(std::log(std::expm1(dt)));
      } else if (endsWith(p.name, "A_log")) out = Real(std::log(double(i % c.stateSize + 1)) + 0.1 * r);
      else if (endsWith(p.name, "D")) out = Real(1.0 + 0.5 * r);
      else if (endsWith(p.name, "out_proj.weight")) out = Real(r / std::sqrt(double(c.intermediateSize)));
      else out = Real(0.2 * r);  // the biases
    }
  }
}

void checkConfig(const MambaConfig& c, Eigen::Index T, std::uint64_t seed) {
  Mamba m(c);
  ParameterList params;
  m.collectParameters("mixer.", params);
  initWeights(m, params, seed);
  const Mat x = randomLike(T, c.hiddenSize, seed + 7);
  checkGradients([&](const Mat& in) { return m.forward(in); },
                 [&](const Mat& in, const Mat& dy, Gradients& g) { return m.backward(in, dy, g); }, x,
                 params, 1e-5);
}

}  // namespace

class TestMambaGrad : public QObject {
  Q_OBJECT

 private slots:
  void plain() { checkConfig(makeConfig(8, 4, 4, 2, false, true), 9, 1); }
  void biases() { checkConfig(makeConfig(8, 3, 3, 2, true, true), 11, 2); }
  void noConvBias() { checkConfig(makeConfig(5, 4, 2, 1, true, false), 7, 3); }
  void kernelOne() { checkConfig(makeConfig(4, 2, 1, 3, false, true), 6, 4); }
  void singleToken() { checkConfig(makeConfig(8, 4, 4, 2, true, true), 1, 5); }
  // 70 tokens: two backward segments, the second partial; the channels span two blocks.
  void segments() { checkConfig(makeConfig(20, 4, 4, 2, true, true), 70, 6); }
  // 130 tokens run the threaded path (three segments).
  void threaded() { checkConfig(makeConfig(18, 3, 3, 2, false, true), 130, 7); }

  // Gradients accumulate: a second backward into the same Gradients doubles them, and the
  // input gradient does not depend on what was there before.
  void accumulates() {
    Mamba m(makeConfig(8, 4, 4, 2, true, true));
    ParameterList params;
    m.collectParameters("mixer.", params);
    initWeights(m, params, 8);
    const Mat x = randomLike(10, 6, 9), dy = randomLike(10, 6, 10);
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
    Mamba m(makeConfig(8, 4, 4, 2, false, true));
    Gradients g;
    QVERIFY_THROWS_EXCEPTION(Error, m.backward(Mat::Zero(3, 5), Mat::Zero(3, 6), g));
    QVERIFY_THROWS_EXCEPTION(Error, m.backward(Mat::Zero(3, 6), Mat::Zero(2, 6), g));
  }
};

QTEST_APPLESS_MAIN(TestMambaGrad)
#include "test_mamba_grad.moc"
