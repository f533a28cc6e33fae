#pragma once
// Runs one pane of a scene: loads its model, encodes its input and produces the pane's trace
// (token-by-token reading, a diffusion or autoregressive generation, a TRM solve: one
// producer per run of ViewRegistry), publishing immutable snapshots as it goes. Core code without Qt: the GUI calls it on a worker thread,
// the exporter and the command line call it directly.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/run/decode_tracer.h"
#include "core/scene/scene.h"
#include "core/trace/pane_trace.h"

namespace seqscope {

class PaneRun {
 public:
  // Receives a snapshot now and then (at most every `publishSeconds`) and always at the end;
  // returning false cancels the run.
  using Publish = std::function<bool(const PaneTrace&)>;

  struct Options {
    double publishSeconds = 0.05;
    // The longest input the "read" run traces with states; longer inputs keep only meters.
    int maxStateLength = DecodeOptions::kMaxStateLength;
    // Checked after every frame (not only when a snapshot is published): set it from another
    // thread to stop the run within one step.
    const std::atomic<bool>* cancel = nullptr;
  };

  // modelDir is the resolved directory; input the text for this pane. Throws Error for a
  // missing or corrupt model, an input the model cannot read, or a run the model cannot do.
  static PaneTrace run(const PaneSpec& spec, const std::string& modelDir,
                        const std::string& input, const Publish& publish = {});
  static PaneTrace run(const PaneSpec& spec, const std::string& modelDir,
                        const std::string& input, const Publish& publish, const Options& options);

  // Whether a run of ViewRegistry has its producer here.
  static bool hasProducer(const std::string& run);

  // The tokens of `input` for a model's vocabulary: characters for a character vocabulary,
  // otherwise token ids ("1 2 3"). Throws Error naming an unknown character.
  static std::vector<int> encodeInput(const std::string& input, const std::string& modelDir,
                                      int vocabSize);
};

}  // namespace seqscope
