// Gated DeltaNet: the generic mixer checks, the chunked (WY) form against a double-precision
// token loop written here from fla's naive_recurrent_gated_delta_rule, hand-checkable
// delta-rule erasure and decay, and a long sequence.
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/gated_deltanet/gated_deltanet.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

GatedDeltaNetConfig makeConfig(int heads, int chunk, bool gate, int kernel = 4) {
  GatedDeltaNetConfig c;
  c.hiddenSize = 32;
  c.numHeads = heads;
  c.headKDim = 8;  // d_k != d_v on purpose
  c.headVDim = 12;
  c.convKernel = kernel;
  c.chunkSize = chunk;
  c.useGate = gate;
  return c;
}

Mat* findParam(const ParameterList& params, const std::string& name) {
  for (const auto& p : params)
    if (p.name == "mixer." + name) return p.value;
  return nullptr;
}

// Random weights, then decays spread like fla's initialisation (A in [1, 16], dt in
// [1e-3, 0.1]) so that heads range from nearly no decay to strong decay inside a chunk.
void initWeights(GatedDeltaNet& m, std::uint64_t seed) {
  initMixer(m, seed, 5.0);
  ParameterList params;
  m.collectParameters("mixer.", params);
  Rng rng(seed ^ 0xABCDu);
  Mat& aLog = *findParam(params, "A_log");
  Mat& dtBias = *findParam(params, "dt_bias");
  for (Eigen::Index h = 0; h < aLog.size(); ++h) {
    aLog(h) = Real(std::log(1.0 + 15.0 * rng.uniform()));
    const double dt = std::exp(std::log(1e-3) + rng.uniform() * (std::log(0.1) - std::log(1e-3)));
    dtBias(h) = Real(dt + std::log(-std::expm1(-dt)));
  }
}

MatD toD(const Mat& m) {
  return m.cast<double>();
}

double relErr(const MatD& a, const MatD& ref) {
  if (a.rows() != ref.rows() || a.cols() != ref.cols()) return 1e30;
  if (a.size() == 0) return 0;
  return (a - ref).cwiseAbs().maxCoeff() / std::max(1.0, ref.cwiseAbs().maxCoeff());
}

// The reference: every step of the layer in double, the recurrence as a plain token loop.
struct Naive {
  MatD y;
  std::vector<MatD> S;
  MatD winQ, winK, winV;
  MatD q, k, v, beta, g;  // for the dense implicit-attention formula
};

MatD naiveConvSilu(const MatD& in, const MatD& w) {
  const Eigen::Index K = w.cols();
  MatD out(in.rows(), in.cols());
  for (Eigen::Index t = 0; t < in.rows(); ++t)
    for (Eigen::Index c = 0; c < in.cols(); ++c) {
      double acc = 0;
      for (Eigen::Index j = 0; j < K; ++j)
        if (t - K + 1 + j >= 0) acc += w(c, j) * in(t - K + 1 + j, c);
      out(t, c) = acc / (1.0 + std::exp(-acc));
    }
  return out;
}

MatD naiveWindow(const MatD& in, int K) {
  MatD w = MatD::Zero(K - 1, in.cols());
  for (int j = 0; j < K - 1; ++j)
    if (in.rows() - (K - 1) + j >= 0) w.row(j) = in.row(in.rows() - (K - 1) + j);
  return w;
}

void naiveL2(MatD& m, int H, int d) {
  for (Eigen::Index t = 0; t < m.rows(); ++t)
    for (int h = 0; h < H; ++h) {
      auto s = m.row(t).segment(h * d, d);
      s /= std::sqrt(s.squaredNorm() + 1e-6);
    }
}

