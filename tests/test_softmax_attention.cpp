// Softmax attention (Llama / Mistral eager attention): the generic mixer checks for MHA, GQA,
// sliding window and biases; a naive double-precision token loop as the reference for every
// configuration, causal and bidirectional; the KV cache layout and its window cap; and the
// memory guards.
#include <QtTest>
#include <cmath>
#include <functional>
#include <string>

#include "core/error.h"
#include "core/mixers/attention/softmax_attention.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

AttentionConfig makeConfig(int heads, int kvHeads, int headDim, int window = 0, bool bias = false,
                           bool causal = true, double theta = 10000.0) {
  AttentionConfig c;
  c.hiddenSize = 64;
  c.numHeads = heads;
  c.numKvHeads = kvHeads;
  c.headDim = headDim;
  c.slidingWindow = window;
  c.bias = bias;
  c.causal = causal;
  c.ropeTheta = theta;
  return c;
}

// Weights with std 0.2 (10 x the default) so the softmax is far from uniform; biases
// (zero-initialised by the module) get random values so they are really exercised.
void initWeights(SoftmaxAttention& m, std::uint64_t seed) {
  initMixer(m, seed, 10.0);
  ParameterList params;
  m.collectParameters("mixer.", params);
  Rng rng(seed + 99);
  for (auto& p : params)
    if (p.name.size() > 5 && p.name.substr(p.name.size() - 5) == ".bias")
      for (Eigen::Index i = 0; i < p.value->size(); ++i)
        p.value->data()[i] = Real(0.5 * rng.normal());
}

const Mat* findParam(SoftmaxAttention& m, const std::string& name) {
  ParameterList params;
  m.collectParameters("", params);
  for (auto& p : params)
    if (p.name == name) return p.value;
  return nullptr;
}

// HF's eager attention written as a plain token loop in double: projections, rotate_half RoPE
// at absolute positions, per-query masked softmax over visible keys, o_proj.
MatD naiveAttention(SoftmaxAttention& m, const Mat& xf) {
  const AttentionConfig& c = m.config();
  const int H = c.numHeads, G = c.numKvHeads, Dh = c.headDim, W = c.slidingWindow;
  const Eigen::Index T = xf.rows();
  const MatD x = xf.cast<double>();
  auto proj = [&](const char* name, int heads, bool rope) {
    const MatD w = findParam(m, std::string(name) + ".weight")->cast<double>();
    MatD y = x * w.transpose();
    if (c.bias) y.rowwise() += findParam(m, std::string(name) + ".bias")->cast<double>().row(0);
    // rotate_half: (x1, x2) -> (x1 cos - x2 sin, x2 cos + x1 sin) on the two halves.
    for (Eigen::Index t = 0; t < T && rope && c.useRope; ++t)
      for (int h = 0; h < heads; ++h)
        for (int i = 0; i < Dh / 2; ++i) {
          const double ang = double(t) / std::pow(c.ropeTheta, 2.0 * i / Dh);
          double& a = y(t, h * Dh + i);
          double& b = y(t, h * Dh + i + Dh / 2);
          const double a0 = a, b0 = b;
          a = a0 * std::cos(ang) - b0 * std::sin(ang);
          b = b0 * std::cos(ang) + a0 * std::sin(ang);
        }
    return y;
  };
  const MatD q = proj("q_proj", H, true), k = proj("k_proj", G, true), v = proj("v_proj", G, false);
  MatD heads = MatD::Zero(T, H * Dh);
  for (Eigen::Index i = 0; i < T; ++i) {
    for (int h = 0; h < H; ++h) {
      const int g = h / (H / G);
      std::vector<double> s(std::size_t(T), 0.0);
      std::vector<bool> vis(std::size_t(T), false);
      double mx = -1e300;
      for (Eigen::Index j = 0; j < T; ++j) {
        const Eigen::Index d = i - j;
        bool ok = c.causal ? d >= 0 : true;
        if (W > 0) ok = ok && (c.causal ? d < W : std::abs(d) < W);
        if (!ok) continue;
        vis[std::size_t(j)] = true;
        double dot = 0;
        for (int e = 0; e < Dh; ++e) dot += q(i, h * Dh + e) * k(j, g * Dh + e);
        s[std::size_t(j)] = dot / std::sqrt(double(Dh));
        mx = std::max(mx, s[std::size_t(j)]);
      }
      double sum = 0;
      for (Eigen::Index j = 0; j < T; ++j)
        if (vis[std::size_t(j)]) sum += std::exp(s[std::size_t(j)] - mx);
      for (Eigen::Index j = 0; j < T; ++j)
        if (vis[std::size_t(j)])
          for (int e = 0; e < Dh; ++e)
            heads(i, h * Dh + e) += std::exp(s[std::size_t(j)] - mx) / sum * v(j, g * Dh + e);
    }
  }
  MatD y = heads * findParam(m, "o_proj.weight")->cast<double>().transpose();
  if (c.bias) y.rowwise() += findParam(m, "o_proj.bias")->cast<double>().row(0);
  return y;
}

