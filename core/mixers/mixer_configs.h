#pragma once
// Hyper-parameters of each mixer, filled from config.json by core/io/model_config.cpp.
// Field comments name the Hugging Face (or fla) config key they come from.

namespace seqscope {

struct AttentionConfig {
  int hiddenSize = 64;        // hidden_size
  int numHeads = 4;           // num_attention_heads
  int numKvHeads = 4;         // num_key_value_heads (GQA when < numHeads)
  int headDim = 16;           // head_dim (default hidden_size / num_attention_heads)
  bool causal = true;         // false for the bidirectional (diffusion) models
  int slidingWindow = 0;      // sliding_window; 0 = unlimited. Query i sees key j iff
                              // 0 <= i - j < slidingWindow (transformers' convention)
  bool useRope = true;
  double ropeTheta = 10000.0; // rope_theta
  bool bias = false;          // attention_bias: biases on q, k, v and o projections
};

struct LinearAttentionConfig {
  int hiddenSize = 64;
  int numHeads = 4;
  int headKDim = 16;  // feature (key) width per head
  int headVDim = 16;  // value width per head
  float eps = 1e-6f;  // added to the normaliser
};

struct RetNetConfig {
  int hiddenSize = 64;
  int numHeads = 4;
  int headKDim = 16;  // key width per head (expand_k = 1)
  int headVDim = 32;  // value width per head (expand_v = 2)
  double ropeTheta = 10000.0;
  float normEps = 1e-5f;  // per-head RMSNorm before the swish gate
};

struct MambaConfig {
  int hiddenSize = 64;    // hidden_size
  int intermediateSize = 128;  // intermediate_size = expand * hidden_size
  int stateSize = 16;     // state_size (N)
  int convKernel = 4;     // conv_kernel
  int dtRank = 4;         // time_step_rank ("auto" = ceil(hidden_size / 16))
  bool useConvBias = true;  // use_conv_bias
  bool useBias = false;     // use_bias (in_proj / out_proj)
};

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
