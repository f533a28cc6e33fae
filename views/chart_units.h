#pragma once
// Pure numbers behind chart axes, tested without painting: which unit an axis shows
// (bytes -> KiB/MiB, seconds -> ms/us, FLOPs -> GFLOP) and which range and ticks cover the
// data. The unit is chosen from the largest value on the axis, so tick labels stay short
// (1 to ~1000) and the unit sits once in the axis title instead of on every label.
#include <QString>

namespace seqscope {

struct DisplayUnit {
  double divisor = 1;  // displayed value = raw value / divisor
  QString symbol;      // "KiB", "ms", "GFLOP", "tokens/s"
  double toDisplay(double raw) const { return raw / divisor; }
};

struct AxisRange {
  double lo = 0, hi = 1;
  int tickCount = 2;  // for a linear axis: ticks at lo, lo + step, ..., hi
  double step() const { return tickCount > 1 ? (hi - lo) / (tickCount - 1) : hi - lo; }
};

class ChartUnits {
 public:
  // B, KiB, MiB, GiB, TiB (powers of 1024, as memory is counted).
  static DisplayUnit bytes(double maxBytes);
  // s, ms, us, ns.
  static DisplayUnit seconds(double maxSeconds);
  // FLOP, kFLOP, MFLOP, GFLOP, TFLOP, PFLOP (powers of 1000).
  static DisplayUnit flops(double maxFlops);
  // "<what>/s", "k <what>/s", "M <what>/s".
  static DisplayUnit rate(double maxPerSecond, const QString& what);

  // The smallest "nice" range (steps of 1, 2 or 5 times a power of ten) that contains
  // [lo, hi] with at most maxTicks ticks. includeZero stretches it down (or up) to 0, which
  // quantities such as bytes and time need to be read honestly. lo == hi gives a range one
  // power of ten wide around the value ([0, 1] for zero); non-finite input gives [0, 1]. Never
  // fails and always returns hi > lo, for any double input.
  static AxisRange niceLinear(double lo, double hi, bool includeZero, int maxTicks = 6);
  // Whole powers of `base` that contain [lo, hi] (lo > 0). A range inside one power is widened
  // to two so that the axis shows at least two labelled ticks.
  static AxisRange logRange(double lo, double hi, double base);
};

}  // namespace seqscope
