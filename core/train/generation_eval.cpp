#include "core/train/generation_eval.h"

#include "core/error.h"
#include "core/train/diffusion_objective.h"
#include "core/train/loss.h"

namespace seqscope {
namespace {

struct Scored {
  bool exact = false;
  int correct = 0, answer = 0;
  double loss = 0;  // summed over answer tokens
};

}  // namespace

EvalResult evaluateByGeneration(const LanguageModel& model, const Task& task, int n,
                                std::uint64_t seed, const SamplerOptions& options) {
  const ModelConfig& c = model.config();
  const bool diffusion = c.isDiffusion();
  const DiffusionObjective objective(task);
  const int expected = diffusion ? objective.vocabSize() : task.vocabSize();
  if (c.vocabSize != expected)
    throw Error("the model has " + std::to_string(c.vocabSize) + " tokens but a " +
                (diffusion ? "diffusion" : "causal") + " model of task " + task.name() + " has " +
                std::to_string(expected) + ": this checkpoint was not trained on " + task.name());
  Rng rng(seed + kEvalSeedOffset);
  std::vector<Example> examples;
  for (int i = 0; i < n; ++i) examples.push_back(task.sample(rng));
  // Validate the options once, before the parallel loop (errors must not escape OpenMP).
  {
    const DiffusionObjective::Clean first = objective.clean(examples[0]);
    SamplerOptions o = options;
    o.generationLength = diffusion ? int(first.tokens.size()) - first.promptLength
                                   : int(examples[0].tokens.size()) - first.promptLength;
    resolveSamplerOptions(c, first.promptLength, o);
  }
  const Vocabulary vocabulary;
  std::vector<Scored> scored(static_cast<std::size_t>(n));
  std::vector<std::string> errors(static_cast<std::size_t>(n));
#pragma omp parallel for schedule(dynamic)
  for (int i = 0; i < n; ++i) {
    try {
      const Example& ex = examples[std::size_t(i)];
      Scored& s = scored[std::size_t(i)];
      std::vector<int> reference;
      int promptLength = 0;
      if (diffusion) {
        const DiffusionObjective::Clean cl = objective.clean(ex);
        reference = cl.tokens;
        promptLength = cl.promptLength;
        Rng noiseRng(seed * 0x9E3779B97F4A7C15ull + std::uint64_t(i) + 7);
        const auto noised = DiffusionObjective::noise(reference, promptLength, c.maskTokenId, noiseRng);
        s.loss = crossEntropy(model.forward(noised.tokens), noised.targets, nullptr, 1.0,
                              noised.weights).loss;
      } else {
        reference = ex.tokens;
        promptLength = answerStart(ex);
        s.loss = crossEntropy(model.forward(ex.tokens), ex.targets).loss;
      }
      SamplerOptions o = options;
      o.generationLength = int(reference.size()) - promptLength;
      const std::vector<int> prompt(reference.begin(), reference.begin() + promptLength);
      const std::vector<int> answer = generatedTokens(generate(model, vocabulary, prompt, o));
      s.answer = int(answer.size());
      for (std::size_t k = 0; k < answer.size(); ++k)
        s.correct += answer[k] == reference[std::size_t(promptLength) + k];
      s.exact = s.correct == s.answer;
    } catch (const std::exception& e) {
      errors[std::size_t(i)] = e.what();
    }
  }
  for (const auto& e : errors)
    if (!e.empty()) throw Error(e);
  EvalResult r;
  r.n = n;
  long exact = 0, correct = 0, answer = 0;
  double loss = 0;
  for (const Scored& s : scored) {
    exact += s.exact;
    correct += s.correct;
    answer += s.answer;
    loss += s.loss;
  }
  r.accuracy = double(exact) / n;
  r.tokenAccuracy = answer ? double(correct) / double(answer) : 0;
  r.loss = answer ? loss / double(answer) : 0;
  return r;
}

}  // namespace seqscope
