#include "core/sample/diffusion_sampler.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "core/cost/model_cost.h"
#include "core/sample/token_choice.h"

namespace seqscope {

std::vector<int> DiffusionSampler::schedule(int masked, int steps) {
  std::vector<int> counts(std::size_t(steps), masked / steps);
  for (int i = 0; i < masked % steps; ++i) ++counts[std::size_t(i)];
  return counts;
}

GenerationTrace DiffusionSampler::run(const LanguageModel& model, const Vocabulary& vocabulary,
                                      const std::vector<int>& prompt, const SamplerOptions& o,
                                      const GenerationProgress& progress) {
  using Clock = std::chrono::steady_clock;
  const ModelConfig& c = model.config();
  const int P = int(prompt.size()), L = o.generationLength, T = P + L, B = o.blockLength;
  const int maskId = c.maskTokenId;
  // A step is one full bidirectional forward over all T positions (no cache can be reused:
  // every committed token changes every other position's attention). CostModel::of takes a
  // non-const model only because it counts parameters; it changes nothing.
  const double flopsPerStep =
      CostModel::of(const_cast<LanguageModel&>(model), T).prefillFlops;

  GenerationTrace trace;
  trace.sampler = "diffusion";
  trace.modelName = model.name;
  trace.task = c.task;
  trace.promptLength = P;
  trace.generationLength = L;
  trace.blockLength = B;
  trace.maskId = maskId;
  for (int v = 0; v < c.vocabSize; ++v) trace.vocabulary.push_back(vocabulary.label(v));

  GenerationFrame frame;
  frame.tokens = prompt;
  frame.tokens.resize(std::size_t(T), maskId);
  frame.masked.assign(std::size_t(T), 0);
  std::fill(frame.masked.begin() + P, frame.masked.end(), std::uint8_t(1));
  frame.confidence.assign(std::size_t(T), 0.0f);
  std::fill(frame.confidence.begin(), frame.confidence.begin() + P, 1.0f);  // given, not guessed
  frame.meter.position = T;
  trace.frames.push_back(frame);
  if (progress && !progress(trace)) {
    trace.cancelled = true;
    return trace;
  }

  Rng rng(o.seed);
  const int blocks = L / B, stepsPerBlock = o.steps / blocks;
  const std::vector<int> counts = schedule(B, stepsPerBlock);
  std::vector<int> choice(static_cast<std::size_t>(T));
  std::vector<float> probability(static_cast<std::size_t>(T));
  std::vector<double> rank(static_cast<std::size_t>(T));
  int step = 0;
  double flops = 0;
  for (int b = 0; b < blocks; ++b) {
    const int lo = P + b * B, hi = lo + B;
    for (int s = 0; s < stepsPerBlock; ++s) {
      const auto t0 = Clock::now();
      const Mat logits = model.forward(frame.tokens);
      // Every masked slot gets a proposal (slots of later blocks too, so the views can show
      // the model's current guess there); only the current block's slots can be committed.
      for (int i = P; i < T; ++i) {
        if (!frame.masked[std::size_t(i)]) continue;
        const TokenChoice tc = chooseToken(logits.row(i).data(), logits.cols(), o.temperature, rng, maskId);
        choice[std::size_t(i)] = tc.token;
        probability[std::size_t(i)] = tc.probability;
        frame.confidence[std::size_t(i)] = tc.probability;
      }
      std::vector<int> candidates;
      for (int i = lo; i < hi; ++i)
        if (frame.masked[std::size_t(i)]) {
          candidates.push_back(i);
          rank[std::size_t(i)] = o.remasking == "random" ? rng.uniform() : double(probability[std::size_t(i)]);
        }
      // Highest rank first; ties go to the earlier position so the order is deterministic.
      std::stable_sort(candidates.begin(), candidates.end(),
                       [&](int a, int z) { return rank[std::size_t(a)] > rank[std::size_t(z)]; });
      const int k = std::min(counts[std::size_t(s)], int(candidates.size()));
      frame.committed.assign(candidates.begin(), candidates.begin() + k);
      std::sort(frame.committed.begin(), frame.committed.end());
      for (int i : frame.committed) {
        frame.tokens[std::size_t(i)] = choice[std::size_t(i)];
        frame.masked[std::size_t(i)] = 0;
      }
      flops += flopsPerStep;
      frame.step = ++step;
      frame.nfe = step;
      frame.meter.tokensThisStep = k;
      frame.meter.liveBytes = 0;  // nothing is kept between steps: no cache
      frame.meter.cumulativeFlops = flops;
      frame.meter.stepSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
      trace.frames.push_back(frame);
      if (progress && !progress(trace)) {
        trace.cancelled = true;
        return trace;
      }
    }
  }
  return trace;
}

}  // namespace seqscope