double errorVsNaive(SoftmaxAttention& m, Eigen::Index T, std::uint64_t seed) {
  const Mat x = randomSequence(T, m.dModel(), seed);
  const Mat ref = naiveAttention(m, x).cast<Real>();
  return relativeError(ref, m.forward(x));
}

bool throwsErrorWith(const std::function<void()>& fn, const std::string& fragment,
                     std::string* message = nullptr) {
  try {
    fn();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return std::string(e.what()).find(fragment) != std::string::npos;
  }
  return false;
}

struct Named {
  const char* name;
  AttentionConfig config;
};

std::vector<Named> causalConfigs() {
  return {{"mha", makeConfig(4, 4, 16)},
          {"gqa", makeConfig(8, 2, 16)},
          {"window", makeConfig(4, 2, 16, 5)},
          {"bias", makeConfig(4, 2, 16, 0, true, true, 500000.0)}};
}

}  // namespace

class TestSoftmaxAttention : public QObject {
  Q_OBJECT

 private slots:
  void parameterNamesAndShapes() {
    SoftmaxAttention m(makeConfig(8, 2, 16, 0, true));
    ParameterList params;
    m.collectParameters("model.layers.0.self_attn.", params);
    QCOMPARE(params.size(), std::size_t(8));
    const std::vector<std::pair<std::string, Shape>> expected{
        {"q_proj.weight", {128, 64}}, {"k_proj.weight", {32, 64}}, {"v_proj.weight", {32, 64}},
        {"o_proj.weight", {64, 128}}, {"q_proj.bias", {128}},      {"k_proj.bias", {32}},
        {"v_proj.bias", {32}},        {"o_proj.bias", {64}}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(params[i].name, "model.layers.0.self_attn." + expected[i].first);
      QCOMPARE(params[i].shape, expected[i].second);
      QCOMPARE(std::int64_t(params[i].value->size()), numel(expected[i].second));
    }
    ParameterList noBias;
    SoftmaxAttention(makeConfig(4, 4, 16)).collectParameters("", noBias);
    QCOMPARE(noBias.size(), std::size_t(4));
  }

  void genericChecks_data() {
    QTest::addColumn<int>("config");
    QTest::addColumn<int>("T");
    const auto configs = causalConfigs();
    for (int c = 0; c < int(configs.size()); ++c)
      for (int T : {1, 7, 33, 40, 100})
        QTest::newRow(qPrintable(QString("%1 T=%2").arg(configs[std::size_t(c)].name).arg(T)))
            << c << T;
  }
  void genericChecks() {
    QFETCH(int, config);
    QFETCH(int, T);
    SoftmaxAttention m(causalConfigs()[std::size_t(config)].config);
    initWeights(m, 11 + std::uint64_t(config));
    checkParallelEqualsRecurrent(m, T, 100 + std::uint64_t(T));
    checkImplicitAttention(m, T, 200 + std::uint64_t(T));
    checkStateBytes(m, T, 300 + std::uint64_t(T));
  }

