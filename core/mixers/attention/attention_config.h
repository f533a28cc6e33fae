#pragma once
// The hyper-parameters of the attention mixer, read from and written to config.json by its
// registry entry (attention_entry.cpp). Field comments name the Hugging Face (or fla) config
// key they come from.

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

}  // namespace seqscope
