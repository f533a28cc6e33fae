#include "core/trm/trm_checkpoint.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/safetensors.h"

namespace seqscope {

namespace fs = std::filesystem;

bool TrmCheckpoint::isTrm(const std::string& dir) {
  std::ifstream in(fs::path(dir) / "config.json");
  if (!in) return false;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() && j.value("model_type", std::string()) == kTrmModelType;
}

TrmModel TrmCheckpoint::load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(dir + ": not a model directory (it does not exist or is not a folder)");
  const std::string configPath = (fs::path(dir) / "config.json").string();
  const std::string weightsPath = (fs::path(dir) / "model.safetensors").string();
  std::ifstream in(configPath);
  if (!in) throw Error(configPath + ": cannot read the file");
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(configPath + ": not valid JSON");
  TrmModel model(TrmConfig::fromJson(j, configPath));
  const TensorMap tensors = Safetensors::read(weightsPath);
  std::set<std::string> used;
  for (const Parameter& p : model.parameters()) {
    auto it = tensors.find(p.name);
    if (it == tensors.end()) throw Error(weightsPath + ": missing tensor '" + p.name + "'");
    if (it->second.shape != p.shape)
      throw Error(weightsPath + ": tensor '" + p.name +
                  "' does not have the shape config.json implies");
    std::copy(it->second.values.begin(), it->second.values.end(), p.value->data());
    used.insert(p.name);
  }
  for (const auto& [name, t] : tensors)
    if (!used.count(name)) throw Error(weightsPath + ": unexpected tensor '" + name + "'");
  model.name = fs::path(dir).lexically_normal().filename().string();
  if (model.name.empty())
    model.name = fs::path(dir).lexically_normal().parent_path().filename().string();
  return model;
}

void TrmCheckpoint::save(TrmModel& model, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir))
    throw Error(dir + ": cannot create the folder (" + ec.message() + ")");
  TensorMap tensors;
  for (const Parameter& p : model.parameters()) {
    TensorData t;
    t.shape = p.shape;
    t.values.assign(p.value->data(), p.value->data() + p.value->size());
    tensors.emplace(p.name, std::move(t));
  }
  Safetensors::write((fs::path(dir) / "model.safetensors").string(), tensors, DType::F32,
                     {{"format", "pt"}});
  writeFileAtomically((fs::path(dir) / "config.json").string(),
                      model.config().toJson().dump(2) + "\n");
}

}  // namespace seqscope
