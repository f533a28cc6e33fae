#include "views/chart_units.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace seqscope {
namespace {

// The largest step of `steps` (each `factor` times the previous) not above maxValue, so the
// displayed maximum is at least 1; values below the first step keep the first unit.
template <std::size_t N>
DisplayUnit pick(double maxValue, double factor, const std::array<const char*, N>& names,
                 int firstPower = 0) {
  int i = 0;
  double divisor = std::pow(factor, firstPower);
  const double v = std::isfinite(maxValue) ? std::abs(maxValue) : 0;
  while (i + 1 < int(N) && v >= divisor * factor) {
    divisor *= factor;
    ++i;
  }
  return {divisor, QString::fromUtf8(names[std::size_t(i)])};
}

}  // namespace

DisplayUnit ChartUnits::bytes(double maxBytes) {
  return pick<5>(maxBytes, 1024.0, {"B", "KiB", "MiB", "GiB", "TiB"});
}

DisplayUnit ChartUnits::seconds(double maxSeconds) {
  // Ordered from the smallest unit up: start at ns and climb while the value allows.
  return pick<4>(maxSeconds, 1000.0, {"ns", "\u00b5s", "ms", "s"}, -3);
}

DisplayUnit ChartUnits::flops(double maxFlops) {
  return pick<6>(maxFlops, 1000.0, {"FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP"});
}

DisplayUnit ChartUnits::rate(double maxPerSecond, const QString& what) {
  // "k"/"M" rather than "thousand"/"million": a vertical axis title has the plot's height
  // only, a few centimetres in a meters strip.
  DisplayUnit u = pick<3>(maxPerSecond, 1000.0, {"", "k ", "M "});
  u.symbol += what + QStringLiteral("/s");
  return u;
}

AxisRange ChartUnits::niceLinear(double lo, double hi, bool includeZero, int maxTicks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1, 2};
  if (lo > hi) std::swap(lo, hi);
  if (includeZero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  maxTicks = std::max(2, maxTicks);
  if (hi == lo) {
    // One value (an all-zero meter, a constant series): [0, 1] for zero, else a range one
    // power of ten wide around it. includeZero cannot get here with a non-zero value: it has
    // already stretched the range to 0.
    if (lo == 0) return {0, 1, 2};
    const double v = lo;
    // (The power of ten of a subnormal value can underflow to 0; two of the smallest doubles
    // still make a range.)
    const double mag = std::max(std::pow(10.0, std::floor(std::log10(std::abs(v)))),
                                2 * std::numeric_limits<double>::denorm_min());
    lo = v - mag / 2;
    hi = v + mag / 2;
    if (!std::isfinite(lo)) lo = v;  // near the largest double: widen on the side that fits
    if (!std::isfinite(hi)) hi = v;
  }
  const double span = hi - lo;
  // Spans a double cannot step through (overflowing, or so small that the step underflows)
  // are shown as they are.
  if (!std::isfinite(span) || !std::isnormal(span / (maxTicks - 1))) return {lo, hi, 2};
  // Try steps 1, 2, 5 x 10^k from the smallest that could fit upwards; the first whose
  // rounded-out range needs at most maxTicks ticks wins.
  const double rough = span / (maxTicks - 1);
  double power = std::pow(10.0, std::floor(std::log10(rough)));
  for (int guard = 0; guard < 8 && std::isnormal(power); ++guard, power *= 10) {
    for (double mult : {1.0, 2.0, 5.0}) {
      const double step = mult * power;
      // A tiny tolerance keeps a data maximum equal to a tick from adding one more interval.
      const double eps = step * 1e-9;
      const double a = std::floor((lo + eps) / step) * step;
      const double b = std::ceil((hi - eps) / step) * step;
      const double intervals = (b - a) / step;
      if (!std::isfinite(intervals)) continue;
      const int ticks = int(std::llround(intervals)) + 1;
      if (ticks <= maxTicks) return {a, b, std::max(2, ticks)};
    }
  }
  return {lo, hi, 2};
}

AxisRange ChartUnits::logRange(double lo, double hi, double base) {
  if (!(lo > 0) || !(hi > 0) || !std::isfinite(lo) || !std::isfinite(hi) || base <= 1)
    return {1, base > 1 ? base : 10, 2};
  if (lo > hi) std::swap(lo, hi);
  const double lb = std::log(base);
  // Snap values within rounding error of a power onto it before taking floor/ceil.
  auto exponent = [&](double v, bool down) {
    const double e = std::log(v) / lb;
    const double r = std::round(e);
    if (std::abs(e - r) < 1e-9) return r;
    return down ? std::floor(e) : std::ceil(e);
  };
  double e0 = exponent(lo, true);
  double e1 = exponent(hi, false);
  if (e1 <= e0) e1 = e0 + 1;
  return {std::pow(base, e0), std::pow(base, e1), int(e1 - e0) + 1};
}

}  // namespace seqscope
