// Gated DeltaNet backward: every parameter and the input gradient against central finite
// differences (double), over configs with and without the output gate, chunk sizes that do
// and do not divide T, T = 1, a kernel of 1, and T long enough for the threaded head loop.
// Also: gradients accumulate into `grads` instead of overwriting, and backward() leaves
// forward() untouched.
#include <QtTest>
#include <cmath>

#include "core/error.h"
#include "core/mixers/gated_deltanet/gated_deltanet.h"
#include "core/util/rng.h"
#include "grad_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

GatedDeltaNetConfig makeConfig(int heads, int chunk, bool gate, int kernel) {
  GatedDeltaNetConfig c;
  c.hiddenSize = 10;
  c.numHeads = heads;
  c.headKDim = 4;  // d_k != d_v on purpose
  c.headVDim = 5;
  c.convKernel = kernel;
  c.chunkSize = chunk;
  c.useGate = gate;
  return c;
}

// Weights scaled so every activation is O(1) and nothing saturates: projections give unit
// pre-activations (beta spreads over (0.1, 0.9)), convolutions keep their scale, decays
// spread from almost none to strong inside a few tokens, and o_norm is not all ones so
// its gradient sees distinct weights.
ParameterList initWeights(GatedDeltaNet& m, std::uint64_t seed) {
  ParameterList params;
  m.collectParameters("mixer.", params);
  Rng rng(seed);
  for (const Parameter& p : params) {
    Mat& w = *p.value;
    const bool conv = p.name.find("conv1d") != std::string::npos;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      if (p.name == "mixer.A_log") {
        w.data()[i] = Real(std::log(0.5 + 4.0 * rng.uniform()));
      } else if (p.name == "mixer.dt_bias") {
        w.data()[i] = Real(-2.0 + 2.0 * rng.uniform());
      } else if (p.name == "mixer.o_norm.weight") {
        w.data()[i] = Real(1.0 + 0.3 * rng.normal());
      } else {
        // Both projections (out x in) and convolutions (channels x K) fan in over columns.
        w.data()[i] = Real(rng.normal() / std::sqrt(double(w.cols())) * (conv ? 1.2 : 1.0));
      }
    }
  }
  return params;
}

void checkConfig(const GatedDeltaNetConfig& config, Eigen::Index T, std::uint64_t seed,
                 double tol = 1e-6) {
  GatedDeltaNet m(config);
  const ParameterList params = initWeights(m, seed);
  const Mat x = randomLike(T, config.hiddenSize, seed + 7);
  checkGradients([&](const Mat& in) { return m.forward(in); },
                 [&](const Mat& in, const Mat& dy, Gradients& g) { return m.backward(in, dy, g); },
                 x, params, tol);
}

}  // namespace

class TestGatedDeltaNetGrad : public QObject {
  Q_OBJECT

 private slots:
  void gradients_data() {
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<bool>("gate");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("T");
    QTest::newRow("gate, T=11 chunk 4") << 2 << 4 << true << 4 << 11;
    QTest::newRow("no gate, T=11 chunk 4") << 2 << 4 << false << 4 << 11;
    QTest::newRow("gate, T=1") << 2 << 4 << true << 4 << 1;
    QTest::newRow("no gate, T=1") << 1 << 3 << false << 3 << 1;
    QTest::newRow("chunk 1, T=6") << 2 << 1 << true << 2 << 6;
    QTest::newRow("chunk > T") << 3 << 16 << true << 4 << 9;
    QTest::newRow("T multiple of chunk") << 2 << 3 << false << 4 << 9;
    QTest::newRow("kernel 1") << 2 << 5 << true << 1 << 13;
    QTest::newRow("one head, T=20 chunk 6") << 1 << 6 << true << 3 << 20;
  }
  void gradients() {
    QFETCH(int, heads);
    QFETCH(int, chunk);
    QFETCH(bool, gate);
    QFETCH(int, kernel);
    QFETCH(int, T);
    checkConfig(makeConfig(heads, chunk, gate, kernel), T, 1000 + std::uint64_t(T * 31 + chunk));
  }

  // T >= ops::kThreadingMinRows runs the head loops threaded; chunk 16 as in training.
  void threadedLongSequence() { checkConfig(makeConfig(2, 16, true, 4), 133, 77, 1e-6); }

  void accumulatesAndKeepsForward() {
    GatedDeltaNet m(makeConfig(2, 4, true, 4));
    const ParameterList params = initWeights(m, 5);
    const Mat x = randomLike(10, 10, 6);
    const Mat dy = randomLike(10, 10, 7);
    const Mat before = m.forward(x);
    Gradients once, twice;
    const Mat dx = m.backward(x, dy, once);
    m.backward(x, dy, twice);
    m.backward(x, dy, twice);
    QVERIFY((m.forward(x) - before).cwiseAbs().maxCoeff() == 0);
    QCOMPARE(dx.rows(), x.rows());
    for (const Parameter& p : params) {
      const Mat* a = once.find(*p.value);
      const Mat* b = twice.find(*p.value);
      QVERIFY2(a && b, p.name.c_str());
      QVERIFY2((*b - 2 * *a).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, double(a->cwiseAbs().maxCoeff())),
               p.name.c_str());
    }
  }

  void rejectsMismatchedDy() {
    GatedDeltaNet m(makeConfig(2, 4, true, 4));
    initWeights(m, 5);
    Gradients g;
    QVERIFY_THROWS_EXCEPTION(Error, m.backward(randomLike(5, 10, 1), randomLike(4, 10, 2), g));
  }
};

QTEST_APPLESS_MAIN(TestGatedDeltaNetGrad)
#include "test_gated_deltanet_grad.moc"
