#include "app/resource_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace seqscope {

QString resourceDir() {
  const QString env = qEnvironmentVariable("SEQSCOPE_RESOURCE_DIR");
  if (!env.isEmpty()) return env;
  const QString besideExe = QCoreApplication::applicationDirPath() + "/resources";
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

QStringList builtinScenes() {
  QStringList paths;
  const QDir dir(resourceDir() + "/scenes");
  for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
    paths << dir.filePath(name);
  return paths;
}

QString defaultScenePath() { return resourceDir() + "/scenes/1-diffusion-vs-autoregressive.json"; }

}  // namespace seqscope
