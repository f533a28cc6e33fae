#include "app/resource_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace seqscope {

QString resourceDir() {
  const QString env = qEnvironmentVariable("SEQSCOPE_RESOURCE_DIR");
  if (!env.isEmpty()) return env;
  const QString exeDir = QCoreApplication::applicationDirPath();
  // An installed copy: <prefix>/bin/seqscope reads <prefix>/share/seqscope (the .deb: /usr).
  const QString installed = QDir::cleanPath(exeDir + "/../share/seqscope");
  if (QFileInfo(installed + "/models").isDir()) return installed;
  const QString besideExe = exeDir + "/resources";
  if (QFileInfo(besideExe + "/models").isDir()) return besideExe;
  return QStringLiteral(SEQSCOPE_RESOURCE_DIR);
}

QStringList bundledModels() {
  QStringList names;
  const QDir dir(resourceDir() + "/models");
  for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
    if (QFileInfo(dir.filePath(name) + "/config.json").isFile()) names << name;
  return names;
}

QString bundledModelPath(const QString& name) { return resourceDir() + "/models/" + name; }

QString resolveModelDir(const QString& model, const QString& sceneDir) {
  if (!model.contains('/') && QFileInfo(bundledModelPath(model)).isDir())
    return bundledModelPath(model);
  if (QFileInfo(model).isAbsolute()) return model;
  if (!sceneDir.isEmpty() && QFileInfo(QDir(sceneDir).filePath(model)).isDir())
    return QDir(sceneDir).filePath(model);
  if (QFileInfo(model).isDir()) return QFileInfo(model).absoluteFilePath();
  // Not found anywhere: name it as the user would look for it; the run reports it missing.
  return model.contains('/') ? model : bundledModelPath(model);
}

QString modelKind(const QString& dir) {
  QFile file(dir + "/config.json");
  if (!file.open(QIODevice::ReadOnly)) return {};
  const QJsonObject config = QJsonDocument::fromJson(file.readAll()).object();
  if (config.isEmpty()) return {};
  if (config.value("model_type").toString() == QLatin1String("seqscope_trm")) return QStringLiteral("trm");
  if (config.value("seqscope_objective").toString() == QLatin1String("diffusion"))
    return QStringLiteral("diffusion");
  return QStringLiteral("lm");
}

bool viewShowsModelKind(const std::string& view, const QString& kind) {
  if (view == "refinement") return kind == QLatin1String("trm");
  if (view == "diffusion") return kind == QLatin1String("diffusion") || kind == QLatin1String("lm");
  return kind == QLatin1String("lm");  // attention and state: read token by token
}

QStringList builtinScenes() {
  QStringList paths;
  const QDir dir(resourceDir() + "/scenes");
  for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
    paths << dir.filePath(name);
  return paths;
}

QString defaultScenePath() { return resourceDir() + "/scenes/1-diffusion-vs-autoregressive.json"; }

}  // namespace seqscope
