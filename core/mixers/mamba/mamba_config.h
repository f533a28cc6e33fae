#pragma once
// The hyper-parameters of the mamba mixer, read from and written to config.json by its
// registry entry (mamba_entry.cpp). Field comments name the Hugging Face (or fla) config
// key they come from.

namespace seqscope {

struct MambaConfig {
  int hiddenSize = 64;    // hidden_size
  int intermediateSize = 128;  // intermediate_size = expand * hidden_size
  int stateSize = 16;     // state_size (N)
  int convKernel = 4;     // conv_kernel
  int dtRank = 4;         // time_step_rank ("auto" = ceil(hidden_size / 16))
  bool useConvBias = true;  // use_conv_bias
  bool useBias = false;     // use_bias (in_proj / out_proj)
};

}  // namespace seqscope