Naive naiveForward(const GatedDeltaNetConfig& c, GatedDeltaNet& m, const Mat& x) {
  ParameterList params;
  m.collectParameters("mixer.", params);
  auto P = [&](const char* name) { return toD(*findParam(params, name)); };
  const int H = c.numHeads, dk = c.headKDim, dv = c.headVDim, K = c.convKernel;
  const MatD X = toD(x);
  const MatD qIn = X * P("q_proj.weight").transpose(), kIn = X * P("k_proj.weight").transpose(),
             vIn = X * P("v_proj.weight").transpose();
  Naive n;
  n.q = naiveConvSilu(qIn, P("q_conv1d.weight"));
  n.k = naiveConvSilu(kIn, P("k_conv1d.weight"));
  n.v = naiveConvSilu(vIn, P("v_conv1d.weight"));
  naiveL2(n.q, H, dk);
  naiveL2(n.k, H, dk);
  n.q /= std::sqrt(double(dk));
  const MatD a = X * P("a_proj.weight").transpose(), b = X * P("b_proj.weight").transpose();
  const MatD aLog = P("A_log"), dtBias = P("dt_bias");
  n.beta.resize(X.rows(), H);
  n.g.resize(X.rows(), H);
  for (Eigen::Index t = 0; t < X.rows(); ++t)
    for (int h = 0; h < H; ++h) {
      n.beta(t, h) = 1.0 / (1.0 + std::exp(-b(t, h)));
      n.g(t, h) = -std::exp(aLog(h)) * std::log1p(std::exp(a(t, h) + dtBias(h)));
    }
  MatD o(X.rows(), H * dv);
  for (int h = 0; h < H; ++h) {
    MatD S = MatD::Zero(dk, dv);
    for (Eigen::Index t = 0; t < X.rows(); ++t) {
      const VecD q = n.q.row(t).segment(h * dk, dk).transpose();
      const VecD k = n.k.row(t).segment(h * dk, dk).transpose();
      const VecD v = n.v.row(t).segment(h * dv, dv).transpose();
      S *= std::exp(n.g(t, h));
      const VecD written = n.beta(t, h) * (v - S.transpose() * k);
      S += k * written.transpose();
      o.row(t).segment(h * dv, dv) = (S.transpose() * q).transpose();
    }
    n.S.push_back(S);
  }
  const MatD w = P("o_norm.weight");
  MatD gate;
  if (c.useGate) gate = X * P("g_proj.weight").transpose();
  for (Eigen::Index t = 0; t < X.rows(); ++t)
    for (int h = 0; h < H; ++h) {
      auto seg = o.row(t).segment(h * dv, dv);
      const double inv = 1.0 / std::sqrt(seg.squaredNorm() / dv + double(c.normEps));
      for (int j = 0; j < dv; ++j) {
        double val = seg(j) * inv * w(j);
        if (c.useGate) {
          const double z = gate(t, h * dv + j);
          val *= z / (1.0 + std::exp(-z));
        }
        seg(j) = val;
      }
    }
  n.y = o * P("o_proj.weight").transpose();
  n.winQ = naiveWindow(qIn, K);
  n.winK = naiveWindow(kIn, K);
  n.winV = naiveWindow(vIn, K);
  return n;
}

// The implicit attention as the task states it, densely: (QK^T . Gamma)_lower (I+L)^-1 diag(beta).
MatD denseImplicit(const Naive& n, int h, int dk) {
  const Eigen::Index T = n.q.rows();
  const MatD q = n.q.middleCols(h * dk, dk), k = n.k.middleCols(h * dk, dk);
  VecD G(T);
  double acc = 0;
  for (Eigen::Index t = 0; t < T; ++t) G(t) = acc += n.g(t, h);
  MatD A = MatD::Zero(T, T), L = MatD::Identity(T, T);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index s = 0; s <= t; ++s) {
      const double gamma = std::exp(G(t) - G(s));
      A(t, s) = gamma * q.row(t).dot(k.row(s));
      if (s < t) L(t, s) = n.beta(t, h) * gamma * k.row(t).dot(k.row(s));
    }
  const MatD B = n.beta.col(h).asDiagonal();
  return A * L.triangularView<Eigen::Lower>().solve(B);
}

double maxNaive = 0, maxState = 0, maxParRec = 0, maxImplicit = 0, maxDense = 0, maxLong = 0;

}  // namespace

class TestGatedDeltaNet : public QObject {
  Q_OBJECT

 private slots:
  void generic_data() {
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("heads");
    QTest::addColumn<bool>("gate");
    for (int T : {1, 7, 16, 17, 64, 100, 150})
      for (int chunk : {16, 64})
        for (int heads : {1, 3})
          for (bool gate : {true, false})
            QTest::addRow("T%d c%d H%d gate%d", T, chunk, heads, int(gate))
                << T << chunk << heads << gate;
  }

