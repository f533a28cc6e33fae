#include "core/train/arch_presets.h"

#include <algorithm>

#include "core/error.h"

namespace seqscope {

const std::vector<std::string>& knownArchs() {
  static const std::vector<std::string> archs{"attention", "linear_attention", "retnet", "mamba",
                                              "mamba2",    "gated_deltanet",   "hybrid"};
  return archs;
}

ModelConfig makeArchConfig(const std::string& arch, const ArchOptions& o, int vocabSize, int maxLength) {
  const auto& archs = knownArchs();
  if (std::find(archs.begin(), archs.end(), arch) == archs.end()) {
    std::string list;
    for (const auto& a : archs) list += (list.empty() ? "" : ", ") + a;
    throw Error("unknown architecture \"" + arch + "\" (known: " + list + ")");
  }
  auto check = [](bool ok, const std::string& what) {
    if (!ok) throw Error("invalid hyper-parameter: " + what);
  };
  check(o.dModel >= 8 && o.dModel <= 4096, "--d-model must be between 8 and 4096");
  check(o.layers >= 1 && o.layers <= 64, "--layers must be between 1 and 64");
  check(o.heads >= 1 && o.dModel % o.heads == 0, "--heads must divide --d-model");
  check(o.stateSize >= 1 && o.stateSize <= 1024, "--state-size must be between 1 and 1024");
  check(o.mlpRatio >= 0 && o.mlpRatio <= 16, "--mlp-ratio must be between 0 and 16");
  (void)maxLength;

  ModelConfig c;
  c.modelType = "seqscope";
  c.vocabSize = vocabSize;
  c.hiddenSize = o.dModel;
  c.numLayers = o.layers;
  c.intermediateSize = o.mlpRatio * o.dModel;
  c.normEps = 1e-5f;
  const int hd = o.dModel / o.heads;
  c.attention = AttentionConfig{o.dModel, o.heads, o.heads, hd, o.causal, 0, true, 10000.0, false};
  c.linearAttention = LinearAttentionConfig{o.dModel, o.heads, o.stateSize, hd, 1e-6f};
  c.retnet = RetNetConfig{o.dModel, o.heads, o.stateSize, hd, 10000.0, 1e-5f};
  c.mamba = MambaConfig{o.dModel, 2 * o.dModel, o.stateSize, 4, std::max(1, (o.dModel + 15) / 16), true, false};
  c.mamba2.hiddenSize = o.dModel;
  c.mamba2.headDim = std::max(1, 2 * o.dModel / (2 * o.heads));
  c.mamba2.numHeads = 2 * o.dModel / c.mamba2.headDim;
  c.mamba2.stateSize = o.stateSize;
  c.mamba2.chunkSize = 64;
  c.gatedDeltaNet.hiddenSize = o.dModel;
  c.gatedDeltaNet.numHeads = o.heads;
  c.gatedDeltaNet.headKDim = o.stateSize;
  c.gatedDeltaNet.headVDim = hd;
  c.gatedDeltaNet.chunkSize = 64;
  if (arch == "hybrid") {
    // Every fourth layer is attention; a stack shorter than four ends with one.
    for (int i = 0; i < o.layers; ++i) {
      const bool attention = i % 4 == 3 || (o.layers < 4 && i == o.layers - 1);
      c.layerMixers.push_back(attention ? "attention" : "gated_deltanet");
    }
  } else {
    c.layerMixers.assign(std::size_t(o.layers), arch);
  }
  return c;
}

}  // namespace seqscope
