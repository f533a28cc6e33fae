// Mamba-2: the generic mixer checks over several configurations (groups, chunk sizes, head
// widths), the chunked SSD against a double-precision token loop written here from the
// recurrence of transformers' Mamba2Mixer.torch_forward (decode branch) and
// MambaRMSNormGated, the SSD of one head on hand-made inputs, and a 20,000-token sequence.
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/mamba2/mamba2.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

using MatD = Eigen::MatrixXd;

Mamba2Config makeConfig(int heads, int headDim, int groups, int chunk, int K = 4, bool bias = false) {
  Mamba2Config c;
  c.hiddenSize = 24;
  c.numHeads = heads;
  c.headDim = headDim;
  c.nGroups = groups;
  c.stateSize = 8;
  c.convKernel = K;
  c.chunkSize = chunk;
  c.useBias = bias;
  return c;
}

Mat& param(Mamba2& m, const std::string& name) {
  ParameterList params;
  m.collectParameters("mixer.", params);
  for (const auto& p : params)
    if (p.name == "mixer." + name) return *p.value;
  qFatal("no parameter %s", name.c_str());
}

bool hasParam(Mamba2& m, const std::string& name) {
  ParameterList params;
  m.collectParameters("mixer.", params);
  return std::any_of(params.begin(), params.end(), [&](const Parameter& p) { return p.name == "mixer." + name; });
}

// Random projections, then decays spread like transformers' init (A in [1, 16], dt from
// [1e-3, 0.1]) so that heads range from nearly no decay to strong decay within a chunk;
// conv weights with torch's bound, random D, norm weight and biases so they are exercised.
void initWeights(Mamba2& m, std::uint64_t seed) {
  initMixer(m, seed, 5.0);
  Rng rng(seed ^ 0x7777u);
  Mat& aLog = param(m, "A_log");
  Mat& dtBias = param(m, "dt_bias");
  Mat& D = param(m, "D");
  for (Eigen::Index h = 0; h < aLog.size(); ++h) {
    aLog(h) = Real(std::log(1.0 + 15.0 * rng.uniform()));
    const double dt = std::exp(std::log(1e-3) + rng.uniform() * (std::log(0.1) - std::log(1e-3)));
    dtBias(h) = Real(dt + std::log(-std::expm1(-dt)));
    D(h) = Real(1.0 + 0.5 * rng.normal());
  }
  Mat& conv = param(m, "conv1d.weight");
  const double bound = 1.0 / std::sqrt(double(m.config().convKernel));
  for (Eigen::Index i = 0; i < conv.size(); ++i) conv.data()[i] = Real((2 * rng.uniform() - 1) * bound);
  Mat& norm = param(m, "norm.weight");
  for (Eigen::Index i = 0; i < norm.size(); ++i) norm.data()[i] = Real(1.0 + 0.2 * rng.normal());
  for (const char* b : {"conv1d.bias", "in_proj.bias", "out_proj.bias"})
    if (hasParam(m, b)) {
      Mat& v = param(m, b);
      for (Eigen::Index i = 0; i < v.size(); ++i) v.data()[i] = Real(0.2 * rng.normal());
    }
}

double softplusD(double v) { return v > 20 ? v : std::log1p(std::exp(v)); }
double siluD(double v) { return v / (1 + std::exp(-v)); }

double relErr(const MatD& a, const MatD& ref) {
  if (a.rows() != ref.rows() || a.cols() != ref.cols()) return 1e30;
  if (a.size() == 0) return 0;
  return (a - ref).cwiseAbs().maxCoeff() / std::max(1.0, ref.cwiseAbs().maxCoeff());
}

struct Naive {
  MatD out;
  std::vector<MatD> S;  // per head, P x N
  MatD window;
};