  // Both float forms against the double loop; T = 300 spans three 128-row query blocks.
  void matchesNaiveReference() {
    auto configs = causalConfigs();
    configs.push_back({"bidirectional", makeConfig(4, 4, 16, 0, false, false)});
    configs.push_back({"bidirectional gqa window", makeConfig(8, 2, 16, 6, true, false)});
    configs.push_back({"window 130 over blocks", makeConfig(4, 2, 16, 130)});
    AttentionConfig noRope = makeConfig(4, 4, 16);
    noRope.useRope = false;
    configs.push_back({"no rope", noRope});
    double worst = 0;
    for (std::size_t c = 0; c < configs.size(); ++c) {
      SoftmaxAttention m(configs[c].config);
      initWeights(m, 21 + c);
      for (Eigen::Index T : {1, 7, 33, 100, 300}) {
        const double err = errorVsNaive(m, T, 400 + std::uint64_t(T));
        worst = std::max(worst, err);
        QVERIFY2(err < 2e-5,
                 qPrintable(
                     QString("%1 T=%2: forward vs naive %3").arg(configs[c].name).arg(T).arg(err)));
        if (configs[c].config.causal) {
          const Mat x = randomSequence(T, m.dModel(), 400 + std::uint64_t(T));
          auto st = m.newState();
          const double errStep =
              relativeError(Mat(naiveAttention(m, x).cast<Real>()), runRecurrent(m, x, *st));
          worst = std::max(worst, errStep);
          QVERIFY2(
              errStep < 2e-5,
              qPrintable(
                  QString("%1 T=%2: step vs naive %3").arg(configs[c].name).arg(T).arg(errStep)));
        }
      }
    }
    qInfo("largest relative error against the double reference: %.3g", worst);
  }

  void bidirectional() {
    SoftmaxAttention m(makeConfig(4, 4, 16, 0, false, false));
    initWeights(m, 5);
    QVERIFY(errorVsNaive(m, 33, 9) < 2e-5);
    // A future token changes the output of an earlier one.
    Mat x = randomSequence(10, 64, 3);
    const Mat y0 = m.forward(x);
    x.row(9) *= 2;
    QVERIFY((m.forward(x).row(0) - y0.row(0)).cwiseAbs().maxCoeff() > 1e-4);
    auto st = m.newState();
    std::string msg;
    QVERIFY2(throwsErrorWith([&] { m.step(*st, x.row(0)); },
                             "bidirectional attention has no recurrent form", &msg),
             msg.c_str());
    checkImplicitAttention(m, 33, 8);
  }

  void implicitRowsAreMaskedProbabilities() {
    std::vector<Named> configs = causalConfigs();
    configs.push_back({"bidirectional window", makeConfig(4, 4, 16, 4, false, false)});
    for (const auto& nc : configs) {
      SoftmaxAttention m(nc.config);
      initWeights(m, 7);
      const Eigen::Index T = 37;
      const ImplicitAttention ia = m.implicitAttention(randomSequence(T, 64, 1));
      QCOMPARE(int(ia.weights.size()), nc.config.numHeads);
      const int W = nc.config.slidingWindow;
      for (std::size_t h = 0; h < ia.weights.size(); ++h) {
        QCOMPARE(ia.values[h].cols(), Eigen::Index(nc.config.headDim));
        const Mat& w = ia.weights[h];
        for (Eigen::Index i = 0; i < T; ++i) {
          QVERIFY2(std::abs(w.row(i).cast<double>().sum() - 1.0) < 1e-5, nc.name);
          for (Eigen::Index j = 0; j < T; ++j) {
            const Eigen::Index d = i - j;
            bool visible = nc.config.causal ? d >= 0 : true;
            if (W > 0) visible = visible && (nc.config.causal ? d < W : std::abs(d) < W);
            if (!visible)
              QCOMPARE(w(i, j), Real(0));
            else
              QVERIFY(w(i, j) >= 0);
          }
        }
      }
    }
  }