  void generic() {
    QFETCH(int, T);
    QFETCH(int, chunk);
    QFETCH(int, heads);
    QFETCH(bool, gate);
    const GatedDeltaNetConfig c = makeConfig(heads, chunk, gate);
    GatedDeltaNet m(c);
    const std::uint64_t seed = 1000u + std::uint64_t(T * 7 + chunk + heads * 3 + gate);
    initWeights(m, seed);
    checkParallelEqualsRecurrent(m, T, seed);
    checkImplicitAttention(m, T, seed + 1);
    checkStateBytes(m, T, seed + 2);

    // Our own measurements of the same, plus the double-precision reference.
    const Mat x = randomSequence(T, c.hiddenSize, seed + 3);
    auto fs = m.newState();
    const Mat y = m.forward(x, fs.get());
    auto rs = m.newState();
    const Mat yr = runRecurrent(m, x, *rs);
    const double parRec = relErr(toD(y), toD(yr));
    const Naive n = naiveForward(c, m, x);
    const double naive = relErr(toD(y), n.y);
    const auto slices = fs->slices();
    QCOMPARE(int(slices.size()), heads + 3);
    double state = 0;
    for (int h = 0; h < heads; ++h) {
      QCOMPARE(QString::fromStdString(slices[std::size_t(h)].name), QString("S head %1").arg(h));
      state = std::max(state, relErr(toD(slices[std::size_t(h)].values), n.S[std::size_t(h)]));
    }
    state = std::max(state, relErr(toD(slices[std::size_t(heads)].values), n.winQ));
    state = std::max(state, relErr(toD(slices[std::size_t(heads) + 1].values), n.winK));
    state = std::max(state, relErr(toD(slices[std::size_t(heads) + 2].values), n.winV));

    const ImplicitAttention ia = m.implicitAttention(x);
    std::vector<Mat> mixed;
    double dense = 0;
    for (int h = 0; h < heads; ++h) {
      mixed.push_back(ia.weights[std::size_t(h)] * ia.values[std::size_t(h)]);
      dense =
          std::max(dense, relErr(toD(ia.weights[std::size_t(h)]), denseImplicit(n, h, c.headKDim)));
    }
    const double implicit = relErr(toD(m.outputFromMixed(x, mixed)), toD(y));

    maxParRec = std::max(maxParRec, parRec);
    maxNaive = std::max(maxNaive, naive);
    maxState = std::max(maxState, state);
    maxImplicit = std::max(maxImplicit, implicit);
    maxDense = std::max(maxDense, dense);
    QVERIFY2(parRec < 1e-5, qPrintable(QString("parallel vs recurrent %1").arg(parRec)));
    QVERIFY2(naive < 2e-5, qPrintable(QString("chunked vs double naive %1").arg(naive)));
    QVERIFY2(state < 2e-5, qPrintable(QString("final state vs naive %1").arg(state)));
    QVERIFY2(implicit < 1e-5, qPrintable(QString("implicit attention %1").arg(implicit)));
    QVERIFY2(dense < 2e-5, qPrintable(QString("implicit weights vs dense formula %1").arg(dense)));
  }