// The whole layer in double with the SSM as a token loop: S = exp(dt A) S + dt x B^T,
// y = S C + D x, then rmsNorm(y * silu(z)) over all I channels, then out_proj.
Naive naiveForward(Mamba2& m, const Mat& xf) {
  const Mamba2Config& c = m.config();
  const int H = c.numHeads, P = c.headDim, N = c.stateSize, G = c.nGroups, K = c.convKernel;
  const int I = H * P, CD = I + 2 * G * N;
  auto W = [&](const char* name) { return MatD(param(m, name).cast<double>()); };
  const MatD x = xf.cast<double>();
  const Eigen::Index T = x.rows();
  MatD proj = x * W("in_proj.weight").transpose();
  if (c.useBias) proj.rowwise() += W("in_proj.bias").row(0);
  const MatD z = proj.leftCols(I), xbcIn = proj.middleCols(I, CD), dtRaw = proj.rightCols(H);
  const MatD cw = W("conv1d.weight");
  MatD xbc(T, CD);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int ch = 0; ch < CD; ++ch) {
      double acc = c.useConvBias ? W("conv1d.bias")(0, ch) : 0.0;
      for (int j = 0; j < K; ++j)
        if (t - K + 1 + j >= 0) acc += cw(ch, j) * xbcIn(t - K + 1 + j, ch);
      xbc(t, ch) = siluD(acc);
    }
  const MatD aLog = W("A_log"), dtBias = W("dt_bias"), Dp = W("D"), normW = W("norm.weight");
  Naive n;
  n.S.assign(std::size_t(H), MatD::Zero(P, N));
  MatD y(T, I);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int h = 0; h < H; ++h) {
      const int g = h / (H / G);
      const double dt = std::clamp(softplusD(dtRaw(t, h) + dtBias(0, h)), double(c.dtMin), double(c.dtMax));
      const double dA = std::exp(dt * -std::exp(aLog(0, h)));
      MatD& S = n.S[std::size_t(h)];
      for (int p = 0; p < P; ++p) {
        const double xv = xbc(t, h * P + p);
        double acc = 0;
        for (int k = 0; k < N; ++k) {
          S(p, k) = dA * S(p, k) + dt * xv * xbc(t, I + g * N + k);
          acc += S(p, k) * xbc(t, I + G * N + g * N + k);
        }
        y(t, h * P + p) = acc + Dp(0, h) * xv;
      }
    }
  for (Eigen::Index t = 0; t < T; ++t) {
    double ss = 0;
    for (int i = 0; i < I; ++i) {
      y(t, i) *= siluD(z(t, i));
      ss += y(t, i) * y(t, i);
    }
    const double inv = 1.0 / std::sqrt(ss / I + double(c.normEps));
    for (int i = 0; i < I; ++i) y(t, i) *= inv * normW(0, i);
  }
  n.out = y * W("out_proj.weight").transpose();
  if (c.useBias) n.out.rowwise() += W("out_proj.bias").row(0);
  n.window = MatD::Zero(K - 1, CD);
  for (int j = 0; j < K - 1; ++j)
    if (T - (K - 1) + j >= 0) n.window.row(j) = xbcIn.row(T - (K - 1) + j);
  return n;
}

}  // namespace

class TestMamba2 : public QObject {
  Q_OBJECT

 private:
  void configRows() {
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("headDim");
    QTest::addColumn<int>("groups");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("K");
    QTest::addColumn<bool>("bias");
    QTest::newRow("H4 P8 G1 chunk16") << 4 << 8 << 1 << 16 << 4 << false;
    QTest::newRow("H4 P16 G2 chunk64") << 4 << 16 << 2 << 64 << 4 << false;
    QTest::newRow("H6 P8 G2 chunk16 K3 biases") << 6 << 8 << 2 << 16 << 3 << true;
    QTest::newRow("H2 P16 G1 chunk64 K1") << 2 << 16 << 1 << 64 << 1 << false;
    QTest::newRow("H4 P8 G4 chunk7") << 4 << 8 << 4 << 7 << 4 << false;
  }
  Mamba2Config fetchConfig() {
    QFETCH(int, heads);
    QFETCH(int, headDim);
    QFETCH(int, groups);
    QFETCH(int, chunk);
    QFETCH(int, K);
    QFETCH(bool, bias);
    return makeConfig(heads, headDim, groups, chunk, K, bias);
  }

 private slots:
  void genericChecks_data() { configRows(); }
  void genericChecks() {
    Mamba2 m(fetchConfig());
    initWeights(m, 12);
    for (Eigen::Index T : {1, 7, 64, 65, 150, 300}) {
      checkParallelEqualsRecurrent(m, T, 100 + T);
      checkImplicitAttention(m, T, 200 + T);
      checkStateBytes(m, T, 300 + T);
    }
  }

