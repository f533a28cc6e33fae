// Mamba: the generic mixer checks over several configurations, the selective scan against a
// double-precision token loop written here from transformers' MambaMixer.slow_forward, the
// implicit attention against its closed form, and a 20,000-token sequence.
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/mixers/mamba/mamba.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

using MatD = Eigen::MatrixXd;

MambaConfig makeConfig(int inner, int N, int K, int R, bool bias, bool convBias) {
  MambaConfig c;
  c.hiddenSize = 16;
  c.intermediateSize = inner;
  c.stateSize = N;
  c.convKernel = K;
  c.dtRank = R;
  c.useBias = bias;
  c.useConvBias = convBias;
  return c;
}

Mat& param(Mamba& m, const std::string& name) {
  ParameterList params;
  m.collectParameters("mixer.", params);
  for (const auto& p : params)
    if (p.name == "mixer." + name) return *p.value;
  qFatal("no parameter %s", name.c_str());
}

bool hasParam(Mamba& m, const std::string& name) {
  ParameterList params;
  m.collectParameters("mixer.", params);
  return std::any_of(params.begin(), params.end(), [&](const Parameter& p) { return p.name == "mixer." + name; });
}

// Random projections, then the rest like transformers' _init_weights: A = 1..N per state
// index (S4D real), dt = softplus(dt_proj.bias) spread log-uniformly over [1e-3, 0.1],
// dt_proj.weight and conv1d.weight uniform with torch's bounds. D and the biases random so
// that they are exercised.
void initWeights(Mamba& m, std::uint64_t seed) {
  initMixer(m, seed, 10.0);
  const MambaConfig& c = m.config();
  Rng rng(seed ^ 0x5151u);
  auto uniform = [&](double bound) { return Real((2 * rng.uniform() - 1) * bound); };
  Mat& aLog = param(m, "A_log");
  for (Eigen::Index d = 0; d < aLog.rows(); ++d)
    for (Eigen::Index n = 0; n < aLog.cols(); ++n) aLog(d, n) = Real(std::log(double(n + 1)));
  Mat& dtBias = param(m, "dt_proj.bias");
  for (Eigen::Index d = 0; d < dtBias.size(); ++d) {
    const double dt = std::exp(std::log(1e-3) + rng.uniform() * (std::log(0.1) - std::log(1e-3)));
    dtBias(d) = Real(dt + std::log(-std::expm1(-dt)));
  }
  Mat& dtW = param(m, "dt_proj.weight");
  for (Eigen::Index i = 0; i < dtW.size(); ++i) dtW.data()[i] = uniform(1.0 / std::sqrt(double(c.dtRank)));
  Mat& conv = param(m, "conv1d.weight");
  for (Eigen::Index i = 0; i < conv.size(); ++i) conv.data()[i] = uniform(1.0 / std::sqrt(double(c.convKernel)));
  Mat& D = param(m, "D");
  for (Eigen::Index i = 0; i < D.size(); ++i) D.data()[i] = Real(1.0 + 0.5 * rng.normal());
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

// transformers' slow_forward in double, the scan as a plain token loop.
struct Naive {
  MatD out, h, window;
  MatD u, dt, B, C, A, D;  // for the closed-form implicit attention
};

Naive naiveForward(Mamba& m, const Mat& xf) {
  const MambaConfig& c = m.config();
  const int I = c.intermediateSize, N = c.stateSize, K = c.convKernel, R = c.dtRank;
  auto P = [&](const char* name) { return MatD(param(m, name).cast<double>()); };
  const MatD x = xf.cast<double>();
  const Eigen::Index T = x.rows();
  MatD proj = x * P("in_proj.weight").transpose();
  if (c.useBias) proj.rowwise() += P("in_proj.bias").row(0);
  const MatD uIn = proj.leftCols(I), z = proj.rightCols(I);
  const MatD w = P("conv1d.weight");
  Naive n;
  n.u.resize(T, I);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int d = 0; d < I; ++d) {
      double acc = c.useConvBias ? P("conv1d.bias")(0, d) : 0.0;
      for (int j = 0; j < K; ++j)
        if (t - K + 1 + j >= 0) acc += w(d, j) * uIn(t - K + 1 + j, d);
      n.u(t, d) = siluD(acc);
    }
  const MatD ssm = n.u * P("x_proj.weight").transpose();
  n.B = ssm.middleCols(R, N);
  n.C = ssm.middleCols(R + N, N);
  MatD dtPre = ssm.leftCols(R) * P("dt_proj.weight").transpose();
  dtPre.rowwise() += P("dt_proj.bias").row(0);
  n.dt = dtPre.unaryExpr([](double v) { return softplusD(v); });
  n.A = -P("A_log").array().exp().matrix();
  n.D = P("D");
  n.h = MatD::Zero(I, N);
  MatD y(T, I);
  for (Eigen::Index t = 0; t < T; ++t)
    for (int d = 0; d < I; ++d) {
      double acc = 0;
      for (int k = 0; k < N; ++k) {
        n.h(d, k) = std::exp(n.A(d, k) * n.dt(t, d)) * n.h(d, k) + n.dt(t, d) * n.B(t, k) * n.u(t, d);
        acc += n.h(d, k) * n.C(t, k);
      }
      y(t, d) = (acc + n.u(t, d) * n.D(0, d)) * siluD(z(t, d));
    }
  n.out = y * P("out_proj.weight").transpose();
  if (c.useBias) n.out.rowwise() += P("out_proj.bias").row(0);
  n.window = MatD::Zero(K - 1, I);
  for (int j = 0; j < K - 1; ++j)
    if (T - (K - 1) + j >= 0) n.window.row(j) = uIn.row(T - (K - 1) + j);
  return n;
}

}  // namespace

