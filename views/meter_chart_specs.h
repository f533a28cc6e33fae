#pragma once
// What the meters show, as chart specs built from the measured samples of up to four runs:
//   0 time per step      against frame   (measured, steady clock)
//   1 tokens per second  against frame   (tokens of the step / its time)
//   2 live bytes         against position (KV cache or recurrent state actually held)
//   3 cumulative FLOPs   against position (the analytic cost model, and the title says so)
// Sample i belongs to frame i of its run. At frame k a run shows its samples 0..k (all of
// them once it has ended), so playing the trace grows the curves. Axis ranges and units come
// from ALL samples, not only the visible ones: the axes stay still while the curves grow, and
// every run is drawn on the same scale.
#include <limits>
#include <string>
#include <vector>

#include "core/trace/meter_sample.h"
#include "views/chart_units.h"
#include "views/line_chart_spec.h"

namespace seqscope {

struct MeterSeries {
  std::string name;  // the pane's model, e.g. "attention" or "Gated DeltaNet"
  std::vector<MeterSample> samples;
  int colorIndex = -1;  // ChartStyle::runColor index; -1 = the series' position (its pane)
};

class MeterChartSpecs {
 public:
  // Points per curve at most; longer runs are strided (the last sample always kept).
  static constexpr int kMaxPoints = 1000;
  // Time per step and throughput use the median of the last kMedianWindow step times.
  static constexpr std::size_t kMedianWindow = 5;
  enum Chart { kStepTime = 0, kThroughput = 1, kLiveBytes = 2, kFlops = 3, kChartCount = 4 };
  // Which four charts fit the runs: reading (time, throughput, bytes, FLOPs against tokens);
  // generations only (time, wall time so far, NFE so far, FLOPs per generated token against
  // the step); TRM solves only (time, halting probability, cells correct, FLOPs against the
  // frame). The chart slots keep their indices; their titles say what they hold.
  enum class MeterSet { Read, Generation, Solve };
  static MeterSet meterSet(const std::vector<MeterSeries>& runs);
  // Shows every sample (the default before any frame is set).
  static constexpr int kAllFrames = std::numeric_limits<int>::max();

  // Samples of a run visible at `frame`: min(frame + 1, count), or all for kAllFrames.
  static int visibleCount(int sampleCount, int frame);
  // The four chart specs at `frame` (see the header comment for what each shows).
  static std::vector<LineChartSpec> build(const std::vector<MeterSeries>& runs, int frame);
  // The largest sample count of the runs: the last frame the meters can show is this - 1.
  static int frameCount(const std::vector<MeterSeries>& runs);

 private:
  static std::vector<LineChartSpec> buildFitted(MeterSet set, const std::vector<MeterSeries>& runs, int frame,
                                                std::vector<LineChartSpec> specs, const DisplayUnit& time,
                                                const std::vector<std::vector<double>>& medians);
};

}  // namespace seqscope
