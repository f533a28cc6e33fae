#include "core/run/decode_tracer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/cost/model_cost.h"
#include "core/error.h"
#include "core/tasks/task.h"

namespace seqscope {

DecodeTracer::DecodeTracer(const LanguageModel& model, std::string modelName,
                           const Vocabulary& vocabulary)
    : model_(model), modelName_(std::move(modelName)), vocabulary_(vocabulary) {}

DecodeTrace DecodeTracer::run(const std::vector<int>& tokens, const DecodeOptions& options,
                              const Progress& progress) const {
  if (tokens.empty()) throw Error("the input has no tokens");
  model_.checkTokens(tokens);
  const int T = int(tokens.size());
  if (options.keepStates && T > DecodeOptions::kMaxStateLength)
    throw Error("the input has " + std::to_string(T) + " tokens; states are kept for at most " +
                std::to_string(DecodeOptions::kMaxStateLength) + " (turn them off for long runs)");

  const ModelConfig& config = model_.config();
  DecodeTrace trace;
  trace.modelName = modelName_;
  trace.modelNote = config.note;
  trace.layerKinds = config.layerMixers;
  for (int l = 0; l < model_.numLayers(); ++l) {
    trace.attentionCausal = trace.attentionCausal && model_.mixer(l).isCausal();
    trace.attentionWindow = std::max(trace.attentionWindow, model_.mixer(l).window());
  }
  trace.tokens = tokens;
  for (int id : tokens) trace.tokenLabels.push_back(vocabulary_.label(id));
  if (!config.task.empty() &&
      std::find(knownTasks().begin(), knownTasks().end(), config.task) != knownTasks().end())
    trace.answerPositions = makeTask(config.task)->answerPositions(tokens, config.vocabSize);

  // The parallel form once: its logits check the recurrent form below, and each layer's
  // mixer input gives that layer's (implicit) attention maps.
  Mat parallelLogits;
  if (options.attentionMaps && T <= options.maxAttentionLength) {
    LanguageModel::Capture capture;
    parallelLogits = model_.forward(tokens, &capture);
    auto maps = std::make_shared<std::vector<LayerAttention>>();
    for (int l = 0; l < model_.numLayers(); ++l) {
      ImplicitAttention a = model_.mixer(l).implicitAttention(capture.mixerInputs[std::size_t(l)]);
      maps->push_back({std::move(a.weights), std::move(a.labels)});
      if (progress && !progress(trace)) return trace;
    }
    trace.attention = std::move(maps);
  }

  // The cost model's decode FLOPs of token t grow with t for attention only; evaluating it
  // per token is cheap next to the step itself.
  LanguageModel::DecodeState state = model_.newState();
  double flops = 0, worstDifference = 0;
  for (int t = 0; t < T; ++t) {
    const auto start = std::chrono::steady_clock::now();
    const Row logits = model_.step(state, tokens[std::size_t(t)]);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    auto frame = std::make_shared<DecodeFrame>();
    frame->position = t;
    Eigen::Index best = 0;
    const Real top = logits.maxCoeff(&best);
    frame->predictedToken = int(best);
    frame->predictedProbability = float(1.0 / (logits.array() - top).exp().sum());
    frame->predictedLabel = vocabulary_.label(int(best));
    if (parallelLogits.rows() == T)
      worstDifference = std::max(
          worstDifference, double((parallelLogits.row(t) - logits).cwiseAbs().maxCoeff()));
    flops += CostModel::of(model_, t + 1).decodeFlopsPerToken;
    frame->meter = {t + 1, 1, seconds, state.bytes(), flops};
    if (options.keepStates) {
      for (const auto& layer : state.layers) {
        LayerSnapshot snapshot;
        snapshot.slices = layer->slices();
        for (const auto& s : snapshot.slices) snapshot.norms.push_back(float(s.values.norm()));
        snapshot.bytes = layer->bytes();
        frame->layers.push_back(std::move(snapshot));
      }
    }
    trace.frames.push_back(std::move(frame));
    if (t + 1 == T && parallelLogits.rows() == T) trace.parallelVsRecurrent = worstDifference;
    if (progress && !progress(trace)) break;
  }
  return trace;
}

}  // namespace seqscope
