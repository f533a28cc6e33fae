#pragma once
// The hyper-parameters of the mamba2 mixer, read from and written to config.json by its
// registry entry (mamba2_entry.cpp). Field comments name the Hugging Face (or fla) config
// key they come from.

namespace seqscope {

struct Mamba2Config {
  int hiddenSize = 64;    // hidden_size
  int numHeads = 8;       // num_heads
  int headDim = 16;       // head_dim; d_inner = num_heads * head_dim
  int nGroups = 1;        // n_groups (B and C shared by num_heads / n_groups heads)
  int stateSize = 16;     // state_size (N)
  int convKernel = 4;     // conv_kernel
  int chunkSize = 64;     // chunk_size of the SSD parallel form
  bool useConvBias = true;  // use_conv_bias
  bool useBias = false;     // use_bias
  float normEps = 1e-5f;    // layer_norm_epsilon (gated RMSNorm)
  float dtMin = 0.0f;       // time_step_limit[0]
  float dtMax = 1e30f;      // time_step_limit[1] (inf in transformers)
};

}  // namespace seqscope
