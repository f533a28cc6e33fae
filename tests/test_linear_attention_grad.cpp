// Linear attention backward against central finite differences (Real = double): every
// parameter and the input, for several head layouts and lengths (T = 1, inside one chunk,
// exactly one chunk, and several chunks with a ragged tail), plus accumulation semantics.
#include <QtTest>

#include "core/mixers/linear_attention/linear_attention.h"
#include "grad_checks.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

void checkMixer(LinearAttention& m, Eigen::Index T, std::uint64_t seed) {
  ParameterList params;
  m.collectParameters("", params);
  const Mat x = randomSequence(T, m.dModel(), seed);
  checkGradients([&](const Mat& in) { return m.forward(in); },
                 [&](const Mat& in, const Mat& dy, Gradients& g) { return m.backward(in, dy, g); },
                 x, params, 1e-5);
}

}  // namespace

class TestLinearAttentionGrad : public QObject {
  Q_OBJECT

 private slots:
  void gradientsMatchFiniteDifferences_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("dk");
    QTest::addColumn<int>("dv");
    QTest::addColumn<double>("eps");
    QTest::addColumn<int>("T");
    QTest::newRow("H1 T1") << 16 << 1 << 8 << 8 << 1e-6 << 1;
    QTest::newRow("H2 T7") << 24 << 2 << 8 << 12 << 1e-6 << 7;
    QTest::newRow("H2 T64") << 24 << 2 << 8 << 12 << 1e-6 << 64;
    QTest::newRow("H3 T130") << 32 << 3 << 12 << 6 << 1e-6 << 130;
    QTest::newRow("H4 T71 eps0.5") << 20 << 4 << 6 << 5 << 0.5 << 71;
  }
  void gradientsMatchFiniteDifferences() {
    QFETCH(int, hidden);
    QFETCH(int, heads);
    QFETCH(int, dk);
    QFETCH(int, dv);
    QFETCH(double, eps);
    QFETCH(int, T);
    LinearAttention m(LinearAttentionConfig{hidden, heads, dk, dv, float(eps)});
    initMixer(m, 1000 + std::uint64_t(T), 10.0);  // std 0.2: pre-activations of order one
    checkMixer(m, T, 77 + std::uint64_t(T));
  }

  // backward adds to the gradients: a second call on the same Gradients doubles them.
  void accumulates() {
    LinearAttention m(LinearAttentionConfig{16, 2, 4, 6, 1e-6f});
    initMixer(m, 5, 10.0);
    ParameterList params;
    m.collectParameters("", params);
    const Mat x = randomSequence(70, 16, 6), dy = randomSequence(70, 16, 7);
    Gradients once, twice;
    const Mat dx1 = m.backward(x, dy, once);
    m.backward(x, dy, twice);
    const Mat dx2 = m.backward(x, dy, twice);
    QVERIFY(relativeError(dx1, dx2) < 1e-12);
    for (const auto& p : params) {
      QVERIFY(once.find(*p.value));
      QVERIFY(relativeError(*twice.find(*p.value), 2 * *once.find(*p.value)) < 1e-12);
    }
  }
};

QTEST_APPLESS_MAIN(TestLinearAttentionGrad)
#include "test_linear_attention_grad.moc"
