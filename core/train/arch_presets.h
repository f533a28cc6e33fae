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

// Names: attention, linear_attention, retnet, mamba, mamba2, gated_deltanet, hybrid (3 Gated
// DeltaNet : 1 attention, repeated). Throws Error for an unknown name or invalid sizes.
ModelConfig makeArchConfig(const std::string& arch, const ArchOptions& options, int vocabSize,
                           int maxLength);
const std::vector<std::string>& knownArchs();

}  // namespace seqscope
