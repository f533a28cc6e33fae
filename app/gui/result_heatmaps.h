#pragma once
// Turns an AnalysisResult into what the two heatmaps and their captions show: the attention
// (or implicit attention) map of one head, and one matrix of the layer's recurrent state.
// Kept apart from the window so that the choice of labels, masks and colour scales is plain
// code without widgets.
#include <QString>

#include "app/gui/analysis_result.h"
#include "views/heatmap_data.h"

namespace seqscope {

class ResultHeatmaps {
 public:
  // "softmax attention", "Gated DeltaNet", ... for a Mixer::kind().
  static QString mixerName(const std::string& kind);

  // Head `head` of the layer's attention weights (T x T), causal positions masked.
  static HeatmapData attention(const AnalysisResult& r, int head);
  static QString attentionCaption(const AnalysisResult& r);

  // State slice `slice` of the layer after the whole prompt.
  static HeatmapData state(const AnalysisResult& r, int slice);
  static QString stateCaption(const AnalysisResult& r, int slice);
  // The slice that belongs to attention head `head` ("S head 1", or "K head 0" for query
  // head 1 of a GQA layer whose two query heads share key head 0); 0 when none is named.
  static int sliceForHead(const AnalysisResult& r, int head);

  static QString formatBytes(std::size_t bytes);
};

}  // namespace seqscope
