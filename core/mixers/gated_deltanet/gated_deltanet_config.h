#pragma once
// The hyper-parameters of the gated_deltanet mixer, read from and written to config.json by its
// registry entry (gated_deltanet_entry.cpp). Field comments name the Hugging Face (or fla) config
// key they come from.

namespace seqscope {

struct GatedDeltaNetConfig {
  int hiddenSize = 64;
  int numHeads = 4;
  int headKDim = 16;
  int headVDim = 16;
  int convKernel = 4;        // short convolution on q, k, v (silu)
  int chunkSize = 16;        // chunk length of the parallel (WY) form
  bool useGate = true;       // output gate g_proj through a gated RMSNorm
  float normEps = 1e-5f;
};

}  // namespace seqscope
