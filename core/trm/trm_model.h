#pragma once
// A Tiny Recursive Model (TRM; reference: SamsungSAILMontreal/TinyRecursiveModels,
// models/recursive_reasoning/trm.py). Input embedding x (cells x D), answer state y and
// latent z (both cells x D, starting from fixed random vectors y_init, z_init). One cycle:
//   n times  z = f(x + y + z);  then once  y = f(y + z)
// A supervision step runs T cycles: T - 1 without gradient, then the gradient cycle, whose
// forward keeps the activations of its n + 1 evaluations of f and back-propagates through
// them only (y and z enter it as constants: the earlier cycles and supervision steps are
// "detached"). The output head reads y; the halting head reads the mean of y over cells and
// is trained with binary cross-entropy against "the whole answer is right".
#include <string>
#include <vector>

#include "core/parameters.h"
#include "core/gradients.h"
#include "core/trm/trm_config.h"
#include "core/trm/trm_network.h"
#include "core/util/rng.h"

namespace seqscope {

class TrmModel {
 public:
  struct State {
    Mat y, z;  // cells x D each
  };
  // What one gradient cycle measured on its example.
  struct CycleResult {
    double crossEntropy = 0;  // mean over scored cells
    double haltLoss = 0;      // binary cross-entropy of the halting head
    double haltLogit = 0;
    int scored = 0, correct = 0;
    bool exact() const { return correct == scored; }
  };

  explicit TrmModel(TrmConfig config);
  TrmModel(const TrmModel& other) = default;
  // Copies the weights of a model of the same config.
  TrmModel& operator=(const TrmModel& other);

  const TrmConfig& config() const { return c_; }
  void setNote(const std::string& note) { c_.note = note; }
  std::string name;  // the checkpoint folder's name, for display

  // Every weight, in a fixed order (checkpoint names: "embed_tokens.weight",
  // "embed_positions.weight", "y_init", "z_init", "net.layers.L....", "lm_head.weight",
  // "q_head.weight", "q_head.bias"). Pointers stay valid for the model's lifetime.
  ParameterList parameters();
  // Random initialisation (LeCun-normal for matrices, as the reference) from rng.
  void initialize(Rng& rng);

  // x = sqrt(D/2) * (E[input] + P[cell]).
  Mat embed(const std::vector<int>& inputs) const;
  State initialState() const;
  // One cycle without gradient.
  void cycle(const Mat& x, State& s) const;
  Mat logits(const Mat& y) const;  // cells x numClasses
  double haltLogit(const Mat& y) const;

  // The gradient cycle on one example: forward from s (updated in place to the new, detached
  // state), losses, and backward. Gradients of ceScale * CE + haltScale * BCE accumulate
  // into grads (haltScale 0: no halting loss).
  CycleResult gradientCycle(const std::vector<int>& inputs, const std::vector<int>& targets,
                            State& s, double ceScale, double haltScale, Gradients& grads) const;
  // The loss gradientCycle() differentiates, without the backward pass (finite differences).
  double cycleLoss(const std::vector<int>& inputs, const std::vector<int>& targets, const State& s,
                   double ceScale, double haltScale) const;

  // Analytic FLOPs: one evaluation of f, and decoding y (output and halting heads).
  double networkFlops() const { return net_.flops(); }
  double decodeFlops() const;

 private:
  void collect(ParameterList& out);

  TrmConfig c_;
  Mat embedTokens_, embedPositions_, yInit_, zInit_, lmHead_, qWeight_, qBias_;
  TrmNetwork net_;
};

}  // namespace seqscope
