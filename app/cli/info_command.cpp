#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtGlobal>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <omp.h>

#include <Eigen/Core>

#include "app/cli/command.h"
#include "app/resource_paths.h"
#include "core/io/model_config.h"
#include "core/trm/trm_checkpoint.h"

namespace seqscope::cli {

int infoCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption json("json", "Print JSON instead of text.");
  parser.addOption(json);
  if (auto exit = parseArguments(parser, "info", "What this build of Seqscope can run.", args))
    return *exit;

  nlohmann::json out;
  out["version"] = SEQSCOPE_VERSION;
  out["mixers"] = knownMixerKinds();
  out["model_types"] = knownModelTypes();
  nlohmann::json models = nlohmann::json::array();
  for (const QString& name : bundledModels()) {
    nlohmann::json m{{"name", name.toStdString()}, {"path", bundledModelPath(name).toStdString()}};
    try {
      if (TrmCheckpoint::isTrm(bundledModelPath(name).toStdString())) {  // a Tiny Recursive Model
        const TrmModel trm = TrmCheckpoint::load(bundledModelPath(name).toStdString());
        m["model_type"] = kTrmModelType;
        m["layers"] = std::vector<std::string>(std::size_t(trm.config().numLayers), "trm-" + trm.config().variant);
        m["note"] = trm.config().note;
        models.push_back(m);
        continue;
      }
      const ModelConfig c = ModelConfig::fromFile((bundledModelPath(name) + "/config.json").toStdString());
      m["model_type"] = c.modelType;
      m["layers"] = c.layerMixers;
      m["note"] = c.note;
    } catch (const std::exception& e) {
      m["error"] = e.what();
    }
    models.push_back(m);
  }
  out["bundled_models"] = models;
  out["resource_dir"] = resourceDir().toStdString();
  out["openmp_threads"] = omp_get_max_threads();
  out["versions"] = {{"qt", std::string(qVersion())},
                     {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." +
                                   std::to_string(EIGEN_MAJOR_VERSION) + "." +
                                   std::to_string(EIGEN_MINOR_VERSION)},
                     {"openmp", std::to_string(_OPENMP)},
                     {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                           std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                           std::to_string(NLOHMANN_JSON_VERSION_PATCH)},
                     {"compiler", std::string(__VERSION__)}};
  if (parser.isSet(json)) {
    std::printf("%s\n", out.dump(2).c_str());
    return kOk;
  }
  auto join = [](const nlohmann::json& a) {
    std::string s;
    for (const auto& v : a) s += (s.empty() ? "" : ", ") + v.get<std::string>();
    return s;
  };
  std::printf("Seqscope %s\n", SEQSCOPE_VERSION);
  std::printf("mixers:          %s\n", join(out["mixers"]).c_str());
  std::printf("model types:     %s\n", join(out["model_types"]).c_str());
  std::printf("bundled models:  %s\n", resourceDir().toUtf8().constData());
  for (const auto& m : models)
    std::printf("  %-24s %s\n", m["name"].get<std::string>().c_str(),
                m.contains("error") ? m["error"].get<std::string>().c_str()
                                    : (m["model_type"].get<std::string>() + " [" + join(m["layers"]) + "]").c_str());
  std::printf("OpenMP threads:  %d\n", omp_get_max_threads());
  std::printf("versions:        Qt %s, Eigen %s, OpenMP %d, nlohmann_json %s, %s\n", qVersion(),
              out["versions"]["eigen"].get<std::string>().c_str(), _OPENMP,
              out["versions"]["nlohmann_json"].get<std::string>().c_str(), __VERSION__);
  return kOk;
}

}  // namespace seqscope::cli
