#pragma once
// The trace of one generation: masked diffusion (LLaDA sampler) or autoregressive decoding,
// one immutable frame per step. Produced by core/sample/, painted by views/diffusion_view,
// written as JSON by `seqscope generate --trace` (format in the README).
#include <cstdint>
#include <string>
#include <vector>

#include "core/trace/meter_sample.h"

namespace seqscope {

struct GenerationFrame {
  int step = 0;                     // 0: the start (every answer slot masked)
  int nfe = 0;                      // network evaluations so far
  std::vector<int> tokens;          // prompt + answer slots; masked slots hold the mask id
  std::vector<std::uint8_t> masked; // 1 where the slot is still masked (prompt: always 0)
  std::vector<float> confidence;    // per position: probability the model gave the token
                                    // it committed (or, for a masked slot, its current best)
  std::vector<int> committed;       // positions committed at this step (empty at step 0)
  MeterSample meter;                // time of this step, live bytes, cumulative FLOPs
};

struct GenerationTrace {
  std::string sampler;              // "diffusion" or "ar"
  std::string modelName;
  std::string task;                 // config.json's seqscope_task (judges the text), or empty
  int promptLength = 0;             // positions [0, promptLength) are the prompt
  int generationLength = 0;         // answer slots after the prompt
  int blockLength = 0;              // diffusion: semi-autoregressive block length
  int maskId = -1;                  // diffusion: the mask token id (-1 for AR)
  std::vector<std::string> vocabulary;  // display text of every token id
  std::vector<GenerationFrame> frames;
  bool cancelled = false;           // the frame callback stopped the run before the end

  // Frame `frame`'s prompt and answer as one line of text, a masked or not yet written slot
  // as "▢" ("the cat ▢▢▢▢ fast."), pads ("_") dropped: what the sentence reads like now.
  std::string text(int frame) const;
  int frameCount() const { return int(frames.size()); }
  // One meter sample per frame, with the network evaluations and answer tokens so far.
  std::vector<MeterSample> meters() const;
};

}  // namespace seqscope
