#pragma once
// A TRM on disk: a folder with config.json (model_type "seqscope_trm", see TrmConfig) and
// model.safetensors (the EMA weights, names as TrmModel::parameters()).
#include <string>

#include "core/trm/trm_model.h"

namespace seqscope {

class TrmCheckpoint {
 public:
  // True when dir/config.json exists and names model_type "seqscope_trm".
  static bool isTrm(const std::string& dir);
  // Throws Error naming the file and the problem (missing folder, bad config, a tensor
  // missing, extra or of the wrong shape). The model's name is the folder's name.
  static TrmModel load(const std::string& dir);
  // Writes both files atomically into dir (created if needed).
  static void save(TrmModel& model, const std::string& dir);
};

}  // namespace seqscope
