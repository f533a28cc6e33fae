#pragma once
// The trace of a language model reading a sequence token by token (the recurrent form): one
// immutable frame per position with every layer's state (KV cache or recurrent matrices)
// after that token, plus, computed once by the parallel form, each layer's attention or
// implicit attention matrices. Produced by core/run/decode_tracer, painted by
// views/attention_map_view and views/state_evolution_view, plotted by the meters.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/mixers/mixer.h"
#include "core/trace/meter_sample.h"

namespace seqscope {

// One layer after a token: its state as named matrices and their Frobenius norms.
struct LayerSnapshot {
  std::vector<StateSlice> slices;
  std::vector<float> norms;  // per slice
  std::size_t bytes = 0;     // MixerState::bytes() of the layer
};

struct DecodeFrame {
  int position = 0;                  // the token just consumed (0-based)
  std::vector<LayerSnapshot> layers; // empty when the run keeps no states (long runs)
  int predictedToken = -1;           // the model's most likely next token after `position`
  float predictedProbability = 0;
  std::string predictedLabel;        // the vocabulary's label of predictedToken
  MeterSample meter;
};

// Weights of one layer for the views: per head (or channel) a T x T matrix.
struct LayerAttention {
  std::vector<Mat> weights;
  std::vector<std::string> labels;
};

// The model's answers up to a frame, checked against the input (see DecodeTrace::answers).
struct AnswerTally {
  int total = 0;    // answer positions in the whole input
  int read = 0;     // of them, read by the shown frame
  int correct = 0;  // of those read, predicted right
};

struct DecodeTrace {
  std::string modelName;
  std::string modelNote;               // config.json's seqscope_note
  std::vector<std::string> layerKinds; // Mixer::kind() per layer
  int attentionWindow = 0;             // sliding window of attention layers (0 = none)
  bool attentionCausal = true;
  std::vector<int> tokens;
  std::vector<std::string> tokenLabels;
  // Computed once by the parallel form; shared (never copied) between snapshots. Empty when
  // the sequence is too long for T x T maps.
  std::shared_ptr<const std::vector<LayerAttention>> attention;
  // Largest |logit| difference between the parallel and the recurrent form over the sequence
  // (filled when the run ends; negative while unknown).
  double parallelVsRecurrent = -1;
  std::vector<std::shared_ptr<const DecodeFrame>> frames;
  // Where the model's task scores the next token (Task::answerPositions of config.json's
  // seqscope_task): the prediction of frame p is the model's answer, tokens[p + 1] the right one.
  // Empty for a model without a task, or a task without answers.
  std::vector<int> answerPositions;

  bool complete() const { return frames.size() == tokens.size(); }
  int frameCount() const { return int(frames.size()); }
  std::vector<MeterSample> meters() const;
  bool isAnswerPosition(int position) const;
  // -1: no answer at `position` or not read yet; 0 wrong; 1 right.
  int answerVerdict(int position) const;
  AnswerTally answersUpTo(int frame) const;
};

}  // namespace seqscope
