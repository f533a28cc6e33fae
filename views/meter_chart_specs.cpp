#include "views/meter_chart_specs.h"

#include <algorithm>
#include <cmath>

#include "views/chart_units.h"

namespace seqscope {
namespace {

// Step times as the running median of the last kMedianWindow measured steps: one step slowed
// by the machine (a page fault, another process) must not read as the model's cost.
std::vector<double> medianSeconds(const std::vector<MeterSample>& samples) {
  std::vector<double> out(samples.size(), 0.0), window;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    window.clear();
    for (std::size_t j = i + 1 - std::min<std::size_t>(i + 1, MeterChartSpecs::kMedianWindow); j <= i; ++j)
      if (samples[j].stepSeconds > 0) window.push_back(samples[j].stepSeconds);
    if (window.empty()) continue;
    std::nth_element(window.begin(), window.begin() + std::ptrdiff_t(window.size() / 2), window.end());
    out[i] = window[window.size() / 2];
  }
  return out;
}

double tokensPerSecond(const MeterSample& s, double seconds) {
  // A step whose time was not measured has no rate; its point is left out (a gap), never 0.
  return seconds > 0 && s.stepSeconds > 0 ? s.tokensThisStep / seconds : std::nan("");
}

// Fixes an axis to the nice range of every value it will ever show, so it does not move.
void fixRange(LineChartAxis& axis, double lo, double hi) {
  if (!(lo <= hi)) return;  // no data yet: the spec falls back to its default range
  const AxisRange r = ChartUnits::niceLinear(lo, hi, axis.includeZero);
  axis.min = r.lo;
  axis.max = r.hi;
}

// One empty curve per chart for a run, named and coloured as its pane.
std::vector<LineChartSeries> seriesFor(const MeterSeries& run, int index) {
  std::vector<LineChartSeries> lines(MeterChartSpecs::kChartCount);
  for (LineChartSeries& l : lines) {
    l.name = QString::fromStdString(run.name);
    l.colorIndex = run.colorIndex >= 0 ? run.colorIndex : index;
  }
  return lines;
}

// The current sample of every run is marked, so where each run stands reads at a glance: the
// last finite point (a throughput gap must not put the marker at NaN).
void markCurrent(std::vector<LineChartSeries>& lines) {
  for (LineChartSeries& l : lines)
    for (auto i = l.points.size() - 1; i >= 0; --i)
      if (std::isfinite(l.points[i].y())) {
        l.marker = l.points[i];
        break;
      }
}

}  // namespace

MeterChartSpecs::MeterSet MeterChartSpecs::meterSet(const std::vector<MeterSeries>& runs) {
  bool generation = !runs.empty(), solve = !runs.empty();
  for (const MeterSeries& r : runs)
    for (const MeterSample& s : r.samples) {
      generation = generation && s.nfe >= 0;
      solve = solve && s.haltProbability >= 0;
    }
  for (const MeterSeries& r : runs)
    if (r.samples.empty()) generation = solve = false;
  return generation ? MeterSet::Generation : solve ? MeterSet::Solve : MeterSet::Read;
}

