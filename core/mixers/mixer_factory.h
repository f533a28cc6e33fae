#pragma once
#include <memory>
#include <string>

#include "core/io/model_config.h"
#include "core/mixers/mixer.h"

namespace seqscope {

// Builds the mixer of kind `kind` (one of knownMixerKinds()) from the model's config.
std::unique_ptr<Mixer> makeMixer(const std::string& kind, const ModelConfig& config);

}  // namespace seqscope
