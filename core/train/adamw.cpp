#include "core/train/adamw.h"

#include <cmath>

#include "core/error.h"
#include "core/io/safetensors.h"

namespace seqscope {

void AdamW::step(const ParameterList& params, const Gradients& grads, double lr) {
  ++t_;
  const double c1 = 1.0 - std::pow(o_.beta1, double(t_));
  const double c2 = 1.0 - std::pow(o_.beta2, double(t_));
  for (const Parameter& p : params) {
    const Mat* g = grads.find(*p.value);
    if (!g) continue;
    auto it = moments_.find(p.name);
    if (it == moments_.end())
      it = moments_.emplace(p.name, std::make_pair(Mat(Mat::Zero(g->rows(), g->cols())),
                                                   Mat(Mat::Zero(g->rows(), g->cols())))).first;
    Mat& m = it->second.first;
    Mat& v = it->second.second;
    m = Real(o_.beta1) * m + Real(1 - o_.beta1) * *g;
    v = Real(o_.beta2) * v + Real(1 - o_.beta2) * g->cwiseAbs2();
    const bool decay = p.shape.size() >= 2 && p.initStd > 0;  // weight matrices only
    Mat& w = *p.value;
    if (decay) w *= Real(1.0 - lr * o_.weightDecay);
    w.array() -= Real(lr) * (m.array() / Real(c1)) / ((v.array() / Real(c2)).sqrt() + Real(o_.eps));
  }
}

void AdamW::save(const std::string& path, const ParameterList& params) const {
  TensorMap tensors;
  for (const Parameter& p : params) {
    auto it = moments_.find(p.name);
    if (it == moments_.end()) continue;
    for (int k = 0; k < 2; ++k) {
      const Mat& m = k ? it->second.second : it->second.first;
      TensorData t;
      t.shape = {m.rows(), m.cols()};
      t.values.assign(m.data(), m.data() + m.size());
      tensors[(k ? "v." : "m.") + p.name] = std::move(t);
    }
  }
  TensorData step;
  step.shape = {1};
  step.values = {Real(t_)};
  tensors["step"] = step;
  Safetensors::write(path, tensors, DType::F32);
}

void AdamW::load(const std::string& path, const ParameterList& params) {
  const TensorMap tensors = Safetensors::read(path);
  auto st = tensors.find("step");
  if (st == tensors.end()) throw Error(path + ": not an optimiser state (no 'step')");
  t_ = std::int64_t(st->second.values.at(0));
  moments_.clear();
  for (const Parameter& p : params) {
    auto m = tensors.find("m." + p.name), v = tensors.find("v." + p.name);
    if (m == tensors.end() || v == tensors.end()) continue;
    if (numel(m->second.shape) != p.value->size())
      throw Error(path + ": optimiser moments for '" + p.name + "' do not match the model");
    Mat mm(p.value->rows(), p.value->cols()), vv(p.value->rows(), p.value->cols());
    std::copy(m->second.values.begin(), m->second.values.end(), mm.data());
    std::copy(v->second.values.begin(), v->second.values.end(), vv.data());
    moments_[p.name] = {mm, vv};
  }
}

double warmupCosine(std::int64_t step, std::int64_t totalSteps, std::int64_t warmupSteps,
                    double peak, double minRatio) {
  if (warmupSteps > 0 && step < warmupSteps) return peak * double(step + 1) / double(warmupSteps);
  const double span = double(std::max<std::int64_t>(1, totalSteps - warmupSteps));
  const double progress = std::min(1.0, double(step - warmupSteps) / span);
  return peak * (minRatio + (1 - minRatio) * 0.5 * (1 + std::cos(3.141592653589793 * progress)));
}

}  // namespace seqscope
