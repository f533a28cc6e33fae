#include "core/sample/sampler.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/sample/ar_sampler.h"
#include "core/sample/diffusion_sampler.h"

namespace seqscope {
namespace {

constexpr int kMaxGeneration = 4096;
constexpr int kDefaultWindowGeneration = 32;

std::string n(int v) { return std::to_string(v); }

}  // namespace

SamplerOptions resolveSamplerOptions(const ModelConfig& config, int promptLength,
                                     SamplerOptions o) {
  if (o.sampler.empty()) o.sampler = config.isDiffusion() ? "diffusion" : "ar";
  if (o.sampler != "ar" && o.sampler != "diffusion")
    throw Error("unknown sampler \"" + o.sampler + "\" (known: ar, diffusion)");
  if (o.sampler == "diffusion" && !config.isDiffusion())
    throw Error(
        "this is an autoregressive checkpoint (no \"seqscope_objective\": \"diffusion\" in its "
        "config.json); the diffusion sampler needs a masked diffusion model (train one with "
        "--objective diffusion) - use --sampler ar");
  if (o.sampler == "ar" && config.isDiffusion())
    throw Error(
        "this is a masked diffusion checkpoint (bidirectional attention): it cannot decode left "
        "to right with a KV cache - use --sampler diffusion");
  if (promptLength < 1) throw Error("the prompt is empty; give at least one token");
  if (o.generationLength == 0) {
    if (config.sequenceLength <= 0)
      throw Error("the checkpoint does not record its sequence length; give the generation length");
    o.generationLength = config.sequenceLength - promptLength;
    if (o.generationLength < 1)
      throw Error("the prompt (" + n(promptLength) + " tokens) fills the model's whole sequence of " +
                  n(config.sequenceLength) + " tokens; give the generation length");
  }
  const int L = o.generationLength;
  if (L < 1 || L > kMaxGeneration)
    throw Error("generation length " + n(L) + " must be between 1 and " + n(kMaxGeneration));
  if (!(o.temperature >= 0) || !std::isfinite(o.temperature))
    throw Error("temperature must be a finite number >= 0");
  if (o.remasking != "low_confidence" && o.remasking != "random")
    throw Error("unknown remasking \"" + o.remasking + "\" (known: low_confidence, random)");
  if (o.sampler == "ar") {
    if (o.steps != 0 && o.steps != L)
      throw Error("the ar sampler takes exactly one step per token: steps must be " + n(L) +
                  " (the generation length), got " + n(o.steps));
    if (o.blockLength != 0 && o.blockLength != L)
      throw Error("block length applies to the diffusion sampler only");
    o.steps = L;
    o.blockLength = L;
    return o;
  }
  if (o.blockLength == 0) o.blockLength = L;
  if (o.blockLength < 1 || o.blockLength > L)
    throw Error("block length " + n(o.blockLength) + " is larger than the generation length " + n(L) +
                (o.blockLength < 1 ? " or below 1" : ""));
  if (L % o.blockLength != 0)
    throw Error("block length " + n(o.blockLength) + " must divide the generation length " + n(L));
  const int blocks = L / o.blockLength;
  if (o.steps == 0) o.steps = L;
  if (o.steps < 1 || o.steps % blocks != 0)
    throw Error("steps " + n(o.steps) + " must be a positive multiple of the number of blocks " +
                n(blocks) + " (generation length " + n(L) + " / block length " + n(o.blockLength) + ")");
  if (o.steps / blocks > o.blockLength)
    throw Error("steps " + n(o.steps) + " exceed the generation length " + n(L) +
                ": a step commits at least one token");
  return o;
}

SamplerOptions fitSamplerOptions(const ModelConfig& config, int promptLength, SamplerOptions o) {
  if (o.sampler.empty()) o.sampler = config.isDiffusion() ? "diffusion" : "ar";
  if (o.generationLength == 0 && config.sequenceLength <= 0) o.generationLength = kDefaultWindowGeneration;
  if (o.sampler != "diffusion") {  // one step per token: nothing of the diffusion kind applies
    o.steps = 0;
    o.blockLength = 0;
    return resolveSamplerOptions(config, promptLength, o);
  }
  if (o.generationLength == 0)
    // A checkpoint that does not record its trained length (one from Hugging Face) gets as
    // many slots as a pane shows legibly.
    o.generationLength = config.sequenceLength > 0 ? config.sequenceLength - promptLength
                                                   : kDefaultWindowGeneration;
  const int L = o.generationLength;
  if (L < 1 || L > kMaxGeneration) return resolveSamplerOptions(config, promptLength, o);
  const int askedBlock = o.blockLength == 0 ? L : std::clamp(o.blockLength, 1, L);
  int block = L;
  double best = std::abs(std::log(double(L) / askedBlock));
  for (int d = L - 1; d >= 1; --d) {
    if (L % d != 0) continue;
    const double distance = std::abs(std::log(double(d) / askedBlock));
    if (distance < best - 1e-12) {
      best = distance;
      block = d;
    }
  }
  o.blockLength = block;
  const int blocks = L / block;
  if (o.steps != 0) {
    const int perBlock = int(std::lround(double(o.steps) / blocks));
    o.steps = blocks * std::clamp(perBlock, 1, block);
  }
  return resolveSamplerOptions(config, promptLength, o);
}

GenerationTrace generate(const LanguageModel& model, const Vocabulary& vocabulary,
                         const std::vector<int>& prompt, const SamplerOptions& options,
                         const GenerationProgress& progress) {
  model.checkTokens(prompt);
  const ModelConfig& c = model.config();
  if (c.isDiffusion())
    for (std::size_t i = 0; i < prompt.size(); ++i)
      if (prompt[i] == c.maskTokenId)
        throw Error("the prompt holds the mask token (id " + std::to_string(c.maskTokenId) +
                    ") at position " + std::to_string(i) + "; prompts must be plain tokens");
  const SamplerOptions o = resolveSamplerOptions(c, int(prompt.size()), options);
  if (o.sampler == "diffusion") return DiffusionSampler::run(model, vocabulary, prompt, o, progress);
  return ArSampler::run(model, vocabulary, prompt, o, progress);
}

std::vector<int> generatedTokens(const GenerationTrace& trace) {
  if (trace.frames.empty()) return {};
  const auto& tokens = trace.frames.back().tokens;
  return std::vector<int>(tokens.begin() + trace.promptLength, tokens.end());
}

}  // namespace seqscope
