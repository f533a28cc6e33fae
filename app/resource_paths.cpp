#include "app/resource_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include "core/error.h"
#include "core/io/model_kind.h"
#include "core/io/vocabulary.h"
#include "core/scene/view_registry.h"

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

bool viewCanRunModel(const std::string& view, const QString& dir) {
  if (!ViewRegistry::viewShows(view, modelKindOf(dir.toStdString()))) return false;
  if (!ViewRegistry::view(view).typedText) return true;
  static QHash<QString, bool> readsText;  // GUI thread only, like the picker that asks
  if (const auto it = readsText.constFind(dir); it != readsText.constEnd()) return *it;
  bool text = false;
  try {
    const Vocabulary v = Vocabulary::loadFromModelDir(dir.toStdString());
    text = v.isCharacterLevel() || v.isWordLevel();
  } catch (const Error&) {
  }
  return readsText[dir] = text;
}

namespace {
QString readModelDescription(const QString& dir) {
  QFile file(dir + "/config.json");
  if (!file.open(QIODevice::ReadOnly)) return QObject::tr("no config.json");
  const QJsonObject c = QJsonDocument::fromJson(file.readAll()).object();
  QStringList parts;
  const QString name = QFileInfo(dir).fileName();
  if (c.value("model_type").toString() == QLatin1String("seqscope_trm")) {
    parts << QObject::tr("Tiny Recursive Model (%1) on %2").arg(c.value("variant").toString(), c.value("task").toString());
    if (c.value("supervision_steps").toInt() <= 1) parts.last() += QObject::tr(", run once");
  } else {
    // The task is the folder name's first word for the bundled models (mqar-, english-, ...).
    const QString objective = c.value("seqscope_objective").toString() == QLatin1String("diffusion")
                                  ? QObject::tr("masked diffusion")
                                  : QObject::tr("autoregressive");
    QStringList kinds;
    for (const QJsonValue& v : c.value("layer_types").toArray())
      if (!kinds.contains(v.toString())) kinds << v.toString();
    parts << QObject::tr("%1 · %2").arg(name.section('-', 0, 0), objective);
    parts << QObject::tr("%1 layers of %2, d_model %3")
                 .arg(c.value("num_hidden_layers").toInt())
                 .arg(kinds.isEmpty() ? c.value("model_type").toString() : kinds.join(QStringLiteral(" + ")))
                 .arg(c.value("hidden_size").toInt());
  }
  QFile eval(dir + "/eval.json");
  if (eval.open(QIODevice::ReadOnly)) {
    const QJsonObject e = QJsonDocument::fromJson(eval.readAll()).object();
    if (e.contains("accuracy"))
      parts << QObject::tr("%1% exact on %2 held-out puzzles").arg(e.value("accuracy").toDouble() * 100, 0, 'f', 1).arg(e.value("n").toInt());
  } else {
    QFile log(dir + "/train_log.jsonl");
    double last = -1;
    if (log.open(QIODevice::ReadOnly))
      while (!log.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(log.readLine()).object();
        if (line.contains("eval_accuracy")) last = line.value("eval_accuracy").toDouble();
      }
    if (last >= 0) parts << QObject::tr("%1% exact at its last training evaluation").arg(last * 100, 0, 'f', 1);
  }
  return parts.join(QStringLiteral(" · "));
}
}  // namespace

QString modelDescription(const QString& dir) {
  // The picker asks for every bundled model each time it refills; a training log is read once.
  static QHash<QString, QString> cache;
  if (const auto it = cache.constFind(dir); it != cache.constEnd()) return *it;
  return cache[dir] = readModelDescription(dir);
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
