#pragma once
// Runs a language model over a token sequence and records a DecodeTrace: first the parallel
// form once (attention / implicit attention maps of every layer, logits), then the recurrent
// form token by token, timing each step and copying every layer's state after it. Runs on a
// worker thread; reports through a callback (core knows no Qt) that can cancel.
#include <functional>
#include <string>
#include <vector>

#include "core/io/vocabulary.h"
#include "core/models/language_model.h"
#include "core/trace/decode_trace.h"
#include "core/trace/trace_progress.h"

namespace seqscope {

struct DecodeOptions {
  // Copy every layer's state into each frame. Off for long runs (memory grows with T^2 for
  // a KV cache); the meters still work.
  bool keepStates = true;
  // T x T attention maps per head; computed only while T <= maxAttentionLength.
  bool attentionMaps = true;
  int maxAttentionLength = 1024;
  // The longest sequence traced with states kept (their copies cost O(T^2) for a KV cache).
  static constexpr int kMaxStateLength = 2048;
};

class DecodeTracer {
 public:
  // Called after every frame with the trace so far; return false to stop the run.
  using Progress = TraceProgress<DecodeTrace>;

  DecodeTracer(const LanguageModel& model, std::string modelName, const Vocabulary& vocabulary);

  // Throws Error for tokens outside the vocabulary or a sequence longer than the options
  // allow; returns the trace (incomplete when cancelled).
  DecodeTrace run(const std::vector<int>& tokens, const DecodeOptions& options,
                  const Progress& progress = {}) const;

 private:
  const LanguageModel& model_;
  std::string modelName_;
  const Vocabulary& vocabulary_;
};

}  // namespace seqscope
