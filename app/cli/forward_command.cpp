#include <cstdio>
#include <filesystem>

#include "app/cli/command.h"
#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/io/vocabulary.h"

namespace seqscope::cli {

int forwardCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption model("model", "Model directory (config.json + model.safetensors).", "DIR");
  const QCommandLineOption tokens("tokens", "Token ids, e.g. \"1 2 3\".", "IDS");
  const QCommandLineOption mode("mode", "parallel (whole sequence) or recurrent (token by token).",
                                "MODE", "parallel");
  const QCommandLineOption json("json", "Print {\"logits\": [[...], ...]}, one row per position.");
  parser.addOptions({model, tokens, mode, json});
  if (auto exit = parseArguments(parser, "forward", "Runs a model over a token sequence.", args))
    return *exit;
  if (!parser.isSet(model) || !parser.isSet(tokens)) {
    printError("forward", "--model DIR and --tokens \"IDS\" are required");
    return kUsage;
  }
  const QString m = parser.value(mode);
  if (m != "parallel" && m != "recurrent") {
    printError("forward", "--mode must be parallel or recurrent, not \"" + m + "\"");
    return kUsage;
  }
  const std::vector<int> ids = parseTokenIds(parser.value(tokens).toStdString());
  const std::string dir = parser.value(model).toStdString();
  const LanguageModel lm = Checkpoint::load(dir);
  lm.checkTokens(ids);
  const Mat logits = m == "parallel" ? lm.forward(ids) : lm.forwardRecurrent(ids);

  if (parser.isSet(json)) {
    std::string out = "{\"logits\": [";
    char buf[32];
    for (Eigen::Index t = 0; t < logits.rows(); ++t) {
      out += t ? ",\n  [" : "\n  [";
      for (Eigen::Index v = 0; v < logits.cols(); ++v) {
        std::snprintf(buf, sizeof buf, "%s%.9g", v ? ", " : "", double(logits(t, v)));
        out += buf;
      }
      out += "]";
    }
    out += "\n]}\n";
    std::fputs(out.c_str(), stdout);
    return kOk;
  }
  const Vocabulary vocab = Vocabulary::loadFromModelDir(dir);
  std::printf("%s model, %d layers, %s form, %zu tokens\n", lm.config().modelType.c_str(),
              lm.numLayers(), m.toUtf8().constData(), ids.size());
  std::printf("%5s  %-8s  %-8s  %10s  %s\n", "pos", "token", "argmax", "logit", "first logits");
  for (Eigen::Index t = 0; t < logits.rows(); ++t) {
    Eigen::Index best = 0;
    logits.row(t).maxCoeff(&best);
    std::printf("%5ld  %-8s  %-8s  %10.4f ", long(t), vocab.label(ids[std::size_t(t)]).c_str(),
                vocab.label(int(best)).c_str(), double(logits(t, best)));
    for (Eigen::Index v = 0; v < std::min<Eigen::Index>(6, logits.cols()); ++v)
      std::printf(" %8.4f", double(logits(t, v)));
    std::printf("\n");
  }
  return kOk;
}

}  // namespace seqscope::cli
