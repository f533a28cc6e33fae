// RetNet retention: the generic mixer checks, the chunked parallel form against a
// double-precision token loop written here from the RetNet recurrence (RoPE, decay, gated
// per-head RMSNorm), the exact per-position decay of the implicit attention, and long
// sequences through the chunked form.
#include <QtTest>

#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/mixers/retnet/retention.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Mat& param(const ParameterList& params, const std::string& name) {
  for (const auto& p : params)
    if (p.name == name) return *p.value;
  throw Error("test: no parameter " + name);
}

// Rotate-half RoPE of one head vector at position pos, in double.
void ropeD(double* v, int dk, double pos, double theta) {
  const int half = dk / 2;
  for (int i = 0; i < half; ++i) {
    const double ang = pos / std::pow(theta, double(2 * i) / double(dk));
    const double a = v[i], b = v[i + half];
    v[i] = a * std::cos(ang) - b * std::sin(ang);
    v[i + half] = b * std::cos(ang) + a * std::sin(ang);
  }
}

// The RetNet recurrence, token by token in double:
// q, k rotated at position t, q * dk^-0.5; S = gamma S + k v^T; o = S^T q;
// per head RMSNorm(o) * g_norm * silu(g); o_proj.
MatD naiveForward(Retention& m, const Mat& x) {
  ParameterList params;
  m.collectParameters("", params);
  const MatD wq = param(params, "q_proj.weight").cast<double>();
  const MatD wk = param(params, "k_proj.weight").cast<double>();
  const MatD wv = param(params, "v_proj.weight").cast<double>();
  const MatD wg = param(params, "g_proj.weight").cast<double>();
  const MatD gn = param(params, "g_norm.weight").cast<double>();
  const MatD wo = param(params, "o_proj.weight").cast<double>();
  const auto& c = m.config();
  const int H = c.numHeads, dk = c.headKDim, dv = c.headVDim;
  const MatD xd = x.cast<double>();
  MatD q = xd * wq.transpose(), k = xd * wk.transpose();
  const MatD v = xd * wv.transpose(), g = xd * wg.transpose();
  MatD o = MatD::Zero(x.rows(), H * dv);
  for (int h = 0; h < H; ++h) {
    const double gamma = 1.0 - std::pow(2.0, -5.0 - h);
    MatD S = MatD::Zero(dk, dv);
    for (Eigen::Index t = 0; t < x.rows(); ++t) {
      double* qh = &q(t, h * dk);
      double* kh = &k(t, h * dk);
      ropeD(qh, dk, double(t), c.ropeTheta);
      ropeD(kh, dk, double(t), c.ropeTheta);
      for (int i = 0; i < dk; ++i) qh[i] /= std::sqrt(double(dk));
      for (int i = 0; i < dk; ++i)
        for (int j = 0; j < dv; ++j) S(i, j) = gamma * S(i, j) + kh[i] * v(t, h * dv + j);
      std::vector<double> oh(dv, 0.0);
      double ss = 0;
      for (int j = 0; j < dv; ++j) {
        for (int i = 0; i < dk; ++i) oh[j] += S(i, j) * qh[i];
        ss += oh[j] * oh[j];
      }
      const double inv = 1.0 / std::sqrt(ss / dv + double(c.normEps));
      for (int j = 0; j < dv; ++j) {
        const double gv = g(t, h * dv + j);
        o(t, h * dv + j) = oh[j] * inv * gn(0, j) * gv / (1.0 + std::exp(-gv));
      }
    }
  }
  return o * wo.transpose();
}

double relErrD(const Mat& a, const MatD& ref) {
  const double scale = std::max(1.0, ref.cwiseAbs().maxCoeff());
  return (a.cast<double>() - ref).cwiseAbs().maxCoeff() / scale;
}

std::vector<RetNetConfig> configs() {
  // hiddenSize, numHeads, headKDim, headVDim, ropeTheta, normEps
  return {{16, 1, 8, 8, 10000.0, 1e-5f}, {24, 2, 8, 12, 10000.0, 1e-5f},
          {32, 3, 12, 6, 500.0, 1e-5f}, {40, 4, 6, 10, 10000.0, 1e-5f}};
}

const std::vector<Eigen::Index> kLengths{1, 5, 64, 65, 130, 200};

// Random weights with g_norm away from 1, so a missing or misplaced norm weight shows.
void init(Retention& m, std::uint64_t seed) {
  initMixer(m, seed, 10.0);
  ParameterList params;
  m.collectParameters("", params);
  Mat& gn = param(params, "g_norm.weight");
  for (Eigen::Index j = 0; j < gn.size(); ++j) gn(0, j) = Real(0.5 + 0.1 * double(j));
}

}  // namespace

class TestRetention : public QObject {
  Q_OBJECT

