// Gradients of the shared ops against central finite differences, in double.
#include <QtTest>

#include "core/mixers/ops_grad.h"
#include "grad_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

class TestOpsGrad : public QObject {
  Q_OBJECT

 private slots:
  void linear() {
    Mat w = randomLike(5, 4, 1), b = randomLike(1, 5, 2);
    ParameterList params;
    addParameter(params, "w", w, 5, 4);
    addParameter(params, "b", b, 1, 5);
    checkGradients([&](const Mat& x) { return ops::linear(x, w, &b); },
                   [&](const Mat& x, const Mat& dy, Gradients& g) { return ops::linearBackward(x, w, &b, dy, g); },
                   randomLike(3, 4, 3), params);
  }

  void rmsNorm() {
    for (int group : {0, 3}) {
      Mat w = randomLike(1, 6, 4);
      ParameterList params;
      addParameter(params, "w", w, 1, 6);
      checkGradients([&](const Mat& x) { return ops::rmsNorm(x, w, 1e-5, group); },
                     [&](const Mat& x, const Mat& dy, Gradients& g) {
                       return ops::rmsNormBackward(x, w, 1e-5, group, dy, g);
                     },
                     randomLike(4, 6, 5), params);
    }
  }

  void gatedRmsNorm() {
    for (bool gateFirst : {false, true}) {
      Mat w = randomLike(1, 6, 6);
      const Mat gate = randomLike(4, 6, 7);
      ParameterList params;
      addParameter(params, "w", w, 1, 6);
      // Input gradient through x; the gate's gradient is checked by treating it as input.
      checkGradients([&](const Mat& x) { return ops::gatedRmsNorm(x, gate, w, 1e-5, 3, gateFirst); },
                     [&](const Mat& x, const Mat& dy, Gradients& g) {
                       Mat dgate;
                       return ops::gatedRmsNormBackward(x, gate, w, 1e-5, 3, gateFirst, dy, g, dgate);
                     },
                     randomLike(4, 6, 8), params);
      const Mat x = randomLike(4, 6, 8);
      checkGradients([&](const Mat& gt) { return ops::gatedRmsNorm(x, gt, w, 1e-5, 3, gateFirst); },
                     [&](const Mat& gt, const Mat& dy, Gradients& g) {
                       Mat dgate;
                       ops::gatedRmsNormBackward(x, gt, w, 1e-5, 3, gateFirst, dy, g, dgate);
                       return dgate;
                     },
                     gate, {});
    }
  }

  void causalConv() {
    Mat w = randomLike(3, 4, 9), b = randomLike(1, 3, 10);
    ParameterList params;
    addParameter(params, "w", w, 3, 4);
    addParameter(params, "b", b, 1, 3);
    checkGradients([&](const Mat& x) { return ops::causalDepthwiseConv(x, w, &b); },
                   [&](const Mat& x, const Mat& dy, Gradients& g) {
                     return ops::causalDepthwiseConvBackward(x, w, &b, dy, g);
                   },
                   randomLike(7, 3, 11), params);
  }

  void rope() {
    checkGradients([&](const Mat& x) {
                     Mat y = x;
                     ops::applyRope(y, 2, 4, 100.0, 3);
                     return y;
                   },
                   [&](const Mat&, const Mat& dy, Gradients&) {
                     Mat dx = dy;
                     ops::applyRopeBackward(dx, 2, 4, 100.0, 3);
                     return dx;
                   },
                   randomLike(5, 8, 12), {});
  }

  void l2Normalize() {
    checkGradients([&](const Mat& x) {
                     Mat y = x;
                     ops::l2NormalizeHeads(y, 2, 3);
                     return y;
                   },
                   [&](const Mat& x, const Mat& dy, Gradients&) {
                     return ops::l2NormalizeHeadsBackward(x, dy, 2, 3);
                   },
                   randomLike(4, 6, 13), {});
  }

  // The checker itself must fail on a wrong gradient (a test that cannot fail is no test).
  void checkerCatchesWrongGradient() {
    Mat w = randomLike(2, 2, 14);
    const Mat x = randomLike(3, 2, 15);
    const Mat y = ops::linear(x, w);
    Gradients g;
    const Mat dx = ops::linearBackward(x, w, nullptr, Mat::Ones(3, 2), g) * 1.001;
    const Mat dxTrue = Mat::Ones(3, 2) * w;
    QVERIFY(gradError(dx(0, 0), dxTrue(0, 0)) > 1e-5);
    QVERIFY(y.size() == 6);
  }
};

QTEST_APPLESS_MAIN(TestOpsGrad)
#include "test_ops_grad.moc"
