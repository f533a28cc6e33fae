// Linear attention (elu+1 feature map): the generic mixer checks, the chunked parallel form
// against a double-precision token loop written here from Katharopoulos et al. 2020, the
// normaliser of the implicit attention, and long sequences through the chunked form.
#include <QtTest>

#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/mixers/linear_attention/linear_attention.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

const Mat& param(const ParameterList& params, const std::string& name) {
  for (const auto& p : params)
    if (p.name == name) return *p.value;
  throw Error("test: no parameter " + name);
}

double phiD(double v) { return v > 0 ? v + 1.0 : std::exp(v); }

// The published recurrence, token by token in double:
// S += phi(k) v^T, z += phi(k), o = phi(q)^T S / (phi(q) . z + eps), then o_proj.
MatD naiveForward(LinearAttention& m, const Mat& x) {
  ParameterList params;
  m.collectParameters("", params);
  const MatD wq = param(params, "q_proj.weight").cast<double>();
  const MatD wk = param(params, "k_proj.weight").cast<double>();
  const MatD wv = param(params, "v_proj.weight").cast<double>();
  const MatD wo = param(params, "o_proj.weight").cast<double>();
  const auto& c = m.config();
  const int H = c.numHeads, dk = c.headKDim, dv = c.headVDim;
  const MatD xd = x.cast<double>();
  const MatD q = (xd * wq.transpose()).unaryExpr(&phiD);
  const MatD k = (xd * wk.transpose()).unaryExpr(&phiD);
  const MatD v = xd * wv.transpose();
  MatD o = MatD::Zero(x.rows(), H * dv);
  for (int h = 0; h < H; ++h) {
    MatD S = MatD::Zero(dk, dv);
    std::vector<double> z(dk, 0.0);
    for (Eigen::Index t = 0; t < x.rows(); ++t) {
      for (int i = 0; i < dk; ++i) {
        z[i] += k(t, h * dk + i);
        for (int j = 0; j < dv; ++j) S(i, j) += k(t, h * dk + i) * v(t, h * dv + j);
      }
      double den = c.eps;
      for (int i = 0; i < dk; ++i) den += q(t, h * dk + i) * z[i];
      for (int j = 0; j < dv; ++j) {
        double num = 0;
        for (int i = 0; i < dk; ++i) num += q(t, h * dk + i) * S(i, j);
        o(t, h * dv + j) = num / den;
      }
    }
  }
  return o * wo.transpose();
}

double relErrD(const Mat& a, const MatD& ref) {
  const double scale = std::max(1.0, ref.cwiseAbs().maxCoeff());
  return (a.cast<double>() - ref).cwiseAbs().maxCoeff() / scale;
}

std::vector<LinearAttentionConfig> configs() {
  // hiddenSize, numHeads, headKDim, headVDim, eps
  return {{16, 1, 8, 8, 1e-6f}, {24, 2, 8, 12, 1e-6f}, {32, 3, 12, 6, 1e-6f},
          {40, 4, 6, 10, 1e-6f}};
}

const std::vector<Eigen::Index> kLengths{1, 5, 64, 65, 130, 200};

}  // namespace

class TestLinearAttention : public QObject {
  Q_OBJECT

 private slots:
  void parametersHaveFlaNames() {
    LinearAttention m(LinearAttentionConfig{24, 2, 8, 12, 1e-6f});
    ParameterList params;
    m.collectParameters("model.layers.0.attn.", params);
    QCOMPARE(int(params.size()), 4);
    QCOMPARE(params[0].name, std::string("model.layers.0.attn.q_proj.weight"));
    QCOMPARE(params[0].shape, (Shape{16, 24}));
    QCOMPARE(params[1].name, std::string("model.layers.0.attn.k_proj.weight"));
    QCOMPARE(params[2].name, std::string("model.layers.0.attn.v_proj.weight"));
    QCOMPARE(params[2].shape, (Shape{24, 24}));
    QCOMPARE(params[3].name, std::string("model.layers.0.attn.o_proj.weight"));
    QCOMPARE(params[3].shape, (Shape{24, 24}));
    QCOMPARE(m.kind(), std::string("linear_attention"));
  }

