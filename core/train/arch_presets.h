#pragma once
// `--arch NAME` to a model config: every architecture is a Seqscope model (model_type
// "seqscope") of the same width and depth, so comparisons are at one parameter budget.
#include <string>
#include <vector>

#include "core/io/model_config.h"

namespace seqscope {

struct ArchOptions {
  int dModel = 64;
  int layers = 2;
  int heads = 4;
  int stateSize = 16;    // Mamba/Mamba-2: N; linear attention/RetNet/Gated DeltaNet: d_k per head
  int mlpRatio = 2;      // intermediate_size = mlpRatio * dModel (0: no MLP)
  bool causal = true;    // false: bidirectional attention (diffusion)
};

// Names: every registered mixer kind (each layer that mixer, sized by its entry's preset) and
// the layer patterns mixers' folders define (hybrid: 3 Gated DeltaNet : 1 attention, repeated).
// Throws Error for an unknown name or invalid sizes.
ModelConfig makeArchConfig(const std::string& arch, const ArchOptions& options, int vocabSize,
                           int maxLength);
std::vector<std::string> knownArchs();
std::string knownArchList();     // "attention, linear_attention, ..., hybrid"
std::string bidirectionalKinds();  // the kinds a diffusion model can be made of

}  // namespace seqscope
