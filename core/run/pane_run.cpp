#include "core/run/pane_run.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/io/vocabulary.h"
#include "core/run/decode_tracer.h"
#include "core/scene/view_registry.h"
#include "core/sample/sampler.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_solver.h"
#include "core/trm/trm_task.h"

namespace seqscope {
namespace {

using Clock = std::chrono::steady_clock;

// Publishes snapshots no more often than every `interval` seconds, so copying the trace
// costs little next to computing it, and the GUI is not flooded with queued calls.
class Throttle {
 public:
  explicit Throttle(double interval) : interval_(interval) {}
  bool due() {
    const auto now = Clock::now();
    if (std::chrono::duration<double>(now - last_).count() < interval_) return false;
    last_ = now;
    return true;
  }

 private:
  double interval_;
  Clock::time_point last_{};
};

// Runs a producer (TraceProgress protocol) and publishes immutable snapshots of its trace so
// far, throttled, then the final trace. `finished` says whether a trace is complete once the
// producer returns uncancelled.
template <typename Trace, typename Produce>
PaneTrace stream(const PaneRun::Publish& publish, const PaneRun::Options& options, Produce&& produce) {
  Throttle throttle(options.publishSeconds);
  bool cancelled = false;
  Trace trace = produce([&](const Trace& soFar) {
    if (options.cancel && options.cancel->load()) cancelled = true;
    if (cancelled) return false;
    if (!publish || !throttle.due()) return true;
    cancelled = !publish(PaneTrace(std::make_shared<const Trace>(soFar)));
    return !cancelled;
  });
  bool finished = !cancelled;
  if constexpr (std::is_same_v<Trace, DecodeTrace>) finished = finished && trace.complete();
  PaneTrace last(std::make_shared<const Trace>(std::move(trace)), finished);
  if (publish && !cancelled) publish(last);
  return last;
}

PaneTrace runRead(const PaneSpec&, const std::string& modelDir, const std::string& input,
                  const PaneRun::Publish& publish, const PaneRun::Options& options) {
  const LanguageModel model = Checkpoint::load(modelDir);
  const Vocabulary vocabulary = Vocabulary::loadFromModelDir(modelDir);
  const std::vector<int> tokens = PaneRun::encodeInput(input, modelDir, model.config().vocabSize);
  DecodeOptions decode;
  decode.keepStates = int(tokens.size()) <= options.maxStateLength;
  return stream<DecodeTrace>(publish, options, [&](const TraceProgress<DecodeTrace>& progress) {
    return DecodeTracer(model, model.name, vocabulary).run(tokens, decode, progress);
  });
}

PaneTrace runGeneration(const PaneSpec& spec, const std::string& modelDir, const std::string& input,
                        const PaneRun::Publish& publish, const PaneRun::Options& options) {
  const LanguageModel model = Checkpoint::load(modelDir);
  const Vocabulary vocabulary = Vocabulary::loadFromModelDir(modelDir);
  const std::vector<int> prompt = PaneRun::encodeInput(input, modelDir, model.config().vocabSize);
  SamplerOptions sampler;
  sampler.sampler = spec.run;
  sampler.generationLength = spec.generationLength;
  // Steps and blocks belong to diffusion; an AR run takes one step per token whatever the
  // pane held for a diffusion model before.
  const bool diffusion = (ViewRegistry::run(spec.run).controls & kControlSteps) != 0;
  sampler.steps = diffusion ? spec.steps : 0;
  sampler.blockLength = diffusion ? spec.blockLength : 0;
  sampler.remasking = spec.remasking;
  sampler.temperature = spec.temperature;
  sampler.seed = spec.seed;
  // The input is the user's: fit the scene's steps and blocks to the generation length it
  // leaves, so that no valid input is an error (fitSamplerOptions).
  sampler = fitSamplerOptions(model.config(), int(prompt.size()), sampler);
  return stream<GenerationTrace>(publish, options, [&](const GenerationProgress& progress) {
    return generate(model, vocabulary, prompt, sampler, progress);
  });
}

PaneTrace runSolve(const PaneSpec& spec, const std::string& modelDir, const std::string& input,
                   const PaneRun::Publish& publish, const PaneRun::Options& options) {
  const TrmModel model = TrmCheckpoint::load(modelDir);
  const TrmTask task(model.config().task);
  const TrmExample example = task.parse(input);
  SolveOptions solveOptions;
  solveOptions.maxSupervisionSteps = spec.maxSteps;
  return stream<RefinementTrace>(publish, options, [&](const TraceProgress<RefinementTrace>& progress) {
    return solve(model, example, solveOptions, progress);
  });
}

using Producer = PaneTrace (*)(const PaneSpec&, const std::string&, const std::string&,
                               const PaneRun::Publish&, const PaneRun::Options&);

// The producer of each run of ViewRegistry (a test checks that every registered run has one).
const std::map<std::string, Producer>& producers() {
  static const std::map<std::string, Producer> m{
      {"read", runRead}, {"diffusion", runGeneration}, {"ar", runGeneration}, {"solve", runSolve}};
  return m;
}

}  // namespace

std::vector<int> PaneRun::encodeInput(const std::string& input, const std::string& modelDir,
                                      int vocabSize) {
  const Vocabulary vocabulary = Vocabulary::loadFromModelDir(modelDir);
  const bool text = vocabulary.isCharacterLevel() || vocabulary.isWordLevel();
  std::vector<int> tokens;
  if (vocabulary.isWordLevel()) {
    // Typed text meets a closed list of words, half-typed words included: the prompt is the
    // words the model knows, in order, and the rest is left out (the pane's text line shows
    // the prompt the model got). With none known, the vocabulary's first word (English: "the").
    std::istringstream words(input);
    std::string w;
    while (words >> w) {
      try {
        for (int id : vocabulary.encodeWords(w)) tokens.push_back(id);
      } catch (const Error&) {
      }
    }
    if (tokens.empty()) tokens.push_back(0);
  } else {
    tokens = text ? vocabulary.encode(input) : parseTokenIds(input);
  }
  if (tokens.empty())
    throw Error(text ? "the input is empty: type some text"
                                              : "no token ids given: type ids such as \"1 2 3\"");
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i] < 0 || tokens[i] >= vocabSize)
      throw Error("token " + std::to_string(tokens[i]) + " at position " + std::to_string(i) +
                  " is outside the model's vocabulary of " + std::to_string(vocabSize));
  return tokens;
}

bool PaneRun::hasProducer(const std::string& run) { return producers().count(run) > 0; }

PaneTrace PaneRun::run(const PaneSpec& spec, const std::string& modelDir,
                       const std::string& input, const Publish& publish) {
  return run(spec, modelDir, input, publish, Options{});
}

PaneTrace PaneRun::run(const PaneSpec& spec, const std::string& modelDir,
                       const std::string& input, const Publish& publish, const Options& options) {
  if (!std::filesystem::is_directory(modelDir))
    throw Error("model folder " + modelDir + " does not exist");
  const auto it = producers().find(spec.run);
  if (it == producers().end()) {
    ViewRegistry::run(spec.run);  // an unknown run: throws, naming the known ones
    throw Error("no producer for the run \"" + spec.run + "\"");
  }
  return it->second(spec, modelDir, input, publish, options);
}

}  // namespace seqscope
