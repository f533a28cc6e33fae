#pragma once
// AdamW (Loshchilov & Hutter): Adam moments with decoupled weight decay, which is applied
// to matrices only (not to norms, biases or the 1-D SSM parameters, as is customary).
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/parameters.h"
#include "core/gradients.h"

namespace seqscope {

struct AdamWOptions {
  double beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weightDecay = 0.1;
};

class AdamW {
 public:
  explicit AdamW(AdamWOptions o = {}) : o_(o) {}
  // One update at learning rate lr; parameters without a gradient are left alone.
  void step(const ParameterList& params, const Gradients& grads, double lr);
  std::int64_t steps() const { return t_; }

  // Moments keyed by parameter name, for resumable checkpoints.
  void save(const std::string& path, const ParameterList& params) const;
  void load(const std::string& path, const ParameterList& params);

 private:
  AdamWOptions o_;
  std::int64_t t_ = 0;
  std::map<std::string, std::pair<Mat, Mat>> moments_;
};

// Linear warm-up to peak, then cosine decay to minRatio * peak at totalSteps.
double warmupCosine(std::int64_t step, std::int64_t totalSteps, std::int64_t warmupSteps,
                    double peak, double minRatio = 0.1);

}  // namespace seqscope
