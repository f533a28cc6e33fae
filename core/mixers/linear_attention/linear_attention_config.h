#pragma once
// The hyper-parameters of the linear_attention mixer, read from and written to config.json by its
// registry entry (linear_attention_entry.cpp). Field comments name the Hugging Face (or fla) config
// key they come from.

namespace seqscope {

struct LinearAttentionConfig {
  int hiddenSize = 64;
  int numHeads = 4;
  int headKDim = 16;  // feature (key) width per head
  int headVDim = 16;  // value width per head
  float eps = 1e-6f;  // added to the normaliser
};

}  // namespace seqscope
