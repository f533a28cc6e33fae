#pragma once
// A model on disk is a directory with config.json and model.safetensors, named as Hugging Face
// transformers names them, so directories written by save_pretrained load unchanged.
#include <string>

#include "core/io/safetensors.h"
#include "core/models/language_model.h"

namespace seqscope {

class Checkpoint {
 public:
  // Throws Error naming the file and the problem: unreadable directory, malformed config,
  // unknown model_type, a tensor missing, extra, or of the wrong shape.
  static LanguageModel load(const std::string& dir);
  // Writes config.json and model.safetensors (each atomically) into `dir` (created if needed).
  static void save(LanguageModel& model, const std::string& dir, DType dtype = DType::F32);
};

}  // namespace seqscope
