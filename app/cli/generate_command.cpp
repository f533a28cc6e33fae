#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/io/vocabulary.h"
#include "core/sample/sampler.h"
#include "core/trace/generation_trace_json.h"

namespace seqscope::cli {
namespace {

int intValue(const QCommandLineParser& p, const QCommandLineOption& o, const char* name) {
  bool ok = false;
  const int v = p.value(o).toInt(&ok);
  if (!ok) throw Error(std::string(name) + " must be an integer, got \"" + p.value(o).toStdString() + "\"");
  return v;
}

}  // namespace

int generateCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption model("model", "Model directory (config.json, model.safetensors, vocab.txt).", "DIR");
  const QCommandLineOption prompt("prompt", "Prompt text, one character per token.", "TEXT");
  const QCommandLineOption sampler("sampler", "ar or diffusion (default: what the checkpoint was trained for).", "S");
  const QCommandLineOption length("length", "Tokens to generate (default: fill the model's trained length).", "N", "0");
  const QCommandLineOption steps("steps", "Diffusion steps = network evaluations (default: the length).", "N", "0");
  const QCommandLineOption block("block-length", "Diffusion block length (default: the length, one block).", "B", "0");
  const QCommandLineOption remasking("remasking", "low_confidence or random.", "R", "low_confidence");
  const QCommandLineOption temperature("temperature", "0 = greedy; > 0 samples with Gumbel noise.", "T", "0");
  const QCommandLineOption seed("seed", "Seed of the noise and of random remasking.", "S", "1");
  const QCommandLineOption trace("trace", "Write every step as JSON (format in the README).", "OUT.json");
  const QCommandLineOption json("json", "Print {\"answer\", \"tokens\", \"nfe\", \"sampler\", ...} as JSON.");
  parser.addOptions({model, prompt, sampler, length, steps, block, remasking, temperature, seed, trace, json});
  if (auto exit = parseArguments(parser, "generate",
                                 "Generates an answer with a diffusion (LLaDA) or autoregressive sampler.", args))
    return *exit;
  if (!parser.isSet(model) || !parser.isSet(prompt)) {
    printError("generate", "--model DIR and --prompt TEXT are required");
    return kUsage;
  }
  SamplerOptions o;
  o.sampler = parser.value(sampler).toStdString();
  o.generationLength = intValue(parser, length, "--length");
  o.steps = intValue(parser, steps, "--steps");
  o.blockLength = intValue(parser, block, "--block-length");
  o.remasking = parser.value(remasking).toStdString();
  const std::optional<double> temp = numberOption(parser, temperature);
  if (!temp) throw Error("--temperature must be a number, got \"" + parser.value(temperature).toStdString() + "\"");
  o.temperature = *temp;
  bool ok = false;
  o.seed = parser.value(seed).toULongLong(&ok);
  if (!ok) throw Error("--seed must be a non-negative integer");
  if (o.generationLength < 0 || o.steps < 0 || o.blockLength < 0)
    throw Error("--length, --steps and --block-length must be positive");

  const std::string dir = parser.value(model).toStdString();
  const LanguageModel lm = Checkpoint::load(dir);
  const Vocabulary vocab = Vocabulary::loadFromModelDir(dir);
  if (vocab.empty()) throw Error(dir + " has no vocab.txt, so a text prompt cannot be encoded");
  const std::vector<int> ids = vocab.encode(parser.value(prompt).toStdString());
  GenerationTrace t = generate(lm, vocab, ids, o);
  if (parser.isSet(trace)) writeGenerationTrace(t, parser.value(trace).toStdString());

  const std::vector<int> answer = generatedTokens(t);
  const std::string text = vocab.decode(answer);
  const int nfe = t.frames.back().nfe;
  if (parser.isSet(json)) {
    const nlohmann::json j = {{"prompt", parser.value(prompt).toStdString()}, {"answer", text},
                              {"tokens", answer}, {"nfe", nfe}, {"sampler", t.sampler},
                              {"steps", int(t.frames.size()) - 1}, {"block_length", t.blockLength}};
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("%s\n", text.c_str());
    std::fprintf(stderr, "%s sampler, %d tokens in %d network evaluations\n", t.sampler.c_str(),
                 int(answer.size()), nfe);
  }
  return kOk;
}

}  // namespace seqscope::cli