  void rejectsBadInput() {
    bool thrown = false;
    try {
      LinearAttention bad(LinearAttentionConfig{16, 0, 8, 8, 1e-6f});
    } catch (const Error&) {
      thrown = true;
    }
    QVERIFY(thrown);
    LinearAttention m(LinearAttentionConfig{16, 2, 8, 8, 1e-6f});
    thrown = false;
    try {
      m.forward(Mat::Zero(3, 15));
    } catch (const Error& e) {
      thrown = std::string(e.what()).find("hidden_size") != std::string::npos;
    }
    QVERIFY(thrown);
  }

  void genericChecks() {
    std::uint64_t seed = 10;
    double worst = 0;
    for (const auto& c : configs()) {
      LinearAttention m(c);
      initMixer(m, seed++, 10.0);  // std 0.2: scores of order one
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
    qInfo("linear attention: parallel vs recurrent, max rel error %.3g", worst);
  }

  void chunkedMatchesNaiveDouble() {
    std::uint64_t seed = 100;
    double worst = 0;
    for (const auto& c : configs()) {
      LinearAttention m(c);
      initMixer(m, seed++, 10.0);
      for (Eigen::Index T : kLengths) {
        const Mat x = randomSequence(T, c.hiddenSize, seed++);
        const double err = relErrD(m.forward(x), naiveForward(m, x));
        worst = std::max(worst, err);
        QVERIFY2(err < 1e-5, qPrintable(QString("H=%1 T=%2: chunked vs naive double %3")
                                            .arg(c.numHeads).arg(T).arg(err)));
      }
    }
    qInfo("linear attention: chunked forward vs naive double, max rel error %.3g", worst);
  }

  void finalStateEqualsRecurrentState() {
    LinearAttention m(LinearAttentionConfig{24, 2, 8, 12, 1e-6f});
    initMixer(m, 7, 10.0);
    const Mat x = randomSequence(130, 24, 8);
    auto a = m.newState();
    m.forward(x, a.get());
    auto b = m.newState();
    runRecurrent(m, x, *b);
    const auto sa = a->slices(), sb = b->slices();
    QCOMPARE(sa.size(), std::size_t(4));  // S and z for each of 2 heads
    QCOMPARE(sa[1].name, std::string("z head 0"));
    QCOMPARE(sa[1].values.rows(), Eigen::Index(1));
    QCOMPARE(sa[1].values.cols(), Eigen::Index(8));
    QCOMPARE(sa[0].values.rows(), Eigen::Index(8));
    QCOMPARE(sa[0].values.cols(), Eigen::Index(12));
    for (std::size_t i = 0; i < sa.size(); ++i) {
      QCOMPARE(sa[i].name, sb[i].name);
      QVERIFY(relativeError(sa[i].values, sb[i].values) < 1e-5);
    }
    QCOMPARE(a->bytes(), std::size_t(2 * (8 * 12 + 8) * sizeof(Real)));
  }

  // Row t of the implicit attention sums to (phi(q_t).z_t) / (phi(q_t).z_t + eps): the
  // normaliser makes it a weighted average, up to eps. A large eps makes the eps effect
  // visible, a small one gives sums of (almost) exactly 1.
  void normaliserRowSums() {
    for (float eps : {1e-6f, 0.5f}) {
      LinearAttention m(LinearAttentionConfig{16, 2, 8, 8, eps});
      initMixer(m, 21, 10.0);
      ParameterList params;
      m.collectParameters("", params);
      const MatD wq = param(params, "q_proj.weight").cast<double>();
      const MatD wk = param(params, "k_proj.weight").cast<double>();
      const Eigen::Index T = 70;
      const Mat x = randomSequence(T, 16, 22);
      const MatD q = (x.cast<double>() * wq.transpose()).unaryExpr(&phiD);
      const MatD k = (x.cast<double>() * wk.transpose()).unaryExpr(&phiD);
      const ImplicitAttention ia = m.implicitAttention(x);
      double worst = 0, minSum = 1;
      for (int h = 0; h < 2; ++h) {
        const Mat& w = ia.weights[h];
        Eigen::RowVectorXd z = Eigen::RowVectorXd::Zero(8);
        for (Eigen::Index t = 0; t < T; ++t) {
          z += k.row(t).segment(h * 8, 8);
          const double qz = q.row(t).segment(h * 8, 8).dot(z);
          const double expected = qz / (qz + double(eps));
          const double sum = w.row(t).cast<double>().sum();
          worst = std::max(worst, std::abs(sum - expected));
          minSum = std::min(minSum, sum);
          for (Eigen::Index s = t + 1; s < T; ++s) QCOMPARE(w(t, s), Real(0));
          for (Eigen::Index s = 0; s <= t; ++s) QVERIFY(w(t, s) > 0);
        }
      }
      QVERIFY2(worst < 1e-5, qPrintable(QString("row sums off by %1").arg(worst)));
      if (eps > 0.1f) QVERIFY(minSum < 0.99);  // the eps effect is really there
      else QVERIFY(minSum > 1 - 1e-5);
      qInfo("eps %g: max |row sum - qz/(qz+eps)| %.3g, min row sum %.6f", double(eps), worst,
            minSum);
    }
  }

  // 5000 tokens (79 chunks, the last one partial) through the chunked form: equal to the
  // recurrent form at the last rows and to the naive double loop.
  void longSequenceChunked() {
    LinearAttention m(LinearAttentionConfig{32, 3, 12, 6, 1e-6f});
    initMixer(m, 31, 10.0);
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
  // parallel form is chunked. It must also be fast (linear in T).
  void veryLongSequenceRunsInLinearMemory() {
    LinearAttention m(LinearAttentionConfig{32, 2, 16, 16, 1e-6f});
    initMixer(m, 41, 10.0);
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
    // The carried state equals the plain sum over all tokens, computed here in double.
    ParameterList params;
    m.collectParameters("", params);
    const MatD k = (x.cast<double>() * param(params, "k_proj.weight").cast<double>().transpose())
                       .unaryExpr(&phiD);
    const Eigen::RowVectorXd z0 = k.leftCols(16).colwise().sum();
    const auto slices = fs->slices();
    const Mat& zState = slices[1].values;
    const double zErr = (zState.cast<double>() - z0).cwiseAbs().maxCoeff() / z0.cwiseAbs().maxCoeff();
    qInfo("T=65536: z relative error %.3g", zErr);
    QVERIFY(zErr < 1e-5);
  }

  void costModel() {
    LinearAttention m(LinearAttentionConfig{64, 4, 16, 16, 1e-6f});
    const MixerCost c1 = m.cost(1000), c2 = m.cost(2000);
    QCOMPARE(c1.stateBytes, std::size_t(4 * (16 * 16 + 16) * sizeof(Real)));
    QCOMPARE(c1.stateBytes, c2.stateBytes);  // O(1) state
    QCOMPARE(c1.decodeFlops, c2.decodeFlops);  // O(1) per token
    // Chunked prefill is linear in T for T a multiple of the chunk.
    const MixerCost a = m.cost(64 * 10), b = m.cost(64 * 20);
    QVERIFY(std::abs(b.prefillFlops - 2 * a.prefillFlops) < 1e-9 * b.prefillFlops);
    // At least the projections: 2 FLOPs x T x D x (2 H dk + H dv in, H dv out).
    QVERIFY(a.prefillFlops > 2.0 * 640 * 64 * (2 * 4 * 16 + 2 * 4 * 16));
  }
};

QTEST_APPLESS_MAIN(TestLinearAttention)
#include "test_linear_attention.moc"