class TestMamba : public QObject {
  Q_OBJECT

 private:
  void configRows() {
    QTest::addColumn<int>("inner");
    QTest::addColumn<int>("N");
    QTest::addColumn<int>("K");
    QTest::addColumn<int>("R");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<bool>("convBias");
    QTest::newRow("I32 N8 K4 R2") << 32 << 8 << 4 << 2 << false << true;
    QTest::newRow("I48 N16 K3 R4 biases") << 48 << 16 << 3 << 4 << true << true;
    QTest::newRow("I20 N4 K1 R1 no conv bias") << 20 << 4 << 1 << 1 << false << false;
  }
  MambaConfig fetchConfig() {
    QFETCH(int, inner);
    QFETCH(int, N);
    QFETCH(int, K);
    QFETCH(int, R);
    QFETCH(bool, bias);
    QFETCH(bool, convBias);
    return makeConfig(inner, N, K, R, bias, convBias);
  }

 private slots:
  void genericChecks_data() { configRows(); }
  void genericChecks() {
    Mamba m(fetchConfig());
    initWeights(m, 11);
    for (Eigen::Index T : {1, 7, 64, 65, 150, 300}) {
      checkParallelEqualsRecurrent(m, T, 100 + T);
      checkImplicitAttention(m, T, 200 + T);
      checkStateBytes(m, T, 300 + T);
    }
  }

  void matchesNaiveTokenLoop_data() { configRows(); }
  void matchesNaiveTokenLoop() {
    Mamba m(fetchConfig());
    initWeights(m, 21);
    double worst = 0, worstState = 0, largest = 0, largestState = 0;
    for (Eigen::Index T : {1, 5, 64, 150}) {
      const Mat x = randomSequence(T, m.dModel(), 7 + T);
      const Naive n = naiveForward(m, x);
      QVERIFY(n.out.cwiseAbs().maxCoeff() > 1e-2);  // not a degenerate comparison
      auto state = m.newState();
      const double err = relErr(m.forward(x, state.get()).cast<double>(), n.out);
      const auto slices = state->slices();
      QCOMPARE(slices[0].name, std::string("ssm"));
      // Relative to the state's own size (it is small: dt ~ 0.01).
      const double errState = (slices[0].values.cast<double>() - n.h).cwiseAbs().maxCoeff() /
                              n.h.cwiseAbs().maxCoeff();
      if (m.config().convKernel > 1) {
        QCOMPARE(slices[1].name, std::string("conv"));
        QVERIFY(relErr(slices[1].values.cast<double>(), n.window) < 1e-6);
      }
      worst = std::max(worst, err);
      worstState = std::max(worstState, errState);
      largest = std::max(largest, n.out.cwiseAbs().maxCoeff());
      largestState = std::max(largestState, n.h.cwiseAbs().maxCoeff());
      QVERIFY2(err < 2e-5, qPrintable(QString("T=%1: forward vs naive %2").arg(T).arg(err)));
      QVERIFY2(errState < 2e-5, qPrintable(QString("T=%1: state vs naive %2").arg(T).arg(errState)));
    }
    qInfo("vs double token loop: output error %.2e (max |y| %.2f), final SSM state error %.2e "
          "(max |h| %.2f)", worst, largest, worstState, largestState);
  }

