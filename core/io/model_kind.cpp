#include "core/io/model_kind.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace seqscope {

ModelKind modelKindOf(const std::string& modelDir) {
  std::ifstream in(modelDir + "/config.json", std::ios::binary);
  if (!in) return ModelKind::Unknown;
  const nlohmann::json config = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!config.is_object() || config.empty()) return ModelKind::Unknown;
  const auto type = config.find("model_type");
  if (type != config.end() && type->is_string() && *type == "seqscope_trm") return ModelKind::RecursiveReasoner;
  const auto objective = config.find("seqscope_objective");
  if (objective != config.end() && objective->is_string() && *objective == "diffusion")
    return ModelKind::DiffusionModel;
  return ModelKind::LanguageModel;
}

}  // namespace seqscope
