#pragma once
// Reader and writer for the safetensors format (an 8-byte little-endian header length, a JSON
// header mapping tensor names to dtype / shape / byte offsets, then the raw data). Written
// here rather than pulled in: the format is small, and every way a file can be wrong must
// turn into a message naming the file and the problem.
#include <map>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace seqscope {

enum class DType { F32, F16, BF16 };

const char* dtypeName(DType d);

struct TensorData {
  Shape shape;
  DType storedAs = DType::F32;  // dtype in the file (values are converted to Real)
  std::vector<Real> values;     // row-major, numel(shape) entries
};

using TensorMap = std::map<std::string, TensorData>;

class Safetensors {
 public:
  // Reads every tensor; throws Error("<path>: <problem>") for a missing or truncated file, a
  // header length past the end of the file, malformed header JSON, an unknown dtype, or
  // offsets that do not match the shape or overrun the data.
  static TensorMap read(const std::string& path);

  // Writes all tensors in `dtype` (converting from Real, round to nearest even), atomically:
  // the data goes to a temporary file in the same folder which is renamed over `path` only
  // once complete, so a failure never leaves a half-written file.
  static void write(const std::string& path, const TensorMap& tensors, DType dtype,
                    const std::map<std::string, std::string>& metadata = {});
};

}  // namespace seqscope