  // beta = 1, g = 0: writing key e0 twice leaves only the second value (the delta rule
  // erases what S returned for the key first); an orthogonal key in between is untouched.
  void deltaRuleErasure() {
    Mat q(3, 3), k(3, 3), v(3, 3);
    q << 1, 0, 0, 1, 0, 0, 1, 0, 0;
    k << 1, 0, 0, 0, 1, 0, 1, 0, 0;
    v << 1, 2, 3, 5, 5, 5, -4, 0, 7;
    const Vec beta = Vec::Ones(3), g = Vec::Zero(3);
    Mat expectedO(3, 3), expectedS(3, 3);
    expectedO << 1, 2, 3, 1, 2, 3, -4, 0, 7;  // S^T e0 after each token
    expectedS << -4, 0, 7, 5, 5, 5, 0, 0, 0;  // e0 (-4,0,7)^T + e1 (5,5,5)^T
    for (int chunk : {1, 2, 3, 16}) {
      Mat S = Mat::Zero(3, 3);
      const Mat o = GatedDeltaNet::chunkedHead(q, k, v, beta, g, chunk, S);
      QVERIFY2((o - expectedO).cwiseAbs().maxCoeff() < 1e-6,
               qPrintable(QString("chunk %1").arg(chunk)));
      QVERIFY((S - expectedS).cwiseAbs().maxCoeff() < 1e-6);
    }
    Mat S = Mat::Zero(3, 3);
    for (int t = 0; t < 3; ++t) {
      const Row o = GatedDeltaNet::stepHead(S, q.row(t), k.row(t), v.row(t), 1, 0);
      QVERIFY((o - expectedO.row(t)).cwiseAbs().maxCoeff() < 1e-6);
    }
    QVERIFY((S - expectedS).cwiseAbs().maxCoeff() < 1e-6);
    // The implicit weights say the same: output 2 takes all of v2 and none of v0.
    const Mat W = GatedDeltaNet::implicitHead(q, k, beta, g, 2);
    QVERIFY((W * v - expectedO).cwiseAbs().maxCoeff() < 1e-6);
    QVERIFY(std::abs(W(2, 0)) < 1e-6 && std::abs(W(2, 2) - 1) < 1e-6);
  }

  // beta = 1, g = log(1/2) on the second token: the value written for e0 reads back halved;
  // with beta = 1/2 a fresh key stores half its value.
  void decayAndBetaHandChecked() {
    Mat q(3, 2), k(3, 2), v(3, 2);
    q << 1, 0, 1, 0, 0, 1;
    k << 1, 0, 0, 1, 0, 1;
    v << 4, 8, 1, 1, 6, 2;
    Vec beta(3), g(3);
    beta << 1, 1, 0.5;
    g << 0, std::log(0.5), 0;
    // t=2: S = 0.5 * e0 (4,8)^T + e1 (1,1)^T; t=3 (beta 1/2, key e1): u = 0.5 ((6,2) - (1,1))
    Mat expected(3, 2);
    expected << 4, 8, 2, 4, 3.5, 1.5;
    for (int chunk : {1, 2, 64}) {
      Mat S = Mat::Zero(2, 2);
      const Mat o = GatedDeltaNet::chunkedHead(q, k, v, beta, g, chunk, S);
      QVERIFY2((o - expected).cwiseAbs().maxCoeff() < 1e-6,
               qPrintable(QString("chunk %1").arg(chunk)));
    }
  }

  void chunkSizeDoesNotChangeTheResult() {
    const Mat x = randomSequence(90, 32, 77);
    Mat ref;
    for (int chunk : {1, 5, 16, 64, 1000}) {
      GatedDeltaNet m(makeConfig(2, chunk, true));
      initWeights(m, 55);
      const Mat y = m.forward(x);
      if (ref.size() == 0) ref = y;
      const double err = relErr(toD(y), toD(ref));
      QVERIFY2(err < 1e-5, qPrintable(QString("chunk %1: %2").arg(chunk).arg(err)));
    }
  }

  void otherKernels() {
    for (int kernel : {1, 2}) {
      GatedDeltaNet m(makeConfig(2, 16, true, kernel));
      initWeights(m, 90u + std::uint64_t(kernel));
      checkParallelEqualsRecurrent(m, 37, 5);
      checkImplicitAttention(m, 37, 6);
      checkStateBytes(m, 37, 7);
    }
  }

  void longSequence() {
    const GatedDeltaNetConfig c = makeConfig(2, 64, true);
    GatedDeltaNet m(c);
    initWeights(m, 4242);
    const Eigen::Index T = 10000;
    const Mat x = randomSequence(T, c.hiddenSize, 4243);
    auto fs = m.newState();
    const Mat y = m.forward(x, fs.get());
    auto rs = m.newState();
    const Mat yr = runRecurrent(m, x, *rs);
    const double err = relErr(toD(y.bottomRows(32)), toD(yr.bottomRows(32)));
    const auto a = fs->slices(), b = rs->slices();
    double stateErr = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
      stateErr = std::max(stateErr, relErr(toD(a[i].values), toD(b[i].values)));
    maxLong = std::max(err, stateErr);
    QVERIFY2(err < 1e-5, qPrintable(QString("T=10000 last rows: %1").arg(err)));
    QVERIFY2(stateErr < 1e-5, qPrintable(QString("T=10000 final state: %1").arg(stateErr)));
    QCOMPARE(fs->position, std::int64_t(T));
  }

