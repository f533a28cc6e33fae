#pragma once
// Bytes for people: "512 B", "3.5 KiB", "1.2 MiB" (powers of 1024, as memory is counted). One
// formatter for the captions, the command line's tables and the status bar.
#include <cmath>
#include <cstdio>
#include <string>

namespace seqscope {

// KiB with one decimal; MiB with `mibDecimals` (the captions show a state's growth in
// hundredths of a MiB). Halves round away from zero (6.25 KiB reads "6.3 KiB"), as Qt's
// number formatting does, not to even as printf does.
inline std::string formatBytes(double bytes, int mibDecimals = 1) {
  const auto text = [](double value, int decimals, const char* unit) {
    const double scale = std::pow(10.0, decimals);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f %s", decimals, std::round(value * scale) / scale, unit);
    return std::string(buf);
  };
  if (bytes >= 1024.0 * 1024.0) return text(bytes / (1024.0 * 1024.0), mibDecimals, "MiB");
  if (bytes >= 1024.0) return text(bytes / 1024.0, 1, "KiB");
  return text(bytes, 0, "B");
}

}  // namespace seqscope
