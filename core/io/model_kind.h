#pragma once
// What a model folder holds, read from its config.json without loading the weights: the model
// picker asks this of every bundled model to offer only those a view can show.
#include <string>

#include "core/scene/view_registry.h"

namespace seqscope {

// ModelKind::Unknown when the folder has no readable config.json (never throws).
ModelKind modelKindOf(const std::string& modelDir);

}  // namespace seqscope
