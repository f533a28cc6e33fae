#include "app/gui/model_analyzer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/io/checkpoint.h"

namespace seqscope {
namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Median wall time of `run` over 3 to 5 repetitions (3 when runs are slow). A single
// run of a small model on a busy machine mostly measures OpenMP threads waking up; the median
// of a few is what the model costs, and still a measurement, not an estimate.
template <typename F>
double medianMilliseconds(F&& run) {
  std::vector<double> times;
  double total = 0;
  while (times.size() < 5 && (times.size() < 3 || total < 100.0)) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(millisecondsSince(start));
    total += times.back();
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

ModelAnalyzer::ModelAnalyzer() = default;
ModelAnalyzer::~ModelAnalyzer() = default;

std::shared_ptr<const AnalysisResult> ModelAnalyzer::analyze(const AnalysisRequest& request,
                                                             std::uint64_t generation) {
  auto result = std::make_shared<AnalysisResult>();
  result->generation = generation;
  result->request = request;
  const std::lock_guard lock(mutex_);
  try {
    ensureLoaded(request.modelDir.toStdString());
    compute(*result);
  } catch (const std::bad_alloc&) {
    result->error = QStringLiteral("not enough memory for this prompt; try a shorter one");
  } catch (const std::exception& e) {  // seqscope::Error and anything the model throws
    result->error = QString::fromStdString(e.what());
  }
  return result;
}

void ModelAnalyzer::ensureLoaded(const std::string& dir) {
  if (model_ && dir == loadedDir_) return;
  model_.reset();
  loadedDir_.clear();
  auto model = std::make_unique<LanguageModel>(Checkpoint::load(dir));
  vocab_ = Vocabulary::loadFromModelDir(dir);
  parameterCount_ = model->parameterCount();
  model_ = std::move(model);
  loadedDir_ = dir;
}

std::vector<int> ModelAnalyzer::encode(const QString& prompt) const {
  std::vector<int> tokens;
  if (vocab_.isCharacterLevel()) {
    // The vocabulary holds single bytes; name a non-ASCII character as the user typed it
    // rather than as the first byte of its UTF-8 encoding.
    for (qsizetype i = 0; i < prompt.size(); ++i)
      if (prompt[i].unicode() > 127)
        throw Error("character '" + QString(prompt[i]).toStdString() + "' at position " +
                    std::to_string(i) + " is not in the model's vocabulary");
    tokens = vocab_.encodeCharacters(prompt.toStdString());
  } else {
    // No character vocabulary (e.g. a Hugging Face checkpoint): the prompt is token ids.
    tokens = parseTokenIds(prompt.toStdString());
  }
  if (tokens.empty())
    throw Error(vocab_.isCharacterLevel() ? "the prompt is empty: type some text"
                                          : "no token ids given: type ids such as \"1 2 3\"");
  if (int(tokens.size()) > kMaxTokens)
    throw Error("the prompt has " + std::to_string(tokens.size()) +
                " tokens; the explorer shows at most " + std::to_string(kMaxTokens));
  model_->checkTokens(tokens);
  return tokens;
}

void ModelAnalyzer::compute(AnalysisResult& r) {
  const LanguageModel& m = *model_;
  const ModelConfig& config = m.config();
  r.modelName = QString::fromStdString(std::filesystem::path(loadedDir_).filename().string());
  if (r.modelName.isEmpty())  // a path ending in '/'
    r.modelName =
        QString::fromStdString(std::filesystem::path(loadedDir_).parent_path().filename().string());
  r.modelNote = QString::fromStdString(config.note);
  r.layerKinds = config.layerMixers;
  r.parameterCount = parameterCount_;
  r.attentionWindow = config.attention.slidingWindow;
  r.attentionCausal = config.attention.causal;
  r.tokens = encode(r.request.prompt);
  for (int id : r.tokens) r.tokenLabels << QString::fromStdString(vocab_.label(id));
  r.layer = (r.request.layer >= 0 && r.request.layer < m.numLayers()) ? r.request.layer : 0;

  const auto T = Eigen::Index(r.tokens.size());
  LanguageModel::Capture capture;
  Mat logits;
  r.forwardMs = medianMilliseconds([&] { logits = m.forward(r.tokens, &capture); });

  const auto start = std::chrono::steady_clock::now();
  r.attention = m.mixer(r.layer).implicitAttention(capture.mixerInputs[std::size_t(r.layer)]);
  r.implicitMs = millisecondsSince(start);

  // The recurrent form over the same tokens: its state after the last token is what the
  // right-hand view shows, and its logits must equal the parallel ones.
  LanguageModel::DecodeState state;
  Mat recurrent(T, logits.cols());
  r.decodeMs = medianMilliseconds([&] {
    state = m.newState();
    for (Eigen::Index t = 0; t < T; ++t) recurrent.row(t) = m.step(state, r.tokens[std::size_t(t)]);
  });
  r.parallelVsRecurrent = double((logits - recurrent).cwiseAbs().maxCoeff());
  r.stateSlices = state.layers[std::size_t(r.layer)]->slices();
  r.decodeStateBytes = state.bytes();
  r.layerStateBytes = state.layers[std::size_t(r.layer)]->bytes();

  const Row last = logits.row(T - 1);
  Eigen::Index best = 0;
  const Real top = last.maxCoeff(&best);
  const double sum = (last.array() - top).exp().sum();
  r.nextToken = QString::fromStdString(vocab_.label(int(best)));
  r.nextTokenProbability = 1.0 / sum;
}

}  // namespace seqscope
