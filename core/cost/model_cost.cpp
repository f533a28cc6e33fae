#include "core/cost/model_cost.h"

#include "core/models/language_model.h"

namespace seqscope {

ModelCost CostModel::of(const LanguageModel& model, std::int64_t length) {
  const ModelConfig& c = model.config();
  ModelCost cost;
  cost.length = length;
  const double T = double(length);
  const double headFlopsPerToken = 2.0 * c.hiddenSize * c.vocabSize;
  const double mlpFlopsPerToken =
      c.intermediateSize > 0 ? 2.0 * 3.0 * c.hiddenSize * c.intermediateSize : 0.0;
  for (int i = 0; i < model.numLayers(); ++i) {
    LayerCost layer{model.mixer(i).kind(), model.mixer(i).cost(length), mlpFlopsPerToken};
    cost.prefillFlops += layer.mixerCost.prefillFlops + T * mlpFlopsPerToken;
    cost.decodeFlopsPerToken += layer.mixerCost.decodeFlops + mlpFlopsPerToken;
    cost.stateBytes += layer.mixerCost.stateBytes;
    cost.layers.push_back(std::move(layer));
  }
  cost.prefillFlops += T * headFlopsPerToken;
  cost.decodeFlopsPerToken += headFlopsPerToken;
  cost.prefillFlopsPerToken = length > 0 ? cost.prefillFlops / T : 0.0;
  // parameterCount() walks the parameter list, which hands out mutable storage and so is not
  // const; counting changes nothing.
  cost.weightBytes = const_cast<LanguageModel&>(model).parameterCount() * sizeof(Real);
  cost.decodeBytesPerToken = double(cost.weightBytes) + double(cost.stateBytes);
  return cost;
}

}  // namespace seqscope
