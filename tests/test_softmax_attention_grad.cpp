// Gradients of softmax attention against central finite differences (Real = double): every
// parameter and the input, for MHA, GQA (incl. one kv head), sliding windows, bidirectional
// masks, biases, no RoPE, T = 1, T not a multiple of anything, and T spanning two query
// blocks (which also runs the threaded path). Plus: backward is bitwise independent of the
// thread count, and a naive double token-loop forward confirms the function being
// differentiated is the published attention.
#include <QtTest>
#include <omp.h>

#include <cmath>
#include <string>

#include "core/mixers/attention/softmax_attention.h"
#include "grad_checks.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

AttentionConfig makeConfig(int heads, int kvHeads, int window, bool causal, bool bias,
                           bool rope = true) {
  AttentionConfig c;
  c.hiddenSize = 12;
  c.numHeads = heads;
  c.numKvHeads = kvHeads;
  c.headDim = 6;
  c.slidingWindow = window;
  c.causal = causal;
  c.bias = bias;
  c.useRope = rope;
  return c;
}

// Weights 10 x the default std so the softmax is far from uniform but not saturated; biases
// random so they matter.
ParameterList initWeights(SoftmaxAttention& m, std::uint64_t seed) {
  initMixer(m, seed, 10.0);
  ParameterList params;
  m.collectParameters("mixer.", params);
  Rng rng(seed + 7);
  for (auto& p : params)
    if (p.name.size() > 5 && p.name.substr(p.name.size() - 5) == ".bias")
      for (Eigen::Index i = 0; i < p.value->size(); ++i)
        p.value->data()[i] = Real(0.3 * rng.normal());
  return params;
}

const Mat& param(const ParameterList& params, const std::string& name) {
  for (const auto& p : params)
    if (p.name == name) return *p.value;
  throw std::runtime_error("no parameter " + name);
}

// Token loop of HF eager attention: projections, rotate_half RoPE, masked softmax, o_proj.
Mat naiveForward(const SoftmaxAttention& m, const ParameterList& ps, const Mat& x) {
  const AttentionConfig& c = m.config();
  const int H = c.numHeads, G = c.numKvHeads, Dh = c.headDim, W = c.slidingWindow;
  const Eigen::Index T = x.rows();
  auto proj = [&](const std::string& n, int heads, bool rope) {
    Mat y = x * param(ps, "mixer." + n + ".weight").transpose();
    if (c.bias) y.rowwise() += param(ps, "mixer." + n + ".bias").row(0);
    for (Eigen::Index t = 0; t < T && rope && c.useRope; ++t)
      for (int h = 0; h < heads; ++h)
        for (int i = 0; i < Dh / 2; ++i) {
          const double ang = double(t) / std::pow(c.ropeTheta, 2.0 * i / Dh);
          const double a = y(t, h * Dh + i), b = y(t, h * Dh + i + Dh / 2);
          y(t, h * Dh + i) = a * std::cos(ang) - b * std::sin(ang);
          y(t, h * Dh + i + Dh / 2) = b * std::cos(ang) + a * std::sin(ang);
        }
    return y;
  };
  const Mat q = proj("q_proj", H, true), k = proj("k_proj", G, true), v = proj("v_proj", G, false);
  Mat heads = Mat::Zero(T, H * Dh);
  for (int h = 0; h < H; ++h) {
    const int g = h / (H / G);
    for (Eigen::Index i = 0; i < T; ++i) {
      std::vector<double> s(std::size_t(T), -INFINITY);
      double mx = -INFINITY;
      for (Eigen::Index j = 0; j < T; ++j) {
        const bool visible = (c.causal ? j <= i : true) && (W <= 0 || std::abs(i - j) < W);
        if (!visible) continue;
        s[j] = q.row(i).segment(h * Dh, Dh).dot(k.row(j).segment(g * Dh, Dh)) / std::sqrt(double(Dh));
        mx = std::max(mx, s[j]);
      }
      double sum = 0;
      for (auto& e : s) sum += (e = std::exp(e - mx));
      for (Eigen::Index j = 0; j < T; ++j)
        heads.row(i).segment(h * Dh, Dh) += (s[j] / sum) * v.row(j).segment(g * Dh, Dh);
    }
  }
  Mat y = heads * param(ps, "mixer.o_proj.weight").transpose();
  if (c.bias) y.rowwise() += param(ps, "mixer.o_proj.bias").row(0);
  return y;
}

}  // namespace