 private slots:
  void parametersHaveFlaNames() {
    Retention m(RetNetConfig{24, 2, 8, 12, 10000.0, 1e-5f});
    ParameterList params;
    m.collectParameters("model.layers.1.attn.", params);
    QCOMPARE(int(params.size()), 6);
    const char* names[] = {"q_proj.weight", "k_proj.weight", "v_proj.weight",
                           "g_proj.weight", "g_norm.weight", "o_proj.weight"};
    const Shape shapes[] = {{16, 24}, {16, 24}, {24, 24}, {24, 24}, {12}, {24, 24}};
    for (int i = 0; i < 6; ++i) {
      QCOMPARE(params[i].name, "model.layers.1.attn." + std::string(names[i]));
      QCOMPARE(params[i].shape, shapes[i]);
    }
    QCOMPARE(params[4].initStd, Real(0));
    QCOMPARE(params[4].initValue, Real(1));
    QCOMPARE(m.kind(), std::string("retnet"));
    QCOMPARE(m.decay(0), 0.96875);
    QCOMPARE(m.decay(1), 1.0 - 1.0 / 64);
  }

  void rejectsBadInput() {
    bool thrown = false;
    try {
      Retention bad(RetNetConfig{16, 2, 7, 8, 10000.0, 1e-5f});  // odd d_k: no RoPE pairs
    } catch (const Error& e) {
      thrown = std::string(e.what()).find("head_k_dim") != std::string::npos;
    }
    QVERIFY(thrown);
    Retention m(RetNetConfig{16, 2, 8, 8, 10000.0, 1e-5f});
    thrown = false;
    try {
      m.forward(Mat::Zero(3, 17));
    } catch (const Error& e) {
      thrown = std::string(e.what()).find("hidden_size") != std::string::npos;
    }
    QVERIFY(thrown);
  }

  void genericChecks() {
    std::uint64_t seed = 10;
    double worst = 0;
    for (const auto& c : configs()) {
      Retention m(c);
      init(m, seed++);
      for (Eigen::Index T : kLengths) {
        const Mat x = randomSequence(T, c.hiddenSize, seed + 1000);
        auto st = m.newState();
        worst = std::max(worst, relativeError(m.forward(x), runRecurrent(m, x, *st)));
        checkParallelEqualsRecurrent(m, T, seed++);
        if (QTest::currentTestFailed()) return;
        checkImplicitAttention(m, T, seed++);
        if (QTest::currentTestFailed()) return;
        checkStateBytes(m, T, seed++);
        if (QTest::currentTestFailed()) return;
      }
    }
    qInfo("retnet: parallel vs recurrent, max rel error %.3g", worst);
  }

  void chunkedMatchesNaiveDouble() {
    std::uint64_t seed = 100;
    double worst = 0;
    for (const auto& c : configs()) {
      Retention m(c);
      init(m, seed++);
      for (Eigen::Index T : kLengths) {
        const Mat x = randomSequence(T, c.hiddenSize, seed++);
        const double err = relErrD(m.forward(x), naiveForward(m, x));
        worst = std::max(worst, err);
        QVERIFY2(err < 1e-5, qPrintable(QString("H=%1 T=%2: chunked vs naive double %3")
                                            .arg(c.numHeads).arg(T).arg(err)));
      }
    }
    qInfo("retnet: chunked forward vs naive double, max rel error %.3g", worst);
  }

  void finalStateEqualsRecurrentState() {
    Retention m(RetNetConfig{24, 2, 8, 12, 10000.0, 1e-5f});
    init(m, 7);
    const Mat x = randomSequence(130, 24, 8);
    auto a = m.newState();
    m.forward(x, a.get());
    auto b = m.newState();
    runRecurrent(m, x, *b);
    const auto sa = a->slices(), sb = b->slices();
    QCOMPARE(sa.size(), std::size_t(2));
    QCOMPARE(sa[1].name, std::string("S head 1"));
    QCOMPARE(sa[1].values.rows(), Eigen::Index(8));
    QCOMPARE(sa[1].values.cols(), Eigen::Index(12));
    for (std::size_t i = 0; i < sa.size(); ++i)
      QVERIFY(relativeError(sa[i].values, sb[i].values) < 1e-5);
    QCOMPARE(a->bytes(), std::size_t(2 * 8 * 12 * sizeof(Real)));
    QCOMPARE(a->position, std::int64_t(130));
  }

