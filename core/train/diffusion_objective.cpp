#include "core/train/diffusion_objective.h"

#include "core/error.h"

namespace seqscope {

int answerStart(const Example& example) {
  for (std::size_t t = 0; t < example.targets.size(); ++t)
    if (example.targets[t] >= 0) return int(t) + 1;
  throw Error("the example scores no token, so it has no answer to generate");
}

DiffusionObjective::DiffusionObjective(const Task& task) : sequenceLength_(task.maxLength()) {
  const Vocabulary base = task.vocabulary();
  std::vector<std::string> tokens;
  padId_ = -1;
  for (int i = 0; i < base.size(); ++i) {
    tokens.push_back(base.label(i));
    if (tokens.back() == "_") padId_ = i;
  }
  if (padId_ < 0) {
    padId_ = int(tokens.size());
    tokens.push_back("_");
  }
  maskId_ = int(tokens.size());
  tokens.push_back("[M]");
  vocabSize_ = int(tokens.size());
  vocabulary_ = Vocabulary(std::move(tokens));
}

DiffusionObjective::Clean DiffusionObjective::clean(const Example& example) const {
  Clean c;
  c.promptLength = answerStart(example);
  c.tokens = example.tokens;
  if (int(c.tokens.size()) > sequenceLength_)
    throw Error("an example of " + std::to_string(c.tokens.size()) +
                " tokens is longer than the task's maximum " + std::to_string(sequenceLength_));
  c.tokens.resize(std::size_t(sequenceLength_), padId_);
  return c;
}

DiffusionObjective::Noised DiffusionObjective::noise(const std::vector<int>& clean,
                                                     int promptLength, int maskId, Rng& rng) {
  const double t = rng.uniform();
  return noiseAt(clean, promptLength, maskId, t, rng);
}

DiffusionObjective::Noised DiffusionObjective::noiseAt(const std::vector<int>& clean,
                                                       int promptLength, int maskId, double t,
                                                       Rng& rng) {
  if (promptLength < 0 || promptLength >= int(clean.size()))
    throw Error("diffusion noising: prompt length " + std::to_string(promptLength) +
                " leaves no answer in a sequence of " + std::to_string(clean.size()));
  Noised n;
  n.p = (1.0 - kEpsilon) * t + kEpsilon;
  n.tokens = clean;
  n.targets.assign(clean.size(), -1);
  n.weights.assign(clean.size(), 0.0);
  n.answerLength = int(clean.size()) - promptLength;
  for (std::size_t i = std::size_t(promptLength); i < clean.size(); ++i) {
    if (rng.uniform() >= n.p) continue;
    n.tokens[i] = maskId;
    n.targets[i] = clean[i];
    n.weights[i] = 1.0 / n.p;
  }
  return n;
}

}  // namespace seqscope
