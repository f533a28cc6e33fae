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

}  // namespace seqscope
