#include "core/models/language_model.h"

#include "core/error.h"
#include "core/mixers/mixer_registry.h"
#include "core/mixers/ops_grad.h"

namespace seqscope {

struct LanguageModel::Layer {
  std::unique_ptr<Mixer> mixer;
  std::unique_ptr<SwigluMlp> mlp;  // null for Mamba-style blocks
  Mat mixerNorm, mlpNorm;
};

LanguageModel::LanguageModel(ModelConfig config) : config_(std::move(config)) {
  for (int i = 0; i < config_.numLayers; ++i) {
    auto layer = std::make_unique<Layer>();
    const std::string& kind = config_.layerMixers.at(std::size_t(i));
    layer->mixer = makeMixer(kind, config_.mixerConfig(kind));
    if (config_.intermediateSize > 0)
      layer->mlp = std::make_unique<SwigluMlp>(config_.hiddenSize, config_.intermediateSize);
    layers_.push_back(std::move(layer));
  }
  parameters();  // sizes all storage
}

LanguageModel::~LanguageModel() = default;
LanguageModel::LanguageModel(LanguageModel&&) noexcept = default;
LanguageModel& LanguageModel::operator=(LanguageModel&&) noexcept = default;

const Mixer& LanguageModel::mixer(int layer) const { return *layers_.at(std::size_t(layer))->mixer; }

ParameterList LanguageModel::parameters() {
  ParameterList out;
  const int D = config_.hiddenSize, V = config_.vocabSize;
  const bool backbone = config_.backboneNaming();
  const std::string root = backbone ? "backbone." : "model.";
  addParameter(out, root + (backbone ? "embeddings.weight" : "embed_tokens.weight"), embedding_, V, D);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    Layer& l = *layers_[i];
    const std::string p = root + "layers." + std::to_string(i) + ".";
    addParameter(out, p + (backbone ? "norm.weight" : "input_layernorm.weight"), l.mixerNorm, 1, D,
                 {}, 0.0f, 1.0f);
    l.mixer->collectParameters(p + (backbone ? std::string("mixer.") : MixerRegistry::at(l.mixer->kind()).tensorPrefix), out);
    if (l.mlp) {
      addParameter(out, p + "post_attention_layernorm.weight", l.mlpNorm, 1, D, {}, 0.0f, 1.0f);
      l.mlp->collectParameters(p + "mlp.", out);
    }
  }
  addParameter(out, root + (backbone ? "norm_f.weight" : "norm.weight"), finalNorm_, 1, D, {}, 0.0f, 1.0f);
  if (!config_.tieEmbeddings) addParameter(out, "lm_head.weight", lmHead_, V, D);
  return out;
}

std::size_t LanguageModel::parameterCount() {
  std::size_t n = 0;
  for (const auto& p : parameters()) n += std::size_t(p.value->size());
  return n;
}

void LanguageModel::checkTokens(const std::vector<int>& tokens) const {
  if (tokens.empty()) throw Error("no tokens given");
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i] < 0 || tokens[i] >= config_.vocabSize)
      throw Error("token id " + std::to_string(tokens[i]) + " at position " + std::to_string(i) +
                  " is out of range: the vocabulary has " + std::to_string(config_.vocabSize) +
                  " tokens (0.." + std::to_string(config_.vocabSize - 1) + ")");
}

Mat LanguageModel::finalLogits(const Mat& h) const {
  const Mat normed = ops::rmsNorm(h, finalNorm_, config_.normEps);
  return ops::linear(normed, config_.tieEmbeddings ? embedding_ : lmHead_);
}

Mat LanguageModel::forward(const std::vector<int>& tokens, Capture* capture) const {
  checkTokens(tokens);
  const Eigen::Index T = Eigen::Index(tokens.size());
  Mat h(T, config_.hiddenSize);
  for (Eigen::Index t = 0; t < T; ++t) h.row(t) = embedding_.row(tokens[std::size_t(t)]);
  if (capture) capture->mixerInputs.clear();
  for (const auto& l : layers_) {
    Mat normed = ops::rmsNorm(h, l->mixerNorm, config_.normEps);
    h += l->mixer->forward(normed);
    if (capture) capture->mixerInputs.push_back(std::move(normed));
    if (l->mlp) h += l->mlp->forward(ops::rmsNorm(h, l->mlpNorm, config_.normEps));
  }
  return finalLogits(h);
}

