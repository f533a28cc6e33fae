#pragma once
// What the explorer window shows for one model, prompt and layer: computed on a worker thread
// by ModelAnalyzer and handed to the GUI as an immutable std::shared_ptr<const AnalysisResult>.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/mixers/mixer.h"

namespace seqscope {

struct AnalysisRequest {
  QString modelDir;
  QString prompt;
  int layer = 0;
};

struct AnalysisResult {
  std::uint64_t generation = 0;  // which request this answers (stale ones are dropped)
  AnalysisRequest request;
  QString error;  // non-empty: nothing else below is valid

  // The model.
  QString modelName;
  QString modelNote;  // config.json's seqscope_note (e.g. "randomly initialised ...")
  std::vector<std::string> layerKinds;  // Mixer::kind() per layer
  std::size_t parameterCount = 0;
  int attentionWindow = 0;  // sliding window of attention layers, 0 = none
  bool attentionCausal = true;

  // The input.
  std::vector<int> tokens;
  QStringList tokenLabels;  // display text per position

  // The selected layer after the whole input.
  int layer = 0;
  ImplicitAttention attention;          // weights[h]: T x T (softmax or implicit)
  std::vector<StateSlice> stateSlices;  // the layer's recurrent state (or KV cache)

  // Measured, never assumed.
  std::size_t decodeStateBytes = 0;  // LanguageModel::DecodeState::bytes(), all layers
  std::size_t layerStateBytes = 0;   // this layer's share
  double forwardMs = 0;              // parallel form over the prompt
  double decodeMs = 0;               // recurrent form, token by token
  double implicitMs = 0;             // implicit attention of the layer
  double parallelVsRecurrent = 0;    // largest |logit difference| of the two forms
  QString nextToken;                 // the model's most likely next token and its probability
  double nextTokenProbability = 0;
};

}  // namespace seqscope

Q_DECLARE_METATYPE(std::shared_ptr<const seqscope::AnalysisResult>)
