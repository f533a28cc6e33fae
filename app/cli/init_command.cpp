#include <cstdio>
#include <filesystem>

#include "app/cli/command.h"
#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/io/vocabulary.h"
#include "core/util/rng.h"

namespace seqscope::cli {

int initCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption config("config", "config.json describing the model.", "FILE");
  const QCommandLineOption seed("seed", "Random seed.", "S", "1");
  const QCommandLineOption out("out", "Output model directory.", "DIR");
  const QCommandLineOption vocab("vocab-chars", "Write a character vocabulary (vocab.txt): the "
                                 "characters of TEXT, one token each, in order.", "TEXT");
  parser.addOptions({config, seed, out, vocab});
  if (auto exit = parseArguments(parser, "init", "Writes a randomly initialised model.", args))
    return *exit;
  if (!parser.isSet(config) || !parser.isSet(out)) {
    printError("init", "--config FILE and --out DIR are required");
    return kUsage;
  }
  bool ok = false;
  const qulonglong s = parser.value(seed).toULongLong(&ok);
  if (!ok) {
    printError("init", "--seed must be a non-negative integer");
    return kUsage;
  }
  LanguageModel model(ModelConfig::fromFile(parser.value(config).toStdString()));
  Rng rng(s);
  initParameters(model.parameters(), rng);
  const std::string dir = parser.value(out).toStdString();
  if (parser.isSet(vocab)) {
    const QByteArray chars = parser.value(vocab).toUtf8();
    if (chars.size() != model.config().vocabSize)
      throw Error("--vocab-chars has " + std::to_string(chars.size()) + " characters but vocab_size is " +
                  std::to_string(model.config().vocabSize));
    std::vector<std::string> tokens;
    for (char c : chars) tokens.emplace_back(1, c);
    Checkpoint::save(model, dir);
    Vocabulary(tokens).save(dir + "/vocab.txt");
  } else {
    Checkpoint::save(model, dir);
  }
  std::printf("wrote %s (%zu parameters)\n", dir.c_str(), model.parameterCount());
  return kOk;
}

}  // namespace seqscope::cli