// The charts that tell a generation's or a solve's story, against the step (frame):
//   generation: time per step, wall time so far, NFE so far, FLOPs per generated token;
//   solve:      time per step, halting probability, cells correct, FLOPs so far.
std::vector<LineChartSpec> MeterChartSpecs::buildFitted(MeterSet set, const std::vector<MeterSeries>& runs,
                                                        int frame, std::vector<LineChartSpec> specs,
                                                        const DisplayUnit& time,
                                                        const std::vector<std::vector<double>>& medians) {
  const int frames = frameCount(runs);
  double maxTotal = 0, maxNfe = 0, maxPerToken = 0, maxFlops = 0, maxSeconds = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    double total = 0;
    for (std::size_t i = 0; i < runs[r].samples.size(); ++i) {
      const MeterSample& s = runs[r].samples[i];
      total += s.stepSeconds;
      maxTotal = std::max(maxTotal, total);
      maxNfe = std::max(maxNfe, double(s.nfe));
      if (s.generated > 0) maxPerToken = std::max(maxPerToken, s.cumulativeFlops / s.generated);
      maxFlops = std::max(maxFlops, s.cumulativeFlops);
      maxSeconds = std::max(maxSeconds, medians[r][i]);
    }
  }
  const DisplayUnit totalUnit = ChartUnits::seconds(maxTotal);
  const DisplayUnit perTokenUnit = ChartUnits::flops(maxPerToken);
  const DisplayUnit flopsUnit = ChartUnits::flops(maxFlops);
  const bool generation = set == MeterSet::Generation;
  LineChartSpec& a = specs[kThroughput];
  LineChartSpec& b = specs[kLiveBytes];
  LineChartSpec& c = specs[kFlops];
  if (generation) {
    a.title = QStringLiteral("Wall time so far");
    a.y.title = totalUnit.symbol;
    b.title = QStringLiteral("Network evaluations (NFE) so far");
    b.y.title = QStringLiteral("NFE");
    c.title = QStringLiteral("FLOPs per token made (cost model)");
    c.y.title = perTokenUnit.symbol;
  } else {
    a.title = QStringLiteral("Halting probability");
    a.y.title = QStringLiteral("p(halt)");
    b.title = QStringLiteral("Cells correct");
    b.y.title = QStringLiteral("%");
    c.title = QStringLiteral("FLOPs so far (cost model)");
    c.y.title = flopsUnit.symbol;
  }
  const QString x = generation ? QStringLiteral("step") : QStringLiteral("frame (cycle)");
  for (LineChartSpec& s : specs) {
    s.x.title = x;
    fixRange(s.x, 0, std::max(1, frames - 1));
  }
  fixRange(specs[kStepTime].y, 0, time.toDisplay(maxSeconds));
  if (generation) {
    fixRange(a.y, 0, totalUnit.toDisplay(maxTotal));
    fixRange(b.y, 0, std::max(1.0, maxNfe));
    fixRange(c.y, 0, perTokenUnit.toDisplay(maxPerToken));
  } else {
    fixRange(a.y, 0, 1);
    fixRange(b.y, 0, 100);
    fixRange(c.y, 0, flopsUnit.toDisplay(maxFlops));
  }
  const int cursorFrame = frame == kAllFrames ? frames - 1 : std::clamp(frame, 0, frames - 1);
  for (LineChartSpec& s : specs) s.cursorX = cursorFrame;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const MeterSeries& run = runs[r];
    const int shown = visibleCount(int(run.samples.size()), frame);
    std::vector<LineChartSeries> lines = seriesFor(run, int(r));
    double total = 0;
    for (int i = 0; i < shown; ++i) {
      const MeterSample& s = run.samples[std::size_t(i)];
      total += s.stepSeconds;
      const double seconds = medians[r][std::size_t(i)];
      lines[kStepTime].points.append(QPointF(i, seconds > 0 ? time.toDisplay(seconds) : std::nan("")));
      if (generation) {
        lines[kThroughput].points.append(QPointF(i, totalUnit.toDisplay(total)));
        lines[kLiveBytes].points.append(QPointF(i, s.nfe));
        lines[kFlops].points.append(
            QPointF(i, s.generated > 0 ? perTokenUnit.toDisplay(s.cumulativeFlops / s.generated) : std::nan("")));
      } else {
        lines[kThroughput].points.append(QPointF(i, s.haltProbability));
        lines[kLiveBytes].points.append(QPointF(i, s.correctFraction >= 0 ? 100 * s.correctFraction : std::nan("")));
        lines[kFlops].points.append(QPointF(i, flopsUnit.toDisplay(s.cumulativeFlops)));
      }
    }
    markCurrent(lines);
    for (int k = 0; k < kChartCount; ++k) specs[std::size_t(k)].series.push_back(std::move(lines[std::size_t(k)]));
  }
  return specs;
}

int MeterChartSpecs::visibleCount(int sampleCount, int frame) {
  if (frame < 0) return 0;
  return int(std::min<long long>(sampleCount, (long long)frame + 1));
}

int MeterChartSpecs::frameCount(const std::vector<MeterSeries>& runs) {
  int n = 0;
  for (const MeterSeries& r : runs) n = std::max(n, int(r.samples.size()));
  return n;
}

