#pragma once
#include <QString>
#include <QStringList>

namespace seqscope {

// The folder with the bundled models and scenes: $SEQSCOPE_RESOURCE_DIR if set, else
// `resources` beside the executable (an installed copy), else the source tree's
// resources/ (a build tree run from anywhere).
QString resourceDir();
// Names of the bundled model directories (resources/models/*/config.json).
QStringList bundledModels();
// Path of a bundled model by name.
QString bundledModelPath(const QString& name);

}  // namespace seqscope
