#pragma once
// A causal (or, for diffusion, bidirectional) language model: token embedding, a stack of
// pre-norm residual blocks (norm -> mixer -> residual, then norm -> SwiGLU MLP -> residual
// when the model has an MLP), a final norm and the LM head. The mixer of each layer comes
// from config.layerMixers, so a hybrid is one config value.
#include <memory>
#include <string>
#include <vector>

#include "core/io/model_config.h"
#include "core/mixers/mixer.h"
#include "core/models/swiglu_mlp.h"
#include "core/gradients.h"

namespace seqscope {

class LanguageModel {
 public:
  explicit LanguageModel(ModelConfig config);
  ~LanguageModel();
  LanguageModel(LanguageModel&&) noexcept;
  LanguageModel& operator=(LanguageModel&&) noexcept;

  std::string name;  // the checkpoint folder's name (Checkpoint::load), for display

  const ModelConfig& config() const { return config_; }
  int numLayers() const { return int(layers_.size()); }
  const Mixer& mixer(int layer) const;

  // Every weight with its Hugging Face name (storage owned by the model).
  ParameterList parameters();
  std::size_t parameterCount();

  // Throws Error naming the token and the vocabulary size when an id is out of range.
  void checkTokens(const std::vector<int>& tokens) const;

  // What a forward pass can record for the views: the input of each layer's mixer
  // (normed hidden states), from which the mixer's implicit attention can be computed.
  struct Capture {
    std::vector<Mat> mixerInputs;
  };

  // Parallel form: logits (T x vocab) for the whole sequence.
  Mat forward(const std::vector<int>& tokens, Capture* capture = nullptr) const;

  // Reverse mode of forward(): given dL/dlogits (T x vocab), adds dL/dW of every parameter
  // to grads. Recomputes the forward pass (activations are not kept between calls).
  void backward(const std::vector<int>& tokens, const Mat& dlogits, Gradients& grads) const;

  // Recurrent form: one state per layer, one token at a time.
  struct DecodeState {
    std::vector<std::unique_ptr<MixerState>> layers;
    std::int64_t position = 0;
    std::size_t bytes() const;
  };
  DecodeState newState() const;
  Row step(DecodeState& state, int token) const;  // logits for the next token
  // Runs step() over all tokens: logits (T x vocab) that must equal forward().
  Mat forwardRecurrent(const std::vector<int>& tokens) const;

 private:
  struct Layer;
  Mat finalLogits(const Mat& h) const;

  ModelConfig config_;
  Mat embedding_, finalNorm_, lmHead_;
  std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace seqscope
