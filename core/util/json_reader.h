#pragma once
// Typed reads of one JSON object (a config.json or one of its sections) with messages that
// name the file and the key: "config.json (gated_deltanet): "num_heads" must be an integer".
// The model config reader and every mixer's own config section use it.
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace seqscope {

class JsonReader {
 public:
  JsonReader(const nlohmann::json& j, std::string source) : j_(j), source_(std::move(source)) {}

  bool has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }

  int integer(const char* key, int min = 1) const {
    if (!has(key)) throw Error(source_ + ": missing key \"" + key + "\"");
    return integerOr(key, 0, min);
  }
  int integerOr(const char* key, int fallback, int min = 1) const {
    if (!has(key)) return fallback;
    const nlohmann::json& v = j_[key];
    if (!v.is_number_integer()) throw Error(source_ + ": \"" + key + "\" must be an integer, got " + v.dump());
    const long long x = v.get<long long>();
    if (x < min || x > 1'000'000'000)
      throw Error(source_ + ": \"" + key + "\" = " + v.dump() + " is out of range (minimum " +
                  std::to_string(min) + ")");
    return int(x);
  }
  double number(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    return toNumber(j_[key], key);
  }
  double toNumber(const nlohmann::json& v, const char* key) const {
    if (v.is_number()) return v.get<double>();
    // transformers writes infinities as {"__float__": "Infinity"}.
    if (v.is_object() && v.contains("__float__") && v["__float__"].is_string()) {
      const std::string s = v["__float__"];
      if (s == "Infinity") return INFINITY;
      if (s == "-Infinity") return -INFINITY;
    }
    throw Error(source_ + ": \"" + key + "\" must be a number, got " + v.dump());
  }
  bool boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!j_[key].is_boolean()) throw Error(source_ + ": \"" + key + "\" must be true or false");
    return j_[key].get<bool>();
  }
  // Throws Error "<source>: <what>" unless ok.
  void require(bool ok, const std::string& what) const {
    if (!ok) throw Error(source_ + ": " + what);
  }
  // The object under `key` as a reader of its own ("<source> (<key>)"); Error if absent.
  JsonReader section(const char* key) const {
    require(has(key) && j_[key].is_object(), std::string("missing section \"") + key + "\"");
    return JsonReader(j_[key], source_ + " (" + key + ")");
  }
  const nlohmann::json& at(const char* key) const { return j_[key]; }
  const std::string& source() const { return source_; }

 private:
  const nlohmann::json& j_;
  std::string source_;
};

}  // namespace seqscope
