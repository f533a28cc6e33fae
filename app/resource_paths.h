#pragma once
#include <QString>
#include <QStringList>
#include <string>

namespace seqscope {

// The folder with the bundled models and scenes: $SEQSCOPE_RESOURCE_DIR if set, else
// <prefix>/share/seqscope for an installed <prefix>/bin/seqscope, else `resources` beside the
// executable (a copied folder), else the source tree's resources/ (a build tree run from
// anywhere).
QString resourceDir();
// Names of the bundled model directories (resources/models/*/config.json).
QStringList bundledModels();
// Path of a bundled model by name.
QString bundledModelPath(const QString& name);

// The folder of a scene's model: a bundled model's name, or a folder (a relative one is
// taken from the scene file's folder `sceneDir`, then from the working directory).
QString resolveModelDir(const QString& model, const QString& sceneDir = {});
// Whether the model in `dir` can run in `view` (ViewRegistry): the view shows its kind of
// model (modelKindOf), and a view of typed text needs a model that reads characters or words
// (a model with no vocabulary cannot answer a typed prompt).
bool viewCanRunModel(const std::string& view, const QString& dir);
// One line for the model picker's tooltip: task, architecture and size, and the accuracy of
// its evaluation (eval.json, else the last evaluation in train_log.jsonl), from its files.
QString modelDescription(const QString& dir);
// The built-in scenes (resources/scenes/*.json), sorted by file name.
QStringList builtinScenes();
// The scene the window opens when given none (the README's first command).
QString defaultScenePath();

}  // namespace seqscope