  void matchesNaiveTokenLoop_data() { configRows(); }
  void matchesNaiveTokenLoop() {
    Mamba2 m(fetchConfig());
    initWeights(m, 22);
    double worst = 0, worstState = 0, largest = 0;
    for (Eigen::Index T : {1, 5, 16, 17, 64, 150}) {
      const Mat x = randomSequence(T, m.dModel(), 7 + T);
      const Naive n = naiveForward(m, x);
      auto state = m.newState();
      const Mat y = m.forward(x, state.get());
      const double err = relErr(y.cast<double>(), n.out);
      const auto slices = state->slices();
      QCOMPARE(slices[0].name, std::string("ssm head 0"));
      double errState = 0;
      for (std::size_t h = 0; h < n.S.size(); ++h) {
        const MatD& ref = n.S[h];
        errState = std::max(errState, (slices[h].values.cast<double>() - ref).cwiseAbs().maxCoeff() /
                                          ref.cwiseAbs().maxCoeff());
      }
      if (m.config().convKernel > 1) {
        QCOMPARE(slices.back().name, std::string("conv window"));
        QVERIFY(relErr(slices.back().values.cast<double>(), n.window) < 1e-6);
      }
      // The recurrent form against the same reference.
      auto rs = m.newState();
      const double errRec = relErr(runRecurrent(m, x, *rs).cast<double>(), n.out);
      worst = std::max({worst, err, errRec});
      worstState = std::max(worstState, errState);
      largest = std::max(largest, n.out.cwiseAbs().maxCoeff());
      QVERIFY2(err < 2e-5, qPrintable(QString("T=%1: forward vs naive %2").arg(T).arg(err)));
      QVERIFY2(errRec < 2e-5, qPrintable(QString("T=%1: step vs naive %2").arg(T).arg(errRec)));
      QVERIFY2(errState < 2e-5, qPrintable(QString("T=%1: state vs naive %2").arg(T).arg(errState)));
    }
    QVERIFY(largest > 0.1);  // not a degenerate comparison
    qInfo("vs double token loop: output error %.2e (max |y| %.2f), final state error %.2e (relative)",
          worst, largest, worstState);
  }

  // time_step_limit clamps dt after the softplus, in both forms.
  void dtLimitIsApplied() {
    Mamba2Config c = makeConfig(4, 8, 2, 16);
    c.dtMin = 0.02f;
    c.dtMax = 0.05f;
    Mamba2 m(c);
    initWeights(m, 5);
    const Mat x = randomSequence(40, m.dModel(), 6);
    const Naive n = naiveForward(m, x);
    const double err = relErr(m.forward(x).cast<double>(), n.out);
    QVERIFY2(err < 2e-5, qPrintable(QString("clamped dt: %1").arg(err)));
    Mamba2 unclamped(makeConfig(4, 8, 2, 16));
    initWeights(unclamped, 5);
    QVERIFY(relErr(unclamped.forward(x).cast<double>(), n.out) > 1e-3);  // the clamp mattered
    QVERIFY_THROWS_EXCEPTION(Error, [] {
      Mamba2Config bad = makeConfig(4, 8, 2, 16);
      bad.dtMin = 0.5f;
      bad.dtMax = 0.1f;
      Mamba2 m2(bad);
    }());
  }

  // One head with a non-zero initial state, strong and weak decays, every chunk size from
  // 1 up to beyond T: y and the final state equal the plain recurrence.
  void ssdHeadMatchesRecurrence() {
    const Eigen::Index T = 53, P = 5, N = 7;
    const Mat x = randomSequence(T, P, 1), B = randomSequence(T, N, 2), C = randomSequence(T, N, 3);
    const Mat S0 = randomSequence(P, N, 4);
    Rng rng(8);
    Vec dt(T);
    for (Eigen::Index t = 0; t < T; ++t) dt(t) = Real(std::exp(std::log(1e-3) + rng.uniform() * std::log(500.0)));
    double worst = 0;
    for (double A : {-0.3, -4.0, -60.0}) {
      MatD S = S0.cast<double>();
      MatD yRef(T, P);
      for (Eigen::Index t = 0; t < T; ++t) {
        S = std::exp(double(dt(t)) * A) * S +
            double(dt(t)) * x.row(t).cast<double>().transpose() * B.row(t).cast<double>();
        yRef.row(t) = (S * C.row(t).cast<double>().transpose()).transpose();
      }
      for (int chunk : {1, 4, 16, 53, 64}) {
        Mat Sc = S0;
        const Mat y = Mamba2::ssdHead(x, B, C, dt, A, chunk, Sc);
        QVERIFY(y.allFinite());
        const double e = std::max(relErr(y.cast<double>(), yRef), relErr(Sc.cast<double>(), S));
        worst = std::max(worst, e);
        QVERIFY2(e < 1e-5, qPrintable(QString("A=%1 chunk=%2: %3").arg(A).arg(chunk).arg(e)));
      }
    }
    qInfo("ssdHead vs recurrence (A = -0.3, -4, -60; chunks 1..64): %.2e", worst);
  }

