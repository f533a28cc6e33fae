#include "core/sample/ar_sampler.h"

#include <chrono>

#include "core/cost/model_cost.h"
#include "core/sample/token_choice.h"

namespace seqscope {

GenerationTrace ArSampler::run(const LanguageModel& model, const Vocabulary& vocabulary,
                               const std::vector<int>& prompt, const SamplerOptions& o,
                               const GenerationProgress& progress) {
  using Clock = std::chrono::steady_clock;
  const ModelConfig& c = model.config();
  const int P = int(prompt.size()), L = o.generationLength, T = P + L;
  // Decode FLOPs of the token at each position (attention's grow with the cache). CostModel::of
  // takes a non-const model only because it counts parameters; it changes nothing.
  std::vector<double> decodeFlops(static_cast<std::size_t>(T));
  for (int t = 0; t < T; ++t)
    decodeFlops[std::size_t(t)] =
        CostModel::of(const_cast<LanguageModel&>(model), t).decodeFlopsPerToken;

  GenerationTrace trace;
  trace.sampler = "ar";
  trace.modelName = model.name;
  trace.task = c.task;
  trace.promptLength = P;
  trace.generationLength = L;
  trace.blockLength = 1;
  trace.maskId = -1;
  for (int v = 0; v < c.vocabSize; ++v) trace.vocabulary.push_back(vocabulary.label(v));

  GenerationFrame frame;
  frame.tokens = prompt;
  frame.tokens.resize(std::size_t(T), -1);  // not generated yet (AR models have no mask token)
  frame.masked.assign(std::size_t(T), 0);
  std::fill(frame.masked.begin() + P, frame.masked.end(), std::uint8_t(1));
  frame.confidence.assign(std::size_t(T), 0.0f);
  std::fill(frame.confidence.begin(), frame.confidence.begin() + P, 1.0f);
  frame.meter.position = 0;
  trace.frames.push_back(frame);
  if (progress && !progress(trace)) {
    trace.cancelled = true;
    return trace;
  }

  Rng rng(o.seed);
  LanguageModel::DecodeState state = model.newState();
  double flops = 0;
  int fed = 0;  // tokens the state has consumed
  for (int k = 1; k <= L; ++k) {
    const auto t0 = Clock::now();
    Row logits;
    // Step 1 prefills the prompt; later steps feed back the token just generated.
    const int upto = P + k - 1;
    const int consumedBefore = fed;
    while (fed < upto) {
      logits = model.step(state, frame.tokens[std::size_t(fed)]);
      flops += decodeFlops[std::size_t(fed)];
      ++fed;
    }
    const TokenChoice tc = chooseToken(logits.data(), logits.cols(), o.temperature, rng);
    const int pos = P + k - 1;
    frame.tokens[std::size_t(pos)] = tc.token;
    frame.masked[std::size_t(pos)] = 0;
    frame.confidence[std::size_t(pos)] = tc.probability;
    frame.committed = {pos};
    frame.step = k;
    frame.nfe = k;
    frame.meter.position = fed;
    frame.meter.tokensThisStep = fed - consumedBefore;
    frame.meter.liveBytes = state.bytes();
    frame.meter.cumulativeFlops = flops;
    frame.meter.stepSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    trace.frames.push_back(frame);
    if (progress && !progress(trace)) {
      trace.cancelled = true;
      return trace;
    }
  }
  return trace;
}

}  // namespace seqscope
