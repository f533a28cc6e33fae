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
// What a model folder holds, from its config.json: "trm" (a Tiny Recursive Model, for the
// refinement view), "diffusion" (a masked diffusion model) or "lm" (a causal language model);
// empty when the folder has no readable config.
QString modelKind(const QString& dir);
// Whether a view can show a model of that kind.
bool viewShowsModelKind(const std::string& view, const QString& kind);
// The built-in scenes (resources/scenes/*.json), sorted by file name.
QStringList builtinScenes();
// The scene the window opens when given none (the README's first command).
QString defaultScenePath();

}  // namespace seqscope