std::vector<LineChartSpec> MeterChartSpecs::build(const std::vector<MeterSeries>& runs, int frame) {
  // Units and ranges over all samples of all runs.
  double maxSeconds = 0, maxRate = 0, maxBytes = 0, maxFlops = 0;
  double maxPos = 0, minPos = 1e300;
  std::vector<std::vector<double>> medians;
  for (const MeterSeries& r : runs) {
    medians.push_back(medianSeconds(r.samples));
    for (std::size_t i = 0; i < r.samples.size(); ++i) {
      const MeterSample& s = r.samples[i];
      const double seconds = medians.back()[i];
      maxSeconds = std::max(maxSeconds, seconds);
      if (const double rate = tokensPerSecond(s, seconds); std::isfinite(rate))
        maxRate = std::max(maxRate, rate);
      maxBytes = std::max(maxBytes, double(s.liveBytes));
      maxFlops = std::max(maxFlops, s.cumulativeFlops);
      maxPos = std::max(maxPos, double(s.position));
      minPos = std::min(minPos, double(s.position));
    }
  }
  const DisplayUnit time = ChartUnits::seconds(maxSeconds);
  const DisplayUnit rate = ChartUnits::rate(maxRate, QStringLiteral("tokens"));
  const DisplayUnit bytes = ChartUnits::bytes(maxBytes);
  const DisplayUnit flops = ChartUnits::flops(maxFlops);
  const int frames = frameCount(runs);
  const bool any = frames > 0;

  std::vector<LineChartSpec> specs(kChartCount);
  LineChartSpec& stepTime = specs[kStepTime];
  stepTime.title = QStringLiteral("Time per step (median of %1)").arg(kMedianWindow);
  stepTime.x.title = QStringLiteral("frame");
  stepTime.y.title = time.symbol;
  LineChartSpec& throughput = specs[kThroughput];
  throughput.title = QStringLiteral("Throughput");
  throughput.x.title = QStringLiteral("frame");
  throughput.y.title = rate.symbol;
  LineChartSpec& live = specs[kLiveBytes];
  live.title = QStringLiteral("KV cache or state");
  live.x.title = QStringLiteral("tokens");
  live.y.title = bytes.symbol;
  LineChartSpec& cost = specs[kFlops];
  cost.title = QStringLiteral("FLOPs so far (cost model)");
  cost.x.title = QStringLiteral("tokens");
  cost.y.title = flops.symbol;
  for (LineChartSpec& s : specs) {
    s.x.includeZero = true;
    s.y.includeZero = true;
    s.legend = false;  // MeterCharts draws one legend row for all four
  }
  if (!any) {
    for (LineChartSpec& s : specs) s.note = QStringLiteral("no run yet");
    return specs;
  }
  const MeterSet set = meterSet(runs);
  if (set != MeterSet::Read) return buildFitted(set, runs, frame, std::move(specs), time, medians);
  for (int c : {kStepTime, kThroughput})
    fixRange(specs[std::size_t(c)].x, 0, std::max(1, frames - 1));
  for (int c : {kLiveBytes, kFlops}) fixRange(specs[std::size_t(c)].x, minPos, maxPos);
  fixRange(stepTime.y, 0, time.toDisplay(maxSeconds));
  fixRange(throughput.y, 0, rate.toDisplay(maxRate));
  fixRange(live.y, 0, bytes.toDisplay(maxBytes));
  fixRange(cost.y, 0, flops.toDisplay(maxFlops));

  const int cursorFrame = frame == kAllFrames ? frames - 1 : std::clamp(frame, 0, frames - 1);
  stepTime.cursorX = cursorFrame;
  throughput.cursorX = cursorFrame;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const MeterSeries& run = runs[r];
    const int shown = visibleCount(int(run.samples.size()), frame);
    std::vector<LineChartSeries> lines = seriesFor(run, int(r));
    // A long run (tens of thousands of tokens) is drawn from at most ~kMaxPoints samples per
    // curve, evenly strided, always keeping the last shown one: a chart cannot show more
    // than it has pixels, and Qt Charts slows the GUI thread with every point it is given.
    const int stride = std::max(1, (shown + kMaxPoints - 1) / kMaxPoints);
    for (int i = 0; i < shown; i = (i + stride < shown || i == shown - 1) ? i + stride : shown - 1) {
      const MeterSample& s = run.samples[std::size_t(i)];
      const double pos = s.position;
      const double seconds = medians[r][std::size_t(i)];
      lines[kStepTime].points.append(QPointF(i, seconds > 0 ? time.toDisplay(seconds) : std::nan("")));
      lines[kThroughput].points.append(QPointF(i, rate.toDisplay(tokensPerSecond(s, seconds))));
      lines[kLiveBytes].points.append(QPointF(pos, bytes.toDisplay(double(s.liveBytes))));
      lines[kFlops].points.append(QPointF(pos, flops.toDisplay(s.cumulativeFlops)));
    }
    markCurrent(lines);
    for (int c = 0; c < kChartCount; ++c)
      specs[std::size_t(c)].series.push_back(std::move(lines[std::size_t(c)]));
  }
  return specs;
}

}  // namespace seqscope
