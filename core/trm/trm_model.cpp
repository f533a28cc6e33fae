#include "core/trm/trm_model.h"

#include <cmath>

#include "core/mixers/ops.h"
#include "core/mixers/ops_grad.h"
#include "core/train/loss.h"

namespace seqscope {

TrmModel::TrmModel(TrmConfig config) : c_(std::move(config)), net_(c_) {
  c_.validate("TRM config");
  ParameterList sizes;
  collect(sizes);  // allocates every Mat at its shape
  qBias_.setConstant(Real(-5));
}

TrmModel& TrmModel::operator=(const TrmModel& o) {
  // Only between models of one config (the trainer's EMA copy): values, not structure.
  if (this == &o) return *this;
  name = o.name;
  ParameterList mine = parameters(), theirs = const_cast<TrmModel&>(o).parameters();
  for (std::size_t i = 0; i < mine.size() && i < theirs.size(); ++i)
    *mine[i].value = *theirs[i].value;
  return *this;
}

void TrmModel::collect(ParameterList& out) {
  const int D = c_.hiddenSize;
  const Real embStd = Real(1.0 / std::sqrt(double(D)));
  addParameter(out, "embed_tokens.weight", embedTokens_, c_.inputVocab, D, {}, embStd);
  addParameter(out, "embed_positions.weight", embedPositions_, c_.cells, D, {}, embStd);
  // Fixed start states (never receive a gradient: every cycle starts from detached y, z).
  addParameter(out, "y_init", yInit_, 1, D, {}, Real(1));
  addParameter(out, "z_init", zInit_, 1, D, {}, Real(1));
  net_.collectParameters("net.", out);
  addParameter(out, "lm_head.weight", lmHead_, c_.numClasses, D, {}, embStd);
  addParameter(out, "q_head.weight", qWeight_, 1, D, {}, 0.0f, 0.0f);
  // The reference starts the halting head at -5 so that early training never halts.
  addParameter(out, "q_head.bias", qBias_, 1, 1, {1}, 0.0f, -5.0f);
}

ParameterList TrmModel::parameters() {
  ParameterList out;
  collect(out);
  return out;
}

void TrmModel::initialize(Rng& rng) {
  ParameterList params = parameters();
  for (Parameter& p : params) {
    if (p.name.rfind("net.", 0) != 0) continue;
    p.initStd = Real(1.0 / std::sqrt(double(p.value->cols())));
    // Output projections start small, so that each block (and so f) starts close to the
    // identity followed by a norm: x then survives the n + 1 evaluations of the gradient
    // cycle, which otherwise scramble it and stall training (measured: 4x4 Sudoku stuck at
    // chance with n = 2 while n = 1 learned).
    if (p.name.find("down_proj") != std::string::npos || p.name.find("o_proj") != std::string::npos)
      p.initStd = Real(0.02);
  }
  initParameters(params, rng);
}

Mat TrmModel::embed(const std::vector<int>& inputs) const {
  Mat x(c_.cells, c_.hiddenSize);
  for (int i = 0; i < c_.cells; ++i)
    x.row(i) = embedTokens_.row(inputs[std::size_t(i)]) + embedPositions_.row(i);
  return x * Real(std::sqrt(c_.hiddenSize / 2.0));
}

TrmModel::State TrmModel::initialState() const {
  return {yInit_.replicate(c_.cells, 1), zInit_.replicate(c_.cells, 1)};
}

void TrmModel::cycle(const Mat& x, State& s) const {
  for (int i = 0; i < c_.latentSteps; ++i) s.z = net_.forward(s.z + s.y + x);
  s.y = net_.forward(s.y + s.z);
}

Mat TrmModel::logits(const Mat& y) const {
  return ops::linear(y, lmHead_);
}

double TrmModel::haltLogit(const Mat& y) const {
  const Row mean = y.colwise().mean();
  return double(mean.dot(qWeight_.row(0))) + double(qBias_(0, 0));
}

double TrmModel::decodeFlops() const {
  return 2.0 * c_.cells * c_.hiddenSize * c_.numClasses + 2.0 * c_.hiddenSize;
}

namespace {

// BCE with logits against target t in {0, 1}, and its derivative in the logit.
double bce(double logit, double t, double* dlogit) {
  const double p = 1.0 / (1.0 + std::exp(-logit));
  if (dlogit) *dlogit = p - t;
  return std::max(logit, 0.0) - logit * t + std::log1p(std::exp(-std::abs(logit)));
}

}  // namespace

double TrmModel::cycleLoss(const std::vector<int>& inputs, const std::vector<int>& targets,
                           const State& s0, double ceScale, double haltScale) const {
  State s = s0;
  cycle(embed(inputs), s);
  const LossResult ce = crossEntropy(logits(s.y), targets);
  const double perCell = ce.scored ? ce.loss / ce.scored : 0;
  return ceScale * perCell + haltScale * bce(haltLogit(s.y), ce.exact() ? 1 : 0, nullptr);
}

TrmModel::CycleResult TrmModel::gradientCycle(const std::vector<int>& inputs,
                                              const std::vector<int>& targets, State& s,
                                              double ceScale, double haltScale,
                                              Gradients& grads) const {
  const int n = c_.latentSteps;
  const Mat x = embed(inputs);
  std::vector<TrmNetwork::Cache> caches(std::size_t(n + 1));
  const Mat y0 = s.y;
  Mat z = s.z;
  for (int i = 0; i < n; ++i) z = net_.forward(z + y0 + x, &caches[std::size_t(i)]);
  const Mat y = net_.forward(y0 + z, &caches[std::size_t(n)]);

  CycleResult r;
  const Mat out = logits(y);
  int scored = 0;
  for (int t : targets) scored += t >= 0;
  Mat dlogits;
  const LossResult ce = crossEntropy(out, targets, &dlogits, scored ? ceScale / scored : 0.0);
  r.scored = ce.scored;
  r.correct = ce.correct;
  r.crossEntropy = ce.scored ? ce.loss / ce.scored : 0;
  r.haltLogit = haltLogit(y);
  double dq = 0;
  r.haltLoss = bce(r.haltLogit, ce.exact() ? 1 : 0, &dq);
  dq *= haltScale;

  // Backward: heads -> y -> f(y0 + z_n) -> z_n -> ... -> z_1 -> x (and into every f).
  Mat dy = ops::linearBackward(y, lmHead_, nullptr, dlogits, grads);
  if (dq != 0) {
    const Row mean = y.colwise().mean();
    grads.of(qWeight_).row(0) += Real(dq) * mean;
    grads.of(qBias_)(0, 0) += Real(dq);
    dy.rowwise() += Real(dq / c_.cells) * qWeight_.row(0);
  }
  Mat dz = net_.backward(caches[std::size_t(n)], dy, grads);
  Mat dx = Mat::Zero(x.rows(), x.cols());
  for (int i = n - 1; i >= 0; --i) {
    const Mat din = net_.backward(caches[std::size_t(i)], dz, grads);
    dx += din;
    dz = din;
  }
  dx *= Real(std::sqrt(c_.hiddenSize / 2.0));
  Mat& gTok = grads.of(embedTokens_);
  for (int i = 0; i < c_.cells; ++i) gTok.row(inputs[std::size_t(i)]) += dx.row(i);
  grads.of(embedPositions_) += dx;

  s.y = y;
  s.z = z;
  return r;
}

}  // namespace seqscope
