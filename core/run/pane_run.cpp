#include "core/run/pane_run.h"

#include <sstream>

#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/vocabulary.h"
#include "core/run/decode_tracer.h"
#include "core/sample/sampler.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_solver.h"
#include "core/trm/trm_task.h"

namespace seqscope {
namespace {

using Clock = std::chrono::steady_clock;

std::string folderName(const std::string& dir) {
  std::filesystem::path p(dir);
  if (p.filename().empty()) p = p.parent_path();
  return p.filename().string();
}

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

PaneTraces runRead(const PaneSpec&, const std::string& modelDir, const std::string& input,
                   const PaneRun::Publish& publish, const PaneRun::Options& options) {
  const LanguageModel model = Checkpoint::load(modelDir);
  const Vocabulary vocabulary = Vocabulary::loadFromModelDir(modelDir);
  const std::vector<int> tokens =
      PaneRun::encodeInput(input, modelDir, model.config().vocabSize);
  DecodeOptions decode;
  decode.keepStates = int(tokens.size()) <= options.maxStateLength;
  Throttle throttle(options.publishSeconds);
  PaneTraces last;
  bool cancelled = false;
  DecodeTrace trace = DecodeTracer(model, folderName(modelDir), vocabulary)
                          .run(tokens, decode, [&](const DecodeTrace& soFar) {
                            if (options.cancel && options.cancel->load()) cancelled = true;
                            if (cancelled) return false;
                            if (!publish || !throttle.due()) return true;
                            PaneTraces snapshot;
                            snapshot.decode = std::make_shared<const DecodeTrace>(soFar);
                            cancelled = !publish(snapshot);
                            return !cancelled;
                          });
  last.decode = std::make_shared<const DecodeTrace>(std::move(trace));
  last.finished = !cancelled && last.decode->complete();
  if (publish && !cancelled) publish(last);
  return last;
}

// The samplers and the solver report frames one by one; the trace header they fill lives
// inside them, so the snapshots rebuild it from the same inputs (the final trace, returned by
// the sampler itself, replaces the last snapshot).
template <typename Trace, typename Frame, typename Run>
Trace streamFrames(Trace header, const PaneRun::Publish& publish, const PaneRun::Options& options,
                   bool& cancelled, Run&& run, std::shared_ptr<const Trace> PaneTraces::*member) {
  Throttle throttle(options.publishSeconds);
  Trace soFar = std::move(header);
  Trace final = run([&](const Frame& frame) {
    if (options.cancel && options.cancel->load()) cancelled = true;
    if (cancelled) return false;
    soFar.frames.push_back(frame);
    if (!publish || !throttle.due()) return true;
    PaneTraces snapshot;
    snapshot.*member = std::make_shared<const Trace>(soFar);
    cancelled = !publish(snapshot);
    return !cancelled;
  });
  return final;
}

PaneTraces runGeneration(const PaneSpec& spec, const std::string& modelDir, const std::string& input,
                         const PaneRun::Publish& publish, const PaneRun::Options& options) {
  const LanguageModel model = Checkpoint::load(modelDir);
  const Vocabulary vocabulary = Vocabulary::loadFromModelDir(modelDir);
  const std::vector<int> prompt = PaneRun::encodeInput(input, modelDir, model.config().vocabSize);
  SamplerOptions sampler;
  sampler.sampler = spec.run;
  sampler.generationLength = spec.generationLength;
  // Steps and blocks belong to diffusion; an AR run takes one step per token whatever the
  // pane held for a diffusion model before.
  const bool diffusion = spec.run == "diffusion";
  sampler.steps = diffusion ? spec.steps : 0;
  sampler.blockLength = diffusion ? spec.blockLength : 0;
  sampler.remasking = spec.remasking;
  sampler.temperature = spec.temperature;
  sampler.seed = spec.seed;
  // The input is the user's: fit the scene's steps and blocks to the generation length it
  // leaves, so that no valid input is an error (fitSamplerOptions).
  sampler = fitSamplerOptions(model.config(), int(prompt.size()), sampler);
  GenerationTrace header;
  header.sampler = spec.run;
  header.modelName = folderName(modelDir);
  header.task = model.config().task;
  header.promptLength = int(prompt.size());
  header.generationLength = sampler.generationLength;
  header.blockLength = spec.run == "ar" ? 1 : sampler.blockLength;
  header.maskId = spec.run == "ar" ? -1 : model.config().maskTokenId;
  for (int v = 0; v < model.config().vocabSize; ++v) header.vocabulary.push_back(vocabulary.label(v));
  bool cancelled = false;
  GenerationTrace trace = streamFrames<GenerationTrace, GenerationFrame>(
      header, publish, options, cancelled,
      [&](const FrameCallback& onFrame) {
        return generate(model, vocabulary, prompt, sampler, onFrame);
      },
      &PaneTraces::generation);
  trace.modelName = folderName(modelDir);
  trace.task = model.config().task;
  PaneTraces last;
  last.generation = std::make_shared<const GenerationTrace>(std::move(trace));
  last.finished = !cancelled;
  if (publish && !cancelled) publish(last);
  return last;
}

PaneTraces runSolve(const PaneSpec& spec, const std::string& modelDir, const std::string& input,
                    const PaneRun::Publish& publish, const PaneRun::Options& options) {
  const TrmModel model = TrmCheckpoint::load(modelDir);
  const TrmTask task(model.config().task);
  const TrmExample example = task.parse(input);
  RefinementTrace header;
  header.task = model.config().task;
  header.modelName = model.name;
  header.rows = model.config().rows;
  header.cols = model.config().cols;
  header.puzzle = example.puzzle;
  header.solution = example.solution;
  SolveOptions solveOptions;
  solveOptions.maxSupervisionSteps = spec.maxSteps;
  bool cancelled = false;
  RefinementTrace trace = streamFrames<RefinementTrace, RefinementFrame>(
      header, publish, options, cancelled,
      [&](const std::function<bool(const RefinementFrame&)>& onFrame) {
        return solve(model, example, solveOptions, onFrame);
      },
      &PaneTraces::refinement);
  PaneTraces last;
  last.refinement = std::make_shared<const RefinementTrace>(std::move(trace));
  last.finished = !cancelled;
  if (publish && !cancelled) publish(last);
  return last;
}

}  // namespace

int PaneTraces::frameCount() const {
  if (decode) return int(decode->frames.size());
  if (generation) return int(generation->frames.size());
  if (refinement) return int(refinement->frames.size());
  return 0;
}

std::vector<MeterSample> PaneTraces::meters() const {
  std::vector<MeterSample> out;
  if (decode)
    for (const auto& f : decode->frames) out.push_back(f->meter);
  if (generation)
    for (const auto& f : generation->frames) {
      MeterSample m = f.meter;
      m.nfe = f.nfe;
      m.generated = 0;
      for (std::size_t i = std::size_t(generation->promptLength); i < f.masked.size(); ++i) m.generated += !f.masked[i];
      out.push_back(m);
    }
  if (refinement)
    for (const auto& f : refinement->frames) {
      MeterSample m = f.meter;
      m.haltProbability = f.haltProbability;
      const std::string& solution = refinement->solution;
      if (!solution.empty() && solution.size() == f.answer.size()) {
        int right = 0;
        // A given counts as right, as the view shows and checks it (core/trm/answer_check).
        for (std::size_t i = 0; i < solution.size(); ++i) {
          const char given = i < refinement->puzzle.size() ? refinement->puzzle[i] : '.';
          right += solution[i] == f.answer[i] || (given >= '1' && given <= '9');
        }
        m.correctFraction = double(right) / double(solution.size());
      }
      out.push_back(m);
    }
  return out;
}

std::string PaneTraces::modelName() const {
  if (decode) return decode->modelName;
  if (generation) return generation->modelName;
  if (refinement) return refinement->modelName;
  return {};
}

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

PaneTraces PaneRun::run(const PaneSpec& spec, const std::string& modelDir,
                        const std::string& input, const Publish& publish) {
  return run(spec, modelDir, input, publish, Options{});
}

PaneTraces PaneRun::run(const PaneSpec& spec, const std::string& modelDir,
                        const std::string& input, const Publish& publish, const Options& options) {
  if (!std::filesystem::is_directory(modelDir))
    throw Error("model folder " + modelDir + " does not exist");
  if (spec.run == "read") return runRead(spec, modelDir, input, publish, options);
  if (spec.run == "diffusion" || spec.run == "ar")
    return runGeneration(spec, modelDir, input, publish, options);
  if (spec.run == "solve") return runSolve(spec, modelDir, input, publish, options);
  throw Error("unknown run \"" + spec.run + "\"");
}

}  // namespace seqscope