  void implicitAttentionRefusesHugeT() {
    GatedDeltaNet m(makeConfig(3, 64, true));
    initWeights(m, 1);
    const Mat x = Mat::Zero(16384, 32);  // 16384^2 * 3 heads * 4 bytes = 3 GiB
    bool thrown = false;
    try {
      m.implicitAttention(x);
    } catch (const Error& e) {
      thrown = QString(e.what()).contains("2 GiB");
    }
    QVERIFY(thrown);
  }

  void parametersAndCost() {
    for (bool gate : {true, false}) {
      const GatedDeltaNetConfig c = makeConfig(3, 16, gate);
      GatedDeltaNet m(c);
      ParameterList params;
      m.collectParameters("p.", params);
      std::vector<std::pair<std::string, Shape>> expected{{"p.q_proj.weight", {24, 32}},
                                                          {"p.k_proj.weight", {24, 32}},
                                                          {"p.v_proj.weight", {36, 32}},
                                                          {"p.a_proj.weight", {3, 32}},
                                                          {"p.b_proj.weight", {3, 32}},
                                                          {"p.A_log", {3}},
                                                          {"p.dt_bias", {3}},
                                                          {"p.q_conv1d.weight", {24, 1, 4}},
                                                          {"p.k_conv1d.weight", {24, 1, 4}},
                                                          {"p.v_conv1d.weight", {36, 1, 4}}};
      if (gate) expected.push_back({"p.g_proj.weight", {36, 32}});
      expected.push_back({"p.o_norm.weight", {12}});
      expected.push_back({"p.o_proj.weight", {32, 36}});
      QCOMPARE(params.size(), expected.size());
      for (std::size_t i = 0; i < params.size(); ++i) {
        QCOMPARE(QString::fromStdString(params[i].name), QString::fromStdString(expected[i].first));
        QVERIFY(params[i].shape == expected[i].second);
        QCOMPARE(std::int64_t(params[i].value->size()), numel(params[i].shape));
      }
      const std::size_t bytes = (3 * 8 * 12 + 3 * (2 * 24 + 36)) * sizeof(Real);
      QCOMPARE(m.cost(1).stateBytes, bytes);
      QCOMPARE(m.cost(5000).stateBytes, bytes);
      QVERIFY(m.cost(100).prefillFlops > m.cost(99).prefillFlops);
      QVERIFY(m.cost(100).decodeFlops > 0);
      // Linear in T once the chunks are full: 10 chunks cost ten times one.
      QVERIFY(std::abs(m.cost(160).prefillFlops - 10 * m.cost(16).prefillFlops) <
              1e-6 * m.cost(160).prefillFlops);
      QCOMPARE(m.kind(), std::string("gated_deltanet"));
    }
  }

  void errors() {
    GatedDeltaNetConfig c = makeConfig(2, 0, true);
    bool thrown = false;
    try {
      GatedDeltaNet m(c);
    } catch (const Error&) {
      thrown = true;
    }
    QVERIFY(thrown);
    GatedDeltaNet m(makeConfig(2, 16, true));
    initWeights(m, 3);
    const Mat x = randomSequence(5, 32, 4);
    thrown = false;
    try {
      m.outputFromMixed(x, {Mat::Zero(5, 12)});
    } catch (const Error&) {
      thrown = true;
    }
    QVERIFY(thrown);
    // Empty input gives an empty output and a fresh state.
    auto s = m.newState();
    QCOMPARE(m.forward(Mat(0, 32), s.get()).rows(), Eigen::Index(0));
    QCOMPARE(s->position, std::int64_t(0));
  }

  void cleanupTestCase() {
    qInfo(
        "max errors: parallel vs recurrent %.3g, chunked vs double naive %.3g, state vs naive "
        "%.3g, implicit reproduces output %.3g, implicit weights vs dense formula %.3g, "
        "T=10000 %.3g",
        maxParRec, maxNaive, maxState, maxImplicit, maxDense, maxLong);
  }
};

QTEST_APPLESS_MAIN(TestGatedDeltaNet)
#include "test_gated_deltanet.moc"
