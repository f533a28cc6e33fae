// Gradients of every registered mixer (MixerRegistry::entries()) against central finite
// differences, in double precision, at its --arch preset: dL/dx and dL/dW of every parameter,
// at a length that is not a multiple of the chunk size. The per-mixer *_grad tests go further
// (hand-picked weights, edge configurations); this one makes sure a new mixer is never
// registered without a working backward().
#include <QtTest>

#include "core/mixers/mixer_registry.h"
#include "core/util/rng.h"
#include "grad_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

class TestMixerContractGrad : public QObject {
  Q_OBJECT

 private slots:
  void gradientsMatchFiniteDifferences() {
    for (const MixerEntry& e : MixerRegistry::entries()) {
      const MixerSizing sizing{8, 2, 4, true};
      auto m = e.make(*e.preset(sizing));
      ParameterList params;
      m->collectParameters("mixer.", params);
      // Half the usual spread keeps every nonlinearity away from saturation, where central
      // differences lose their accuracy.
      for (auto& p : params) p.initStd = p.initStd > 0 ? Real(p.initStd * 0.5) : p.initStd;
      Rng rng(21);
      initParameters(params, rng);
      const Mat x = randomLike(11, 8, 22, 0.7);
      qInfo("%s: %d parameter tensors", e.kind.c_str(), int(params.size()));
      checkGradients([&](const Mat& in) { return m->forward(in); },
                     [&](const Mat& in, const Mat& dy, Gradients& g) { return m->backward(in, dy, g); }, x,
                     params, 1e-5, 6);
      if (QTest::currentTestFailed()) qWarning("in mixer %s", e.kind.c_str());
    }
  }
};

QTEST_GUILESS_MAIN(TestMixerContractGrad)
#include "test_mixer_contract_grad.moc"
