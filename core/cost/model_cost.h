#pragma once
// The cost model of a whole model: each layer's mixer cost (Mixer::cost, analytic), plus the
// MLPs, the embedding lookup and the LM head, per sequence and per token, for prefill and
// decode. The figures are what the comparison table and the meters put beside measurements:
// attention O(T^2) prefill time and O(T) KV bytes, linear-time mixers O(T) time and O(1) state.
#include <cstdint>
#include <vector>

#include "core/mixers/mixer.h"

namespace seqscope {

class LanguageModel;

struct LayerCost {
  std::string mixer;
  MixerCost mixerCost;
  double mlpFlopsPerToken = 0;
};

struct ModelCost {
  std::int64_t length = 0;
  std::vector<LayerCost> layers;
  double prefillFlops = 0;          // whole sequence of `length` tokens, all layers and the head
  double prefillFlopsPerToken = 0;  // prefillFlops / length
  double decodeFlopsPerToken = 0;   // one step for token `length`
  std::size_t stateBytes = 0;       // all layers' state after `length` tokens
  std::size_t weightBytes = 0;      // parameters; each decode step reads all of them once
  // Bytes a decode step must move at least: the weights plus the state it reads.
  double decodeBytesPerToken = 0;
};

class CostModel {
 public:
  static ModelCost of(const LanguageModel& model, std::int64_t length);
};

}  // namespace seqscope
