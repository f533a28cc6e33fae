// RetNet retention backward against central finite differences (Real = double): every
// parameter (g_norm's shared d_v weight included, with non-unit values) and the input, for
// several head layouts and lengths (T = 1, inside one chunk, exactly one chunk, several
// chunks with a ragged tail), plus accumulation semantics.
#include <QtTest>

#include "core/mixers/retnet/retention.h"
#include "grad_checks.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

// Random weights of order one in every score, and a g_norm weight away from its init of 1
// so a gradient that ignored it would show.
void init(Retention& m, std::uint64_t seed) {
  initMixer(m, seed, 10.0);
  ParameterList params;
  m.collectParameters("", params);
  for (auto& p : params)
    if (p.name == "g_norm.weight")
      *p.value = Mat::Ones(1, p.value->cols()) + randomLike(1, p.value->cols(), seed + 1, 0.3);
}

}  // namespace

class TestRetentionGrad : public QObject {
  Q_OBJECT

 private slots:
  void gradientsMatchFiniteDifferences_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("dk");
    QTest::addColumn<int>("dv");
    QTest::addColumn<int>("T");
    QTest::newRow("H1 T1") << 16 << 1 << 8 << 8 << 1;
    QTest::newRow("H2 T9") << 24 << 2 << 8 << 12 << 9;
    QTest::newRow("H2 T64") << 24 << 2 << 8 << 12 << 64;
    QTest::newRow("H3 T130") << 32 << 3 << 6 << 10 << 130;
    QTest::newRow("H4 T77") << 20 << 4 << 4 << 6 << 77;
  }
  void gradientsMatchFiniteDifferences() {
    QFETCH(int, hidden);
    QFETCH(int, heads);
    QFETCH(int, dk);
    QFETCH(int, dv);
    QFETCH(int, T);
    RetNetConfig c;
    c.hiddenSize = hidden;
    c.numHeads = heads;
    c.headKDim = dk;
    c.headVDim = dv;
    Retention m(c);
    init(m, 2000 + std::uint64_t(T));
    ParameterList params;
    m.collectParameters("", params);
    const Mat x = randomSequence(T, hidden, 88 + std::uint64_t(T));
    checkGradients([&](const Mat& in) { return m.forward(in); },
                   [&](const Mat& in, const Mat& dy, Gradients& g) { return m.backward(in, dy, g); },
                   x, params, 1e-5);
  }

  // backward adds to the gradients: a second call on the same Gradients doubles them.
  void accumulates() {
    RetNetConfig c;
    c.hiddenSize = 16;
    c.numHeads = 2;
    c.headKDim = 4;
    c.headVDim = 6;
    Retention m(c);
    init(m, 5);
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

QTEST_APPLESS_MAIN(TestRetentionGrad)
#include "test_retention_grad.moc"
