#pragma once
// The hyper-parameters of the retnet mixer, read from and written to config.json by its
// registry entry (retnet_entry.cpp). Field comments name the Hugging Face (or fla) config
// key they come from.

namespace seqscope {

struct RetNetConfig {
  int hiddenSize = 64;
  int numHeads = 4;
  int headKDim = 16;  // key width per head (expand_k = 1)
  int headVDim = 32;  // value width per head (expand_v = 2)
  double ropeTheta = 10000.0;
  float normEps = 1e-5f;  // per-head RMSNorm before the swish gate
};

}  // namespace seqscope