  void implicitAttentionShape() {
    Mamba2 m(makeConfig(4, 8, 2, 16));
    initWeights(m, 3);
    const Mat x = randomSequence(30, m.dModel(), 4);
    const ImplicitAttention ia = m.implicitAttention(x);
    QCOMPARE(int(ia.weights.size()), 4);
    QCOMPARE(ia.labels[2], std::string("head 2"));
    QCOMPARE(ia.values[1].cols(), Eigen::Index(8));
    // Causal: nothing above the diagonal; the diagonal holds C_t.B_t dt_t + D.
    for (const Mat& W : ia.weights)
      QCOMPARE(double(W.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().cwiseAbs().maxCoeff()), 0.0);
  }

  void longSequenceMatchesRecurrence() {
    Mamba2 m(makeConfig(4, 16, 2, 64));
    initWeights(m, 42);
    const Eigen::Index T = 20000;
    const Mat x = randomSequence(T, m.dModel(), 3);
    auto fs = m.newState();
    QElapsedTimer timer;
    timer.start();
    const Mat parallel = m.forward(x, fs.get());
    const qint64 ms = timer.elapsed();
    auto rs = m.newState();
    Mat lastRows(64, m.dModel());
    for (Eigen::Index t = 0; t < T; ++t) {
      const Row y = m.step(*rs, x.row(t));
      if (t >= T - 64) lastRows.row(t - (T - 64)) = y;
    }
    QVERIFY(parallel.allFinite());
    const double err = relativeError(parallel.bottomRows(64), lastRows);
    double errState = 0;
    const auto a = fs->slices(), b = rs->slices();
    for (std::size_t i = 0; i < a.size(); ++i) errState = std::max(errState, relativeError(a[i].values, b[i].values));
    qInfo("T=%lld: forward %lld ms, last 64 rows vs recurrence %.2e, final state %.2e",
          static_cast<long long>(T), static_cast<long long>(ms), err, errState);
    QVERIFY(err < 1e-5);
    QVERIFY(errState < 1e-5);
  }

  void parametersFollowTransformers() {
    // The fixture's shape: hidden 32, 8 heads of 8, 2 groups, N 8 -> in_proj 168 x 32.
    Mamba2Config c = makeConfig(8, 8, 2, 16);
    c.hiddenSize = 32;
    Mamba2 m(c);
    ParameterList params;
    m.collectParameters("backbone.layers.0.mixer.", params);
    std::vector<std::pair<std::string, Shape>> expected{
        {"in_proj.weight", {168, 32}}, {"conv1d.weight", {96, 1, 4}}, {"conv1d.bias", {96}},
        {"dt_bias", {8}},              {"A_log", {8}},                {"D", {8}},
        {"norm.weight", {64}},         {"out_proj.weight", {32, 64}}};
    QCOMPARE(params.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(params[i].name, "backbone.layers.0.mixer." + expected[i].first);
      QVERIFY(params[i].shape == expected[i].second);
      QCOMPARE(std::int64_t(params[i].value->size()), numel(expected[i].second));
    }
    Rng rng(1);
    initParameters(params, rng);
    QVERIFY(std::abs(softplusD(param(m, "dt_bias")(0, 3)) - 0.01) < 1e-6);
    QVERIFY(std::abs(std::exp(param(m, "A_log")(0, 3)) - 4.0) < 1e-5);
  }

  void costModel() {
    Mamba2 m(makeConfig(4, 16, 2, 64));
    const MixerCost a = m.cost(640), b = m.cost(1280), odd = m.cost(650);
    QCOMPARE(b.prefillFlops, 2 * a.prefillFlops);  // whole chunks: linear in T
    QVERIFY(odd.prefillFlops > a.prefillFlops && odd.prefillFlops < a.prefillFlops * 1.1);
    QCOMPARE(a.decodeFlops, b.decodeFlops);
    // conv window 3 x (64 + 2*2*8) plus 4 heads of 16 x 8.
    QCOMPARE(a.stateBytes, std::size_t((3 * 96 + 4 * 16 * 8) * sizeof(Real)));
  }

  void errorsNameTheProblem() {
    QVERIFY_THROWS_EXCEPTION(Error, Mamba2(makeConfig(6, 8, 4, 16)));  // 6 heads, 4 groups
    QVERIFY_THROWS_EXCEPTION(Error, Mamba2(makeConfig(4, 8, 1, 0)));
    Mamba2 m(makeConfig(4, 8, 1, 16));
    QVERIFY_THROWS_EXCEPTION(Error, m.forward(Mat::Zero(3, 7)));
    auto s = m.newState();
    QVERIFY_THROWS_EXCEPTION(Error, m.step(*s, Row::Zero(5)));
    QVERIFY_THROWS_EXCEPTION(Error, m.outputFromMixed(Mat::Zero(3, 24), {Mat::Zero(3, 8)}));
  }
};

QTEST_APPLESS_MAIN(TestMamba2)
#include "test_mamba2.moc"