  // The KV cache holds the last `window` tokens: bytes stop growing, forward() leaves the
  // same cache (slice by slice) as stepping, and cost() agrees.
  void windowCapsState() {
    const AttentionConfig c = makeConfig(4, 2, 16, 5);
    SoftmaxAttention m(c);
    initWeights(m, 3);
    const Mat x = randomSequence(40, 64, 17);
    auto st = m.newState();
    const std::size_t perEntry = std::size_t(c.numKvHeads) * c.headDim * 2 * sizeof(Real);
    for (Eigen::Index t = 0; t < x.rows(); ++t) {
      m.step(*st, x.row(t));
      QCOMPARE(st->bytes(), std::size_t(std::min<Eigen::Index>(t + 1, 5)) * perEntry);
      QCOMPARE(m.cost(t + 1).stateBytes, st->bytes());
    }
    for (Eigen::Index T : {3, 5, 12, 40}) {
      auto stepped = m.newState();
      runRecurrent(m, x.topRows(T), *stepped);
      auto prefilled = m.newState();
      m.forward(x.topRows(T), prefilled.get());
      const auto a = stepped->slices(), b = prefilled->slices();
      QCOMPARE(a.size(), std::size_t(2 * c.numKvHeads));
      QCOMPARE(a.size(), b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].name, b[i].name);
        QCOMPARE(a[i].values.rows(), std::min<Eigen::Index>(T, 5));
        QVERIFY(relativeError(a[i].values, b[i].values) < 1e-6);
      }
      QCOMPARE(a[0].name, std::string("K head 0"));
      QCOMPARE(a[1].name, std::string("V head 0"));
    }
    // Clones decode independently.
    auto clone = st->clone();
    const Row next = randomSequence(1, 64, 5);
    QVERIFY(relativeError(Mat(m.step(*st, next)), Mat(m.step(*clone, next))) == 0);
  }

  void costModel() {
    const AttentionConfig c = makeConfig(8, 2, 16);
    SoftmaxAttention m(c);
    const double proj = 2.0 * 64 * (8 + 4) * 16 + 2.0 * 8 * 16 * 64;
    const double pair = 4.0 * 16 * 8;
    QCOMPARE(m.cost(10).prefillFlops, 10 * proj + 55 * pair);
    QCOMPARE(m.cost(10).decodeFlops, proj + 10 * pair);
    SoftmaxAttention w(makeConfig(8, 2, 16, 4));
    // Visible keys per query: 1, 2, 3, 4, 4, 4 -> 18.
    QCOMPARE(w.cost(6).prefillFlops, 6 * proj + 18 * pair);
    QCOMPARE(w.cost(6).decodeFlops, proj + 4 * pair);
    SoftmaxAttention b(makeConfig(8, 2, 16, 3, false, false));
    // |i - j| < 3 over 5 tokens: 3, 4, 5, 4, 3 -> 19.
    QCOMPARE(b.cost(5).prefillFlops, 5 * proj + 19 * pair);
    SoftmaxAttention full(makeConfig(8, 2, 16, 0, false, false));
    QCOMPARE(full.cost(5).prefillFlops, 5 * proj + 25 * pair);
  }

  void memoryGuards() {
    // implicitAttention at 60000 tokens x 16 heads would need 214 GiB: refused up front.
    SoftmaxAttention m(makeConfig(16, 4, 4));
    initWeights(m, 1);
    const Mat x = Mat::Zero(60000, 64);
    std::string msg;
    QVERIFY2(throwsErrorWith([&] { m.implicitAttention(x); }, "60000 tokens is too long for memory",
                             &msg),
             msg.c_str());
    QVERIFY2(msg.find("limit 2.0 GiB") != std::string::npos, msg.c_str());
    // forward() with 64 heads of 128 on a narrow stream: q/k/v alone exceed 4 GiB.
    AttentionConfig wide = makeConfig(64, 64, 128);
    wide.hiddenSize = 8;
    SoftmaxAttention big(wide);
    initMixer(big, 2);
    const Mat xs = Mat::Zero(40000, 8);
    QVERIFY(big.forwardMemoryBytes(40000) > SoftmaxAttention::kForwardMemoryLimit);
    QVERIFY2(throwsErrorWith([&] { big.forward(xs); }, "40000 tokens is too long for memory", &msg),
             msg.c_str());
    QVERIFY2(msg.find("limit 4.0 GiB") != std::string::npos, msg.c_str());
    // Blocked scores keep a long sequence linear: 100k tokens of the small model fit.
    SoftmaxAttention small(makeConfig(4, 4, 16));
    QVERIFY(small.forwardMemoryBytes(100000) < 0.5 * SoftmaxAttention::kForwardMemoryLimit);
  }

  void badConfigs() {
    QVERIFY(throwsErrorWith([] { SoftmaxAttention(makeConfig(6, 4, 16)); }, "multiple"));
    QVERIFY(throwsErrorWith([] { SoftmaxAttention(makeConfig(4, 4, 15)); }, "even"));
  }
};

QTEST_APPLESS_MAIN(TestSoftmaxAttention)
#include "test_softmax_attention.moc"