  void implicitAttentionClosedForm() {
    Mamba m(makeConfig(12, 6, 4, 2, false, true));
    initWeights(m, 31);
    const Eigen::Index T = 40;
    const Mat x = randomSequence(T, m.dModel(), 9);
    const Naive n = naiveForward(m, x);
    const ImplicitAttention ia = m.implicitAttention(x);
    QCOMPARE(int(ia.weights.size()), 12);
    QCOMPARE(ia.labels[3], std::string("channel 3"));
    double worst = 0;
    for (int d = 0; d < 12; ++d) {
      MatD W = MatD::Zero(T, T);
      std::vector<double> cum(static_cast<std::size_t>(T));
      double acc = 0;
      for (Eigen::Index t = 0; t < T; ++t) cum[std::size_t(t)] = acc += n.dt(t, d);
      for (Eigen::Index t = 0; t < T; ++t)
        for (Eigen::Index s = 0; s <= t; ++s) {
          for (int k = 0; k < 6; ++k)
            W(t, s) += n.C(t, k) * std::exp(n.A(d, k) * (cum[std::size_t(t)] - cum[std::size_t(s)])) *
                       n.B(s, k) * n.dt(s, d);
          if (s == t) W(t, s) += n.D(0, d);
        }
      worst = std::max(worst, relErr(ia.weights[std::size_t(d)].cast<double>(), W));
      QVERIFY(relErr(ia.values[std::size_t(d)].cast<double>(), n.u.col(d)) < 1e-6);
    }
    qInfo("implicit attention vs closed form: %.2e", worst);
    QVERIFY(worst < 1e-5);
  }

  void longSequenceMatchesRecurrence() {
    Mamba m(makeConfig(32, 8, 4, 2, false, true));
    initWeights(m, 41);
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
    const double errState = relativeError(fs->slices()[0].values, rs->slices()[0].values);
    qInfo("T=%lld: forward %lld ms, last 64 rows vs recurrence %.2e, final state %.2e",
          static_cast<long long>(T), static_cast<long long>(ms), err, errState);
    QVERIFY(err < 1e-5);
    QVERIFY(errState < 1e-5);
    QCOMPARE(fs->position, std::int64_t(T));
  }

  void parametersFollowTransformers() {
    Mamba m(makeConfig(32, 8, 4, 2, false, true));
    ParameterList params;
    m.collectParameters("backbone.layers.0.mixer.", params);
    std::vector<std::pair<std::string, Shape>> expected{
        {"in_proj.weight", {64, 16}}, {"conv1d.weight", {32, 1, 4}}, {"conv1d.bias", {32}},
        {"x_proj.weight", {18, 32}},  {"dt_proj.weight", {32, 2}},   {"dt_proj.bias", {32}},
        {"A_log", {32, 8}},           {"D", {32}},                   {"out_proj.weight", {16, 32}}};
    QCOMPARE(params.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(params[i].name, "backbone.layers.0.mixer." + expected[i].first);
      QVERIFY(params[i].shape == expected[i].second);
      QCOMPARE(std::int64_t(params[i].value->size()), numel(expected[i].second));
    }
    // Default init rules give dt ~ 0.01 and A = -4: realistic magnitudes out of the box.
    Rng rng(1);
    initParameters(params, rng);
    QVERIFY(std::abs(softplusD(param(m, "dt_proj.bias")(0, 5)) - 0.01) < 1e-6);
    QVERIFY(std::abs(std::exp(param(m, "A_log")(3, 2)) - 4.0) < 1e-5);
    Mamba biased(makeConfig(32, 8, 4, 2, true, true));
    QVERIFY(hasParam(biased, "in_proj.bias") && hasParam(biased, "out_proj.bias"));
  }

  void costModel() {
    Mamba m(makeConfig(32, 8, 4, 2, false, true));
    const MixerCost c1 = m.cost(1000), c2 = m.cost(2000);
    QCOMPARE(c2.prefillFlops, 2 * c1.prefillFlops);  // linear in T
    QCOMPARE(c1.decodeFlops, c2.decodeFlops);        // constant per token
    QCOMPARE(c1.stateBytes, std::size_t((3 * 32 + 32 * 8) * sizeof(Real)));
    QCOMPARE(c1.stateBytes, c2.stateBytes);
    // in_proj alone is 2 * 16 * 64 FLOPs per token.
    QVERIFY(c1.decodeFlops > 2.0 * 16 * 64);
  }

  void errorsNameTheProblem() {
    QVERIFY_THROWS_EXCEPTION(Error, Mamba(makeConfig(0, 8, 4, 2, false, true)));
    QVERIFY_THROWS_EXCEPTION(Error, Mamba(makeConfig(32, 8, 0, 2, false, true)));
    Mamba m(makeConfig(32, 8, 4, 2, false, true));
    initWeights(m, 1);
    QVERIFY_THROWS_EXCEPTION(Error, m.forward(Mat::Zero(3, 7)));
    auto s = m.newState();
    QVERIFY_THROWS_EXCEPTION(Error, m.step(*s, Row::Zero(5)));
    QVERIFY_THROWS_EXCEPTION(Error, m.outputFromMixed(Mat::Zero(3, 16), {}));
  }
};

QTEST_APPLESS_MAIN(TestMamba)
#include "test_mamba.moc"