  // With every input row equal and q, k living only in a RoPE pair whose frequency is
  // negligible (theta = 1e12: angle 1e-6 per position), q_t . k_s is the same number for
  // every t, s: here 1 * 1 * d_k^-0.5 = 0.5. Then weights(t, s) = 0.5 gamma_h^(t-s) exactly,
  // e.g. head 0 at (3, 0): 0.5 * 0.96875^3 = 0.4545745849609375.
  void decayIsExactlyGammaPerPosition() {
    const int H = 3, dk = 4, dv = 4, D = 4;
    Retention m(RetNetConfig{D, H, dk, dv, 1e12, 1e-5f});
    ParameterList params;
    m.collectParameters("", params);
    param(params, "q_proj.weight").setZero();
    param(params, "k_proj.weight").setZero();
    for (int h = 0; h < H; ++h) {
      param(params, "q_proj.weight")(h * dk + 1, 0) = 1;  // component 1: the slow RoPE pair
      param(params, "k_proj.weight")(h * dk + 1, 0) = 1;
    }
    const Eigen::Index T = 40;
    Mat x = Mat::Zero(T, D);
    x.col(0).setOnes();
    const ImplicitAttention ia = m.implicitAttention(x);
    QCOMPARE(ia.weights.size(), std::size_t(H));
    QVERIFY(std::abs(ia.weights[0](3, 0) - 0.4545745849609375) < 1e-7);
    QVERIFY(std::abs(ia.weights[0](0, 0) - 0.5) < 1e-7);
    QVERIFY(std::abs(ia.weights[1](1, 0) - 0.5 * (1 - 1.0 / 64)) < 1e-7);
    double worst = 0;
    for (int h = 0; h < H; ++h) {
      const double gamma = 1.0 - std::pow(2.0, -5.0 - h);
      const Mat& w = ia.weights[h];
      for (Eigen::Index t = 0; t < T; ++t) {
        for (Eigen::Index s = 0; s < T; ++s) {
          const double expected = s <= t ? 0.5 * std::pow(gamma, double(t - s)) : 0.0;
          worst = std::max(worst, std::abs(double(w(t, s)) - expected) / 0.5);
        }
        // One more position back multiplies by exactly gamma.
        for (Eigen::Index s = 1; s <= t; ++s)
          QVERIFY(std::abs(double(w(t, s - 1)) / double(w(t, s)) - gamma) < 1e-6);
      }
    }
    qInfo("retnet decay: max |w(t,s) - 0.5 gamma^(t-s)| / 0.5 = %.3g", worst);
    QVERIFY(worst < 1e-6);
  }

  // 5000 tokens (79 chunks, the last one partial) through the chunked form: equal to the
  // recurrent form at the last rows and to the naive double loop.
  void longSequenceChunked() {
    Retention m(RetNetConfig{32, 4, 12, 6, 10000.0, 1e-5f});  // slowest decay 1 - 2^-8
    init(m, 31);
    const Eigen::Index T = 5000;
    const Mat x = randomSequence(T, 32, 32);
    auto fs = m.newState();
    const Mat par = m.forward(x, fs.get());
    auto st = m.newState();
    const Mat rec = runRecurrent(m, x, *st);
    const double errLast = relativeError(par.bottomRows(100), rec.bottomRows(100));
    const double errAll = relativeError(par, rec);
    const double errNaive = relErrD(par.bottomRows(100), naiveForward(m, x).bottomRows(100));
    qInfo("T=5000: last rows parallel vs recurrent %.3g (all rows %.3g), vs naive double %.3g",
          errLast, errAll, errNaive);
    QVERIFY(errLast < 1e-5);
    QVERIFY(errAll < 1e-5);
    QVERIFY(errNaive < 1e-5);
    QCOMPARE(fs->position, std::int64_t(T));
  }

  // 65,536 tokens: a T x T float matrix would be 16 GiB, so this only runs because the
  // parallel form is chunked; the final state continues decoding like the recurrent one.
  void veryLongSequenceRunsInLinearMemory() {
    Retention m(RetNetConfig{32, 2, 16, 16, 10000.0, 1e-5f});
    init(m, 41);
    const Eigen::Index T = 65536;
    const Mat x = randomSequence(T, 32, 42);
    const auto t0 = std::chrono::steady_clock::now();
    auto fs = m.newState();
    const Mat y = m.forward(x, fs.get());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    qInfo("T=65536 chunked forward: %.3f s", secs);
    QVERIFY(y.allFinite());
    QCOMPARE(fs->position, std::int64_t(T));
    // Decay forgets everything older than a few hundred tokens, so the recurrent form over
    // the last 2048 tokens, started from zero, has the same state up to gamma^2048.
    auto st = m.newState();
    st->position = T - 2048;
    runRecurrent(m, x.bottomRows(2048), *st);
    const auto a = fs->slices(), b = st->slices();
    double err = 0;
    for (std::size_t i = 0; i < a.size(); ++i) err = std::max(err, relativeError(a[i].values, b[i].values));
    qInfo("T=65536: final state vs recurrent over the last 2048 tokens %.3g", err);
    QVERIFY(err < 1e-5);
  }

  void costModel() {
    Retention m(RetNetConfig{64, 4, 16, 32, 10000.0, 1e-5f});
    const MixerCost c1 = m.cost(1000), c2 = m.cost(2000);
    QCOMPARE(c1.stateBytes, std::size_t(4 * 16 * 32 * sizeof(Real)));
    QCOMPARE(c1.stateBytes, c2.stateBytes);
    QCOMPARE(c1.decodeFlops, c2.decodeFlops);
    const MixerCost a = m.cost(64 * 10), b = m.cost(64 * 20);
    QVERIFY(std::abs(b.prefillFlops - 2 * a.prefillFlops) < 1e-9 * b.prefillFlops);
    QVERIFY(a.prefillFlops > 2.0 * 640 * 64 * (2 * 4 * 16 + 3 * 4 * 32));
  }
};

QTEST_APPLESS_MAIN(TestRetention)
#include "test_retention.moc"