void LanguageModel::backward(const std::vector<int>& tokens, const Mat& dlogits,
                             Gradients& grads) const {
  checkTokens(tokens);
  const Eigen::Index T = Eigen::Index(tokens.size());
  const Real eps = config_.normEps;
  // Forward again, keeping each block's residual input (h_in) and midpoint (h_mid).
  std::vector<Mat> hIn, hMid;
  Mat h(T, config_.hiddenSize);
  for (Eigen::Index t = 0; t < T; ++t) h.row(t) = embedding_.row(tokens[std::size_t(t)]);
  for (const auto& l : layers_) {
    hIn.push_back(h);
    h += l->mixer->forward(ops::rmsNorm(h, l->mixerNorm, eps));
    hMid.push_back(h);
    if (l->mlp) h += l->mlp->forward(ops::rmsNorm(h, l->mlpNorm, eps));
  }
  // Head and final norm.
  const Mat& head = config_.tieEmbeddings ? embedding_ : lmHead_;
  const Mat normed = ops::rmsNorm(h, finalNorm_, eps);
  Mat dh = ops::rmsNormBackward(h, finalNorm_, eps, 0,
                                ops::linearBackward(normed, head, nullptr, dlogits, grads), grads);
  // Blocks in reverse: the residual passes dh through, each branch adds its input gradient.
  for (std::size_t i = layers_.size(); i-- > 0;) {
    const Layer& l = *layers_[i];
    if (l.mlp) {
      const Mat n2 = ops::rmsNorm(hMid[i], l.mlpNorm, eps);
      dh += ops::rmsNormBackward(hMid[i], l.mlpNorm, eps, 0, l.mlp->backward(n2, dh, grads), grads);
    }
    const Mat n1 = ops::rmsNorm(hIn[i], l.mixerNorm, eps);
    dh += ops::rmsNormBackward(hIn[i], l.mixerNorm, eps, 0, l.mixer->backward(n1, dh, grads), grads);
  }
  Mat& dEmbedding = grads.of(embedding_);
  for (Eigen::Index t = 0; t < T; ++t) dEmbedding.row(tokens[std::size_t(t)]) += dh.row(t);
}

std::size_t LanguageModel::DecodeState::bytes() const {
  std::size_t n = 0;
  for (const auto& s : layers) n += s->bytes();
  return n;
}

LanguageModel::DecodeState LanguageModel::newState() const {
  DecodeState s;
  for (const auto& l : layers_) s.layers.push_back(l->mixer->newState());
  return s;
}

Row LanguageModel::step(DecodeState& state, int token) const {
  if (token < 0 || token >= config_.vocabSize)
    throw Error("token id " + std::to_string(token) + " is out of range: the vocabulary has " +
                std::to_string(config_.vocabSize) + " tokens");
  Mat h = embedding_.row(token);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const Layer& l = *layers_[i];
    h += l.mixer->step(*state.layers[i], Row(ops::rmsNorm(h, l.mixerNorm, config_.normEps)));
    if (l.mlp) h += l.mlp->forward(ops::rmsNorm(h, l.mlpNorm, config_.normEps));
  }
  ++state.position;
  return finalLogits(h);
}

Mat LanguageModel::forwardRecurrent(const std::vector<int>& tokens) const {
  checkTokens(tokens);
  DecodeState state = newState();
  Mat logits(Eigen::Index(tokens.size()), config_.vocabSize);
  for (std::size_t t = 0; t < tokens.size(); ++t) logits.row(Eigen::Index(t)) = step(state, tokens[t]);
  return logits;
}

}  // namespace seqscope
