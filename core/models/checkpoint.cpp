#include "core/models/checkpoint.h"

#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/io/atomic_file.h"

namespace seqscope {
namespace {

std::string shapeText(const Shape& s) {
  std::string t = "[";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + "]";
}

}  // namespace

LanguageModel Checkpoint::load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(dir + ": not a model directory (it does not exist or is not a folder)");
  const std::string configPath = (fs::path(dir) / "config.json").string();
  const std::string weightsPath = (fs::path(dir) / "model.safetensors").string();
  LanguageModel model(ModelConfig::fromFile(configPath));
  model.name = fs::path(dir).lexically_normal().filename().string();
  if (model.name.empty()) model.name = fs::path(dir).lexically_normal().parent_path().filename().string();
  TensorMap tensors = Safetensors::read(weightsPath);

  std::set<std::string> used;
  for (const Parameter& p : model.parameters()) {
    auto it = tensors.find(p.name);
    if (it == tensors.end())
      throw Error(weightsPath + ": missing tensor '" + p.name + "' (expected shape " +
                  shapeText(p.shape) + ")");
    if (it->second.shape != p.shape)
      throw Error(weightsPath + ": tensor '" + p.name + "' has shape " + shapeText(it->second.shape) +
                  " but config.json implies " + shapeText(p.shape));
    std::copy(it->second.values.begin(), it->second.values.end(), p.value->data());
    used.insert(p.name);
  }
  for (const auto& [name, t] : tensors) {
    if (used.count(name)) continue;
    // Some writers keep a tied LM head although it only repeats the embedding.
    if (name == "lm_head.weight" && model.config().tieEmbeddings) continue;
    throw Error(weightsPath + ": unexpected tensor '" + name + "' (not part of a " +
                model.config().modelType + " model with this config)");
  }
  return model;
}

void Checkpoint::save(LanguageModel& model, const std::string& dir, DType dtype) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw Error(dir + ": cannot create the folder (" + ec.message() + ")");
  TensorMap tensors;
  for (const Parameter& p : model.parameters()) {
    TensorData t;
    t.shape = p.shape;
    t.storedAs = dtype;
    t.values.assign(p.value->data(), p.value->data() + p.value->size());
    tensors.emplace(p.name, std::move(t));
  }
  Safetensors::write((fs::path(dir) / "model.safetensors").string(), tensors, dtype,
                     {{"format", "pt"}});
  writeFileAtomically((fs::path(dir) / "config.json").string(), model.config().toJson().dump(2) + "\n");
}

}  // namespace seqscope
