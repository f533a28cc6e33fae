#pragma once
// Checks every mixer must pass, shared by the per-mixer test executables:
//  - the parallel form equals the recurrent form token by token;
//  - forward()'s final state continues decoding exactly like the recurrent state;
//  - the implicit attention matrix reproduces the output;
//  - the cost model's state bytes equal the bytes the state really holds.
#include <QtTest>

#include <string>

#include "core/mixers/mixer.h"
#include "core/util/rng.h"

namespace seqscope::testing {

inline Mat randomSequence(Eigen::Index T, Eigen::Index D, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  Mat x(T, D);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = Real(rng.normal() * scale);
  return x;
}

// Largest |a - b| relative to max(1, largest |a|): the 1e-5 "relative" tolerance of docs/ARCHITECTURE.md.
inline double relativeError(const Mat& a, const Mat& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return 1e30;
  const double scale = std::max(1.0, double(a.cwiseAbs().maxCoeff()));
  return double((a - b).cwiseAbs().maxCoeff()) / scale;
}

inline Mat runRecurrent(const Mixer& mixer, const Mat& x, MixerState& state) {
  Mat y(x.rows(), x.cols());
  for (Eigen::Index t = 0; t < x.rows(); ++t) y.row(t) = mixer.step(state, x.row(t));
  return y;
}

// Random weights through the generic parameter path; returns the parameter count.
inline std::size_t initMixer(Mixer& mixer, std::uint64_t seed, double stdScale = 1.0) {
  ParameterList params;
  mixer.collectParameters("mixer.", params);
  for (auto& p : params) p.initStd = p.initStd > 0 ? Real(p.initStd * stdScale) : p.initStd;
  Rng rng(seed);
  initParameters(params, rng);
  return params.size();
}

inline void checkParallelEqualsRecurrent(const Mixer& mixer, Eigen::Index T, std::uint64_t seed,
                                         double tol = 1e-5) {
  const Mat x = randomSequence(T, mixer.dModel(), seed);
  auto finalState = mixer.newState();
  const Mat parallel = mixer.forward(x, finalState.get());
  auto state = mixer.newState();
  const Mat recurrent = runRecurrent(mixer, x, *state);
  const double err = relativeError(parallel, recurrent);
  QVERIFY2(err < tol, qPrintable(QString::fromStdString(mixer.kind()) +
                                 QString(" T=%1: parallel vs recurrent error %2").arg(T).arg(err)));
  QCOMPARE(finalState->position, state->position);
  QCOMPARE(finalState->bytes(), state->bytes());
  // Continue decoding from both states: same next outputs.
  const Mat more = randomSequence(3, mixer.dModel(), seed + 1);
  const Mat a = runRecurrent(mixer, more, *finalState);
  const Mat b = runRecurrent(mixer, more, *state);
  const double errNext = relativeError(a, b);
  QVERIFY2(errNext < tol, qPrintable(QString("state handed over by forward() differs: %1").arg(errNext)));
}

inline void checkImplicitAttention(const Mixer& mixer, Eigen::Index T, std::uint64_t seed,
                                   double tol = 1e-5) {
  const Mat x = randomSequence(T, mixer.dModel(), seed);
  const ImplicitAttention ia = mixer.implicitAttention(x);
  QVERIFY(!ia.weights.empty());
  QCOMPARE(ia.weights.size(), ia.values.size());
  std::vector<Mat> mixed;
  for (std::size_t h = 0; h < ia.weights.size(); ++h) {
    QCOMPARE(ia.weights[h].rows(), T);
    QCOMPARE(ia.weights[h].cols(), T);
    mixed.push_back(ia.weights[h] * ia.values[h]);
  }
  const double err = relativeError(mixer.forward(x), mixer.outputFromMixed(x, mixed));
  QVERIFY2(err < tol, qPrintable(QString("implicit attention does not reproduce the output: %1").arg(err)));
}

inline void checkStateBytes(const Mixer& mixer, Eigen::Index T, std::uint64_t seed) {
  const Mat x = randomSequence(T, mixer.dModel(), seed);
  auto state = mixer.newState();
  runRecurrent(mixer, x, *state);
  QCOMPARE(state->bytes(), mixer.cost(T).stateBytes);
  std::size_t sliceBytes = 0;
  for (const auto& s : state->slices()) sliceBytes += std::size_t(s.values.size()) * sizeof(Real);
  QVERIFY2(sliceBytes > 0, "state has no slices to show");
}

}  // namespace seqscope::testing
