#include "core/io/safetensors.h"

#include <Eigen/Core>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/io/atomic_file.h"

namespace seqscope {
namespace {

std::size_t dtypeSize(DType d) { return d == DType::F32 ? 4 : 2; }

bool parseDtype(const std::string& s, DType& out) {
  if (s == "F32") out = DType::F32;
  else if (s == "F16") out = DType::F16;
  else if (s == "BF16") out = DType::BF16;
  else return false;
  return true;
}

Real decode(const unsigned char* p, DType d) {
  if (d == DType::F32) {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  std::uint16_t bits = std::uint16_t(p[0] | (p[1] << 8));
  if (d == DType::F16) return float(Eigen::numext::bit_cast<Eigen::half>(bits));
  return float(Eigen::numext::bit_cast<Eigen::bfloat16>(bits));
}

void encode(Real v, DType d, std::string& out) {
  if (d == DType::F32) {
    float f = v;
    char b[4];
    std::memcpy(b, &f, 4);
    out.append(b, 4);
    return;
  }
  const std::uint16_t bits = d == DType::F16
                                 ? Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(float(v)))
                                 : Eigen::numext::bit_cast<std::uint16_t>(Eigen::bfloat16(float(v)));
  out.push_back(char(bits & 0xff));
  out.push_back(char(bits >> 8));
}

}  // namespace

const char* dtypeName(DType d) {
  switch (d) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
  }
  return "?";
}

TensorMap Safetensors::read(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(path + ": no such file (or not a regular file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open for reading");
  const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
  if (ec) throw Error(path + ": cannot read the file size");
  if (fileSize < 8) throw Error(path + ": truncated file (" + std::to_string(fileSize) +
                                " bytes, shorter than the 8-byte header length)");
  unsigned char lenBytes[8];
  in.read(reinterpret_cast<char*>(lenBytes), 8);
  std::uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | lenBytes[i];
  if (headerLen > fileSize - 8)
    throw Error(path + ": header length " + std::to_string(headerLen) +
                " runs past the end of the file (" + std::to_string(fileSize) + " bytes)");
  std::string headerText(headerLen, '\0');
  in.read(headerText.data(), std::streamsize(headerLen));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(headerText);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": the header is not valid JSON (" + e.what() + ")");
  }
  if (!header.is_object()) throw Error(path + ": the header is not a JSON object");

  const std::uint64_t dataSize = fileSize - 8 - headerLen;
  std::vector<unsigned char> data(dataSize);
  in.read(reinterpret_cast<char*>(data.data()), std::streamsize(dataSize));
  if (!in) throw Error(path + ": could not read the tensor data");

  TensorMap tensors;
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string& name = it.key();
    if (name == "__metadata__") continue;
    const auto& entry = it.value();
    const std::string where = path + ": tensor '" + name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets"))
      throw Error(where + " lacks dtype, shape or data_offsets");
    TensorData t;
    if (!entry["dtype"].is_string() || !parseDtype(entry["dtype"].get<std::string>(), t.storedAs))
      throw Error(where + " has unsupported dtype " + entry["dtype"].dump() +
                  " (supported: F32, F16, BF16)");
    const auto& shape = entry["shape"];
    const auto& offsets = entry["data_offsets"];
    if (!shape.is_array()) throw Error(where + ": shape is not an array");
    for (const auto& d : shape) {
      if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
        throw Error(where + ": shape " + shape.dump() + " is not a list of sizes");
      t.shape.push_back(d.get<std::int64_t>());
    }
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
      throw Error(where + ": data_offsets must be two non-negative integers");
    const std::uint64_t begin = offsets[0], end = offsets[1];
    const std::uint64_t n = std::uint64_t(numel(t.shape));
    if (end < begin || end - begin != n * dtypeSize(t.storedAs))
      throw Error(where + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                  "] do not match shape " + shape.dump() + " in " + dtypeName(t.storedAs));
    if (end > dataSize)
      throw Error(where + ": data ends at byte " + std::to_string(end) + " but the file holds " +
                  std::to_string(dataSize) + " data bytes (truncated file?)");
    t.values.resize(n);
    const std::size_t sz = dtypeSize(t.storedAs);
    for (std::uint64_t i = 0; i < n; ++i) t.values[i] = decode(&data[begin + i * sz], t.storedAs);
    tensors.emplace(name, std::move(t));
  }
  return tensors;
}

void Safetensors::write(const std::string& path, const TensorMap& tensors, DType dtype,
                        const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {  // std::map: sorted names, like the Python writer
    const std::uint64_t bytes = std::uint64_t(numel(t.shape)) * dtypeSize(dtype);
    header[name] = {{"dtype", dtypeName(dtype)}, {"shape", t.shape},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string headerText = header.dump();
  // Pad the header with spaces to a multiple of 8 so the data is aligned, as the spec advises.
  while ((headerText.size() + 8) % 8 != 0) headerText.push_back(' ');
  std::string blob;
  blob.reserve(8 + headerText.size() + offset);
  std::uint64_t len = headerText.size();
  for (int i = 0; i < 8; ++i) blob.push_back(char((len >> (8 * i)) & 0xff));
  blob += headerText;
  for (const auto& [name, t] : tensors)
    for (Real v : t.values) encode(v, dtype, blob);
  writeFileAtomically(path, blob);
}

}  // namespace seqscope
