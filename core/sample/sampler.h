#pragma once
// Generation from a trained model, one frame per step, for both kinds of model:
//  - "diffusion": the LLaDA sampler for masked diffusion models. The answer starts fully
//    masked; it is split into blocks of blockLength filled left to right (semi-autoregressive);
//    each block gets steps / (generationLength / blockLength) steps, and each step runs the
//    bidirectional model once over the whole sequence and commits a scheduled number of the
//    block's masked positions (spread evenly over the block's steps): the most confident
//    (remasking "low_confidence") or random ones ("random"). Committed tokens never change.
//  - "ar": greedy (or temperature) decoding of a causal model with its KV cache / recurrent
//    state, one token per step.
// With temperature > 0 tokens are drawn with Gumbel noise (argmax of logits / T + Gumbel),
// seeded, so the same options give the same tokens.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/io/vocabulary.h"
#include "core/models/language_model.h"
#include "core/trace/generation_trace.h"
#include "core/trace/trace_progress.h"

namespace seqscope {

struct SamplerOptions {
  std::string sampler;          // "ar" or "diffusion"; empty: what the checkpoint was trained for
  int generationLength = 0;     // answer slots; 0: the model's trained sequence length - prompt
  int steps = 0;                // diffusion steps (= network evaluations); 0: generationLength
  int blockLength = 0;          // diffusion block length; 0: generationLength (one block)
  std::string remasking = "low_confidence";  // or "random"
  double temperature = 0;       // 0: greedy
  std::uint64_t seed = 1;       // Gumbel noise and random remasking
};

// Called after each frame (the first is the start) with the trace so far (TraceProgress);
// returning false cancels promptly: the trace returned then holds the frames so far and
// cancelled = true.
using GenerationProgress = TraceProgress<GenerationTrace>;

// Throws Error naming the problem: the wrong sampler for the checkpoint (an AR model given to
// the diffusion sampler or the reverse), a prompt with ids outside the vocabulary or holding the
// mask token, steps that do not divide into the blocks, a block longer than the generation.
// Safe to call from a worker thread (the model is only read).
GenerationTrace generate(const LanguageModel& model, const Vocabulary& vocabulary,
                         const std::vector<int>& prompt, const SamplerOptions& options,
                         const GenerationProgress& progress = {});

// The options with every default filled in, validated against the model and prompt length
// (what generate() runs with); throws Error as generate() does.
SamplerOptions resolveSamplerOptions(const ModelConfig& config, int promptLength,
                                     SamplerOptions options);

// The options a scene or the window asked for, fitted to this prompt so that they always
// resolve: the explorer's input is typed by the user, so the generation length (and with it
// the divisors a block length must be) changes with every keystroke. The block length becomes
// the divisor of the generation length nearest the asked one (by ratio; a tie takes the longer
// block), the steps the multiple of the block count nearest the asked steps, between one step
// per block and one per token; a checkpoint that does not record its trained length gets 32
// slots. Options that already resolve come back unchanged; what cannot
// be fitted (an AR checkpoint asked to diffuse, a prompt that fills the model) still throws
// from resolveSamplerOptions. The command line does not fit: there an option the user typed
// that does not divide is an error naming it.
SamplerOptions fitSamplerOptions(const ModelConfig& config, int promptLength, SamplerOptions options);

// The answer: the generated slots of the last frame.
std::vector<int> generatedTokens(const GenerationTrace& trace);

}  // namespace seqscope