class TestSoftmaxAttentionGrad : public QObject {
  Q_OBJECT

 private slots:
  void gradients_data() {
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("kvHeads");
    QTest::addColumn<int>("window");
    QTest::addColumn<bool>("causal");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<bool>("rope");
    QTest::addColumn<int>("T");
    QTest::newRow("mha causal T=7") << 2 << 2 << 0 << true << false << true << 7;
    QTest::newRow("mha T=1") << 2 << 2 << 0 << true << true << true << 1;
    QTest::newRow("bidir T=1") << 2 << 1 << 0 << false << false << true << 1;
    QTest::newRow("gqa 4/2 bias T=9") << 4 << 2 << 0 << true << true << true << 9;
    QTest::newRow("gqa 3/1 window 3 T=10") << 3 << 1 << 3 << true << false << true << 10;
    QTest::newRow("bidirectional T=8") << 2 << 2 << 0 << false << true << true << 8;
    QTest::newRow("bidir gqa window 3 T=11") << 4 << 2 << 3 << false << false << true << 11;
    QTest::newRow("no rope T=6") << 2 << 1 << 0 << true << true << false << 6;
    QTest::newRow("window 1 T=5") << 2 << 2 << 1 << true << false << true << 5;
    // Two query blocks (kQueryBlock = 128) and T >= kThreadingMinRows: the threaded path.
    QTest::newRow("blocks gqa window 40 T=133") << 4 << 2 << 40 << true << true << true << 133;
    QTest::newRow("blocks bidir window 50 T=131") << 2 << 1 << 50 << false << false << true << 131;
    QTest::newRow("blocks causal T=130") << 2 << 2 << 0 << true << false << true << 130;
  }

  void gradients() {
    QFETCH(int, heads);
    QFETCH(int, kvHeads);
    QFETCH(int, window);
    QFETCH(bool, causal);
    QFETCH(bool, bias);
    QFETCH(bool, rope);
    QFETCH(int, T);
    SoftmaxAttention m(makeConfig(heads, kvHeads, window, causal, bias, rope));
    const ParameterList params = initWeights(m, 11 + std::uint64_t(T));
    const Mat x = randomLike(T, 12, 5 + std::uint64_t(heads));
    // The function differentiated is HF's attention.
    const double fwdErr = (m.forward(x) - naiveForward(m, params, x)).cwiseAbs().maxCoeff();
    QVERIFY2(fwdErr < 1e-12, qPrintable(QString("forward vs naive %1").arg(fwdErr)));
    // Default tolerance 1e-5: k_proj.bias has a (near) zero true gradient (softmax is shift
    // invariant), where the central difference carries ~1e-9 of noise over the 1e-3 floor.
    checkGradients([&](const Mat& in) { return m.forward(in); },
                   [&](const Mat& in, const Mat& dy, Gradients& g) { return m.backward(in, dy, g); },
                   x, params);
  }

  // Gradients must not depend on the number of threads (training determinism).
  void deterministicAcrossThreads() {
    SoftmaxAttention m(makeConfig(4, 1, 0, true, true));
    const ParameterList params = initWeights(m, 3);
    const Mat x = randomLike(260, 12, 4), dy = randomLike(260, 12, 5);
    auto run = [&](int threads, Gradients& g) {
      const int saved = omp_get_max_threads();
      omp_set_num_threads(threads);
      Mat dx = m.backward(x, dy, g);
      omp_set_num_threads(saved);
      return dx;
    };
    Gradients g1, g3;
    const Mat dx1 = run(1, g1), dx3 = run(3, g3);
    QVERIFY(dx1 == dx3);
    for (const auto& p : params) QVERIFY2(*g1.find(*p.value) == *g3.find(*p.value), p.name.c_str());
  }

  // Backward accumulates into existing gradients instead of overwriting them.
  void accumulates() {
    SoftmaxAttention m(makeConfig(2, 1, 0, true, true));
    const ParameterList params = initWeights(m, 8);
    const Mat x = randomLike(5, 12, 9), dy = randomLike(5, 12, 10);
    Gradients once, twice;
    m.backward(x, dy, once);
    m.backward(x, dy, twice);
    m.backward(x, dy, twice);
    for (const auto& p : params)
      QVERIFY((*twice.find(*p.value) - 2 * *once.find(*p.value)).cwiseAbs().maxCoeff() < 1e-12);
  }
};

QTEST_APPLESS_MAIN(TestSoftmaxAttentionGrad)
#include "test_softmax_attention_grad.moc"
