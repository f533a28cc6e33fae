#pragma once
// What the attention and state views show of a DecodeTrace at frame k, as HeatmapData:
// plain functions without widgets, so that the choice of rows, masks, labels and colour
// scales is tested without painting.
#include <QString>
#include <memory>

#include "core/trace/decode_trace.h"
#include "views/heatmap_data.h"

namespace seqscope {

class DecodeHeatmaps {
 public:
  // "softmax attention", "Gated DeltaNet", ... for a Mixer::kind().
  static QString mixerName(const std::string& kind);
  static int headCount(const DecodeTrace& trace, int layer);  // attention maps of the layer
  static int sliceCount(const DecodeTrace& trace, int layer); // state matrices of the layer

  // The layer's attention (softmax) or implicit attention map, head `head` or the mean over
  // heads (head < 0), with the rows after `frame` pending: frame k has read tokens 0..k.
  // Positions a query cannot see (causal, sliding window) are masked.
  static HeatmapData attention(const DecodeTrace& trace, int layer, int head, int frame);

  // State matrix `slice` of the layer after token `frame`, on a symmetric colour scale fixed
  // over the whole trace so far (so decay, writes and erasure are visible, not rescaled
  // away). A KV cache grows: its rows are padded to the sequence length as pending.
  static HeatmapData state(const DecodeTrace& trace, int layer, int slice, int frame);
};

}  // namespace seqscope
