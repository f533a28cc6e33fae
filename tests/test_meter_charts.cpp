// Meters and charts: the pure parts (units, axis ranges, grid cells, what each chart holds at
// a frame, chart spec JSON, bench results) checked as numbers; the Qt Charts rendering checked
// on offscreen images (exact size, not blank, the run's colour present); `seqscope chart`
// through the real binary, including bad input that must leave no file behind.
#include <QChart>
#include <QGraphicsScene>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QProcess>
#include <QTemporaryDir>
#include <QValueAxis>
#include <cmath>
#include <limits>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "gui_test_main.h"
#include "test_support.h"
#include "views/chart_units.h"
#include "views/line_chart.h"
#include "views/meter_chart_specs.h"
#include "views/meter_charts.h"
#include "views/scaling_chart.h"

using namespace seqscope;

namespace {

// A run of n decode steps: position grows by one per step from `prompt`, the state grows by
// bytesPerToken per token (a KV cache) or stays put (bytesPerToken = 0, fixed state).
MeterSeries makeRun(const std::string& name, int n, int prompt, std::size_t bytesPerToken,
                    std::size_t fixedBytes, double seconds) {
  MeterSeries run;
  run.name = name;
  double flops = 0;
  for (int i = 0; i < n; ++i) {
    MeterSample s;
    s.position = prompt + i;
    s.tokensThisStep = i == 0 ? prompt : 1;
    s.stepSeconds = seconds * (1 + 0.1 * i);
    s.liveBytes = fixedBytes + bytesPerToken * std::size_t(s.position);
    flops += 1e6 * s.tokensThisStep * (1 + s.position / 100.0);
    s.cumulativeFlops = flops;
    run.samples.push_back(s);
  }
  return run;
}

std::vector<MeterSeries> twoRuns() {
  return {makeRun("attention", 40, 8, 64 * 1024, 0, 2e-3),
          makeRun("mamba", 25, 8, 0, 300 * 1024, 1e-3)};
}

// Pixels within `tolerance` (per channel) of `color`.
int countNear(const QImage& image, const QColor& color, int tolerance = 24) {
  int n = 0;
  const QImage img = image.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < img.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
    for (int x = 0; x < img.width(); ++x)
      if (std::abs(qRed(line[x]) - color.red()) <= tolerance &&
          std::abs(qGreen(line[x]) - color.green()) <= tolerance &&
          std::abs(qBlue(line[x]) - color.blue()) <= tolerance)
        ++n;
  }
  return n;
}

// Saves an image for a person to look at when SEQSCOPE_TEST_IMAGES names a folder.
void dumpImage(const QImage& image, const QString& name) {
  const QString dir = qEnvironmentVariable("SEQSCOPE_TEST_IMAGES");
  if (!dir.isEmpty()) image.save(dir + '/' + name);
}

struct CliResult {
  int exitCode = -1;
  QByteArray out, err;
};

CliResult runSeqscope(const QStringList& args) {
  QProcess p;
  p.start(QStringLiteral(SEQSCOPE_BINARY), args);
  CliResult r;
  if (!p.waitForFinished(60000)) {
    p.kill();
    p.waitForFinished();
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

void writeText(const QString& path, const std::string& text) {
  std::ofstream(path.toStdString()) << text;
}

const char* kGoodSpec = R"js({
  "title": "Loss while training",
  "x": {"title": "step"},
  "y": {"title": "loss (nats)", "log": true},
  "series": [{"name": "diffusion", "points": [[0, 3.2], [100, 1.5], [200, null], [300, 0.4]]},
             {"name": "autoregressive", "points": [[0, 3.0], [100, 1.1], [200, 0.6], [300, 0.3]]}]
})js";

// `seqscope bench --json` output in miniature: attention skipped at 4096 by the memory guard.
const char* kBenchJson = R"js({"threads": 2, "results": [
      {"mixer": "attention", "length": 256, "skipped": false, "prefill_us_per_token": 2.0,
       "decode_us_per_token": 3.0, "state_bytes": 131072},
      {"mixer": "attention", "length": 1024, "skipped": false, "prefill_us_per_token": 6.0,
       "decode_us_per_token": 11.0, "state_bytes": 524288},
      {"mixer": "attention", "length": 4096, "skipped": true, "skip_reason": "memory guard: a 4096x4096 score matrix"},
      {"mixer": "mamba", "length": 256, "skipped": false, "prefill_us_per_token": 4.0,
       "decode_us_per_token": 5.0, "state_bytes": 16384},
      {"mixer": "mamba", "length": 4096, "skipped": false, "prefill_us_per_token": 4.1,
       "decode_us_per_token": 5.1, "state_bytes": 16384},
      {"mixer": "mamba", "length": 1024, "skipped": false, "prefill_us_per_token": 4.0,
       "decode_us_per_token": 5.0, "state_bytes": 16384}]})js";

}  // namespace

class TestMeterCharts : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void units() {
    QCOMPARE(ChartUnits::bytes(1000).symbol, QString("B"));
    QCOMPARE(ChartUnits::bytes(1024).symbol, QString("KiB"));
    QCOMPARE(ChartUnits::bytes(1024).divisor, 1024.0);
    const DisplayUnit mib = ChartUnits::bytes(5.5 * 1024 * 1024);
    QCOMPARE(mib.symbol, QString("MiB"));
    QCOMPARE(mib.toDisplay(3 * 1024 * 1024), 3.0);
    QCOMPARE(ChartUnits::bytes(3.0 * (1ull << 30)).symbol, QString("GiB"));
    QCOMPARE(ChartUnits::bytes(0).symbol, QString("B"));
    QCOMPARE(ChartUnits::seconds(0.0123).symbol, QString("ms"));
    QCOMPARE(ChartUnits::seconds(0.0123).toDisplay(0.0123), 12.3);
    QCOMPARE(ChartUnits::seconds(2e-5).symbol, QString("\u00b5s"));
    QCOMPARE(ChartUnits::seconds(3).symbol, QString("s"));
    QCOMPARE(ChartUnits::seconds(4e-9).symbol, QString("ns"));
    QCOMPARE(ChartUnits::flops(2.5e9).symbol, QString("GFLOP"));
    QCOMPARE(ChartUnits::flops(2.5e9).toDisplay(2.5e9), 2.5);
    QCOMPARE(ChartUnits::flops(0).symbol, QString("FLOP"));
    QCOMPARE(ChartUnits::rate(999, "tokens").symbol, QString("tokens/s"));
    QCOMPARE(ChartUnits::rate(12000, "tokens").symbol, QString("k tokens/s"));
  }

  void niceLinearRanges_data() {
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<bool>("zero");
    QTest::newRow("0..7.3") << 0.0 << 7.3 << true;
    QTest::newRow("0.013..0.97") << 0.013 << 0.97 << false;
    QTest::newRow("exact tick") << 0.0 << 10.0 << true;
    QTest::newRow("large") << 123.0 << 98765.0 << true;
    QTest::newRow("negative") << -3.5 << 12.0 << false;
    QTest::newRow("one value") << 5.0 << 5.0 << true;
    QTest::newRow("tiny span") << 1.0001 << 1.0002 << false;
    // Degenerate ranges: an all-zero meter (a diffusion pane's "bytes held") crashed here once.
    QTest::newRow("zero, zero, include zero") << 0.0 << 0.0 << true;
    QTest::newRow("zero, zero") << 0.0 << 0.0 << false;
    QTest::newRow("negative one value, include zero") << -4.0 << -4.0 << true;
    QTest::newRow("one value") << 0.37 << 0.37 << false;
    QTest::newRow("subnormal") << 0.0 << 1e-310 << true;
  }
  void niceLinearDegenerate() {
    // Whatever the input, an answer with hi > lo and finite ends, and no endless recursion.
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::nan("");
    const double big = std::numeric_limits<double>::max();
    const double values[] = {0, -0.0, 1, -1, 5e-324, 1e-310, 1e300, -1e300, big, -big, inf, -inf, nan};
    for (double lo : values)
      for (double hi : values)
        for (bool zero : {false, true}) {
          const AxisRange r = ChartUnits::niceLinear(lo, hi, zero, 6);
          const QString what = QString("niceLinear(%1, %2, %3) = [%4, %5]")
                                   .arg(lo).arg(hi).arg(zero).arg(r.lo).arg(r.hi);
          QVERIFY2(std::isfinite(r.lo) && std::isfinite(r.hi), qPrintable(what));
          QVERIFY2(r.hi > r.lo, qPrintable(what));
          QVERIFY2(r.tickCount >= 2 && r.tickCount <= 6, qPrintable(what));
        }
    QCOMPARE(ChartUnits::niceLinear(0, 0, true).lo, 0.0);
    QCOMPARE(ChartUnits::niceLinear(0, 0, true).hi, 1.0);
  }
  void niceLinearRanges() {
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(bool, zero);
    const AxisRange r = ChartUnits::niceLinear(lo, hi, zero, 6);
    QVERIFY(r.lo <= lo + 1e-12);
    QVERIFY(r.hi >= hi - 1e-12);
    QVERIFY(r.hi > r.lo);
    QVERIFY(r.tickCount >= 2 && r.tickCount <= 6);
    if (zero) QVERIFY(r.lo <= 0);
    // The step is 1, 2 or 5 times a power of ten, and the ends are multiples of it.
    const double step = r.step();
    const double mant = step / std::pow(10.0, std::floor(std::log10(step)));
    QVERIFY2(std::abs(mant - 1) < 1e-9 || std::abs(mant - 2) < 1e-9 || std::abs(mant - 5) < 1e-9,
             qPrintable(QString::number(step)));
    QVERIFY(std::abs(r.lo / step - std::round(r.lo / step)) < 1e-6);
  }
  void niceLinearKnownValues() {
    const AxisRange r = ChartUnits::niceLinear(0, 7.3, true, 6);
    QCOMPARE(r.lo, 0.0);
    QCOMPARE(r.hi, 8.0);
    QCOMPARE(r.tickCount, 5);  // 0 2 4 6 8
    const AxisRange exact = ChartUnits::niceLinear(0, 10, true, 6);
    QCOMPARE(exact.hi, 10.0);  // a maximum on a tick adds no extra interval
    QCOMPARE(ChartUnits::niceLinear(std::nan(""), 1, false).hi, 1.0);
  }
  void logRanges() {
    AxisRange r = ChartUnits::logRange(256, 65536, 4);
    QCOMPARE(r.lo, 256.0);
    QCOMPARE(r.hi, 65536.0);
    QCOMPARE(r.tickCount, 5);
    r = ChartUnits::logRange(300, 5000, 10);
    QCOMPARE(r.lo, 100.0);
    QCOMPARE(r.hi, 10000.0);
    r = ChartUnits::logRange(1000, 1000, 10);  // one value still gets two labelled ticks
    QCOMPARE(r.lo, 1000.0);
    QCOMPARE(r.hi, 10000.0);
  }

  void gridCells() {
    const auto four = LineChart::gridCells(QSize(1920, 1080), 4);
    QCOMPARE(int(four.size()), 4);
    QCOMPARE(four[1].left(), 960.0);  // 2 x 2
    QCOMPARE(four[2].top(), 540.0);
    const auto row = LineChart::gridCells(QSize(1800, 400), 3);
    QCOMPARE(row[2].left(), 1200.0);  // 3 in a row when the space is wide
    QCOMPARE(row[2].top(), 0.0);
    for (const auto& cells : {four, row, LineChart::gridCells(QSize(500, 900), 4)})
      for (std::size_t i = 0; i < cells.size(); ++i)
        for (std::size_t k = i + 1; k < cells.size(); ++k)
          QVERIFY(!cells[i].intersected(cells[k]).isValid() ||
                  cells[i].intersected(cells[k]).isEmpty());
  }

  // Step times are a running median of 5: one slow step (the machine, not the model) does not
  // show as a spike, and a lasting change does.
  void stepTimesAreARunningMedian() {
    MeterSeries run;
    run.name = "m";
    for (int i = 0; i < 12; ++i) {
      MeterSample s;
      s.position = i;
      s.tokensThisStep = 1;
      s.stepSeconds = i == 5 ? 50e-3 : (i < 8 ? 1e-3 : 2e-3);
      run.samples.push_back(s);
    }
    const auto specs = MeterChartSpecs::build({run}, MeterChartSpecs::kAllFrames);
    const auto& time = specs[MeterChartSpecs::kStepTime];
    QVERIFY(time.title.contains("median of 5"));
    const auto& p = time.series[0].points;
    QCOMPARE(p.size(), 12);
    QCOMPARE(time.y.title, QStringLiteral("ms"));
    QCOMPARE(p[5].y(), 1.0);   // the 50 ms step is outvoted
    QCOMPARE(p[11].y(), 2.0);  // the slower steps from 8 on are not
    const auto& rate = specs[MeterChartSpecs::kThroughput].series[0].points;
    QCOMPARE(rate[5].y(), 1.0);  // 1 token / 1 ms = 1 k tokens/s
  }

  // Generations get wall time, NFE and FLOPs per token against the step; TRM solves get the
  // halting probability and the cells correct; anything else (or a mix) the reading charts.
  void metersFitWhatTheRunsDo() {
    auto generation = [](int steps, double seconds, double flopsPerStep, int tokensPerStep) {
      MeterSeries run;
      run.name = "g";
      for (int i = 0; i <= steps; ++i) {
        MeterSample s;
        s.stepSeconds = i == 0 ? 0 : seconds;
        s.nfe = i;
        s.generated = i * tokensPerStep;
        s.cumulativeFlops = i * flopsPerStep;
        s.tokensThisStep = i == 0 ? 0 : tokensPerStep;
        run.samples.push_back(s);
      }
      return run;
    };
    const std::vector<MeterSeries> gen = {generation(21, 1e-3, 2e7, 3), generation(63, 2e-5, 3e5, 1)};
    QCOMPARE(MeterChartSpecs::meterSet(gen), MeterChartSpecs::MeterSet::Generation);
    auto specs = MeterChartSpecs::build(gen, MeterChartSpecs::kAllFrames);
    QCOMPARE(specs[MeterChartSpecs::kThroughput].title, QStringLiteral("Wall time so far"));
    const auto& total = specs[MeterChartSpecs::kThroughput].series[0].points;
    QCOMPARE(total.last().y(), 21.0);  // 21 steps of 1 ms, in ms
    QCOMPARE(specs[MeterChartSpecs::kLiveBytes].series[1].points.last().y(), 63.0);  // NFE
    const auto& perToken = specs[MeterChartSpecs::kFlops].series[0].points;
    QCOMPARE(perToken.last().y(), 2e7 / 3 / 1e6);  // MFLOP per token
    QVERIFY(std::isnan(perToken.first().y()));     // nothing generated yet

    MeterSeries solve;
    solve.name = "s";
    for (int i = 0; i < 4; ++i) {
      MeterSample s;
      s.stepSeconds = 1e-3;
      s.haltProbability = 0.25 * i;
      s.correctFraction = i < 2 ? -1 : 0.5;
      solve.samples.push_back(s);
    }
    QCOMPARE(MeterChartSpecs::meterSet({solve}), MeterChartSpecs::MeterSet::Solve);
    specs = MeterChartSpecs::build({solve}, 2);
    QCOMPARE(specs[MeterChartSpecs::kThroughput].title, QStringLiteral("Halting probability"));
    QCOMPARE(specs[MeterChartSpecs::kThroughput].series[0].points.size(), 3);  // frames 0..2
    QCOMPARE(specs[MeterChartSpecs::kLiveBytes].series[0].points[2].y(), 50.0);
    QVERIFY(std::isnan(specs[MeterChartSpecs::kLiveBytes].series[0].points[0].y()));  // no solution known
    QCOMPARE(MeterChartSpecs::meterSet({solve, gen[0]}), MeterChartSpecs::MeterSet::Read);
    QCOMPARE(MeterChartSpecs::meterSet(twoRuns()), MeterChartSpecs::MeterSet::Read);
  }

  void visibleCounts() {
    QCOMPARE(MeterChartSpecs::visibleCount(10, 3), 4);
    QCOMPARE(MeterChartSpecs::visibleCount(10, 9), 10);
    QCOMPARE(MeterChartSpecs::visibleCount(10, 50), 10);
    QCOMPARE(MeterChartSpecs::visibleCount(10, -1), 0);
    QCOMPARE(MeterChartSpecs::visibleCount(10, MeterChartSpecs::kAllFrames), 10);
  }

  void meterSpecsFollowTheFrame_data() {
    QTest::addColumn<int>("frame");
    QTest::newRow("first") << 0;
    QTest::newRow("middle") << 12;
    QTest::newRow("past the short run") << 30;
    QTest::newRow("end") << 39;
    QTest::newRow("all") << MeterChartSpecs::kAllFrames;
  }
  void meterSpecsFollowTheFrame() {
    QFETCH(int, frame);
    const auto runs = twoRuns();
    const auto specs = MeterChartSpecs::build(runs, frame);
    QCOMPARE(int(specs.size()), int(MeterChartSpecs::kChartCount));
    for (const LineChartSpec& spec : specs) {
      QCOMPARE(int(spec.series.size()), 2);
      for (int r = 0; r < 2; ++r) {
        const int expected =
            MeterChartSpecs::visibleCount(int(runs[std::size_t(r)].samples.size()), frame);
        QCOMPARE(spec.pointCount(r), expected);
        QVERIFY(spec.series[std::size_t(r)].marker.has_value());
        QCOMPARE(*spec.series[std::size_t(r)].marker, spec.series[std::size_t(r)].points.last());
      }
    }
    // The frame charts' cursor sits on the frame (the last one once every run has ended).
    QCOMPARE(*specs[MeterChartSpecs::kStepTime].cursorX, double(std::min(frame, 39)));
  }

  void meterAxesCoverAllDataAndShowUnits() {
    const auto runs = twoRuns();
    const auto early = MeterChartSpecs::build(runs, 2);
    const auto all = MeterChartSpecs::build(runs, MeterChartSpecs::kAllFrames);
    for (std::size_t c = 0; c < all.size(); ++c) {
      // The axes are fixed by all samples: the same at frame 2 as at the end.
      QCOMPARE(early[c].xRange().lo, all[c].xRange().lo);
      QCOMPARE(early[c].xRange().hi, all[c].xRange().hi);
      QCOMPARE(early[c].yRange().hi, all[c].yRange().hi);
      for (const LineChartSeries& s : all[c].series)
        for (const QPointF& p : s.points) {
          QVERIFY(p.x() >= all[c].xRange().lo && p.x() <= all[c].xRange().hi);
          QVERIFY(p.y() >= all[c].yRange().lo && p.y() <= all[c].yRange().hi);
        }
    }
    // attention holds 64 KiB x 47 positions = 2.94 MiB at the end: MiB, values in MiB.
    const LineChartSpec& bytes = all[MeterChartSpecs::kLiveBytes];
    QVERIFY(bytes.y.title.contains("MiB"));
    QCOMPARE(bytes.series[0].points.last().y(), 64.0 * 47 / 1024);
    QCOMPARE(bytes.series[1].points.last().y(), 300.0 / 1024);  // fixed state, 300 KiB
    QCOMPARE(bytes.series[0].points.last().x(), 47.0);          // against position
    QVERIFY(all[MeterChartSpecs::kStepTime].y.title.contains("ms"));
    QCOMPARE(all[MeterChartSpecs::kStepTime].series[0].points[0].y(), 2.0);  // 2e-3 s in ms
    QVERIFY(all[MeterChartSpecs::kFlops].y.title.contains("MFLOP"));
    QVERIFY(all[MeterChartSpecs::kFlops].title.contains("cost model"));
    QVERIFY(all[MeterChartSpecs::kThroughput].y.title.contains("tokens/s"));
    // First step of attention: 8 prompt tokens in 2 ms = 4000 tokens/s.
    QVERIFY(all[MeterChartSpecs::kThroughput].y.title.startsWith("k "));
    QCOMPARE(all[MeterChartSpecs::kThroughput].series[0].points[0].y(), 4.0);
  }

  void unmeasuredStepIsAGapNotZero() {
    auto runs = twoRuns();
    runs[0].samples[5].stepSeconds = 0;
    const auto specs = MeterChartSpecs::build(runs, MeterChartSpecs::kAllFrames);
    QVERIFY(std::isnan(specs[MeterChartSpecs::kThroughput].series[0].points[5].y()));
    QCOMPARE(int(LineChart::segments(specs[MeterChartSpecs::kThroughput].series[0].points).size()),
             2);
  }

  void widgetGrowsCurvesWithoutRebuilding() {
    MeterCharts meters;
    meters.resize(900, 560);
    const auto runs = twoRuns();
    meters.setSeries(runs);
    meters.setCurrentFrame(3);
    const int rebuilds = meters.rebuildCount();
    for (int frame : {4, 5, 20, 30, 39, 10}) {
      meters.setCurrentFrame(frame);
      for (int c = 0; c < MeterChartSpecs::kChartCount; ++c)
        for (int r = 0; r < 2; ++r)
          QCOMPARE(meters.shownPointCount(c, r),
                   MeterChartSpecs::visibleCount(int(runs[std::size_t(r)].samples.size()), frame));
    }
    QCOMPARE(meters.rebuildCount(), rebuilds);  // stepping replaced points only
    // The live chart's axes are the spec's ranges and cover the data.
    const auto* chart = meters.chart(MeterChartSpecs::kLiveBytes);
    QVERIFY(chart);
    const auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).first());
    QVERIFY(y);
    QCOMPARE(y->min(), 0.0);
    QVERIFY(y->max() >= 64.0 * 47 / 1024);
    meters.setSeries({runs[1]});
    QCOMPARE(meters.shownPointCount(MeterChartSpecs::kStepTime, 0), 11);  // frame 10 kept
    QCOMPARE(meters.shownPointCount(MeterChartSpecs::kStepTime, 1), 0);
  }

  void renderIsExactSizeAndShowsRunColours() {
    MeterCharts meters;
    meters.setSeries(twoRuns());
    meters.setCurrentFrame(20);
    for (bool dark : {false, true}) {
      meters.setChartStyle(ChartStyle(dark, 1.0));
      const QImage image = meters.renderToImage(QSize(1000, 620));
      QCOMPARE(image.size(), QSize(1000, 620));
      dumpImage(image, QStringLiteral("meters_%1.png").arg(dark ? "dark" : "light"));
      // Background in the corner, and both runs' colours drawn in earnest (curves of 4 charts).
      QCOMPARE(QColor(image.pixel(1, 1)), meters.chartStyle().background());
      for (int run = 0; run < 2; ++run) {
        const int n = countNear(image, ChartStyle::runColor(run, dark));
        QVERIFY2(n > 300, qPrintable(QString("run %1: %2 pixels").arg(run).arg(n)));
      }
      QVERIFY(countNear(image, ChartStyle::runColor(3, dark), 10) < 20);  // no third run
    }
    // A wide, low dock along the bottom of the window: four charts in a row.
    meters.setChartStyle(ChartStyle(false, 1.0));
    const QImage dock = meters.renderToImage(QSize(1200, 260));
    dumpImage(dock, "meters_dock.png");
    QCOMPARE(LineChart::gridCells(QSize(1200, 260), 4)[3].top(), 0.0);
    QVERIFY(countNear(dock, ChartStyle::runColor(0, false)) > 100);
    // Presentation: larger type, same size.
    meters.setChartStyle(ChartStyle(false, 1.8));
    const QImage big = meters.renderToImage(QSize(1920, 1080));
    QCOMPARE(big.size(), QSize(1920, 1080));
    dumpImage(big, "meters_presentation.png");
    QVERIFY(countNear(big, ChartStyle::runColor(0, false)) > 500);
  }

  void shownWidgetDrawsTheSameCharts() {
    MeterCharts meters;
    meters.resize(1000, 620);
    meters.setSeries(twoRuns());
    meters.setCurrentFrame(15);
    meters.show();
    QVERIFY(QTest::qWaitForWindowExposed(&meters));
    meters.setCurrentFrame(25);  // a frame change while shown repaints from updated series
    const QImage shot = meters.grab().toImage();
    dumpImage(shot, "meters_widget.png");
    QCOMPARE(shot.size(), QSize(1000, 620));
    for (int run = 0; run < 2; ++run)
      QVERIFY(countNear(shot, ChartStyle::runColor(run, false)) > 300);
  }

  void emptyMetersRender() {
    MeterCharts meters;
    const QImage image = meters.renderToImage(QSize(400, 300));
    QCOMPARE(image.size(), QSize(400, 300));
    QCOMPARE(meters.specs()[0].note, QString("no run yet"));
  }

  void specJsonRoundTripsAndRejectsBadInput() {
    const LineChartSpec spec = LineChartSpec::fromJson(nlohmann::json::parse(kGoodSpec));
    QCOMPARE(int(spec.series.size()), 2);
    QVERIFY(spec.y.log);
    QVERIFY(std::isnan(spec.series[0].points[2].y()));
    const LineChartSpec again = LineChartSpec::fromJson(spec.toJson());
    QCOMPARE(again.series[1].points, spec.series[1].points);
    QCOMPARE(again.y.title, spec.y.title);
    using nlohmann::json;
    SEQSCOPE_EXPECT_ERROR(LineChartSpec::fromJson(json::parse(R"js({"series": []})js")), "series");
    SEQSCOPE_EXPECT_ERROR(LineChartSpec::fromJson(json::parse(R"js({"serie": [1]})js")),
                          "unknown key \"serie\"");
    SEQSCOPE_EXPECT_ERROR(
        LineChartSpec::fromJson(json::parse(
            R"js({"y": {"log": true}, "series": [{"name": "a", "points": [[1, 2], [2, 0]]}]})js")),
        "series[0] \"a\" point 1", "log axis");
    SEQSCOPE_EXPECT_ERROR(
        LineChartSpec::fromJson(json::parse(R"js({"series": [{"points": [[1, 2, 3]]}]})js")),
        "point 0", "[x, y]");
    SEQSCOPE_EXPECT_ERROR(LineChartSpec::fromJson(json::parse(
                              R"js({"x": {"min": 5, "max": 1}, "series": [{"points": []}]})js")),
                          "min must be below max");
  }

  void renderLineChartImage() {
    const LineChartSpec spec = LineChartSpec::fromJson(nlohmann::json::parse(kGoodSpec));
    // The gap at step 200 breaks "diffusion" into two pieces; the legend names it once.
    const LineChart::Built built = LineChart::build(spec, ChartStyle());
    QGraphicsScene scene;  // owns the chart; legend items are visible once laid out in one
    scene.addItem(built.chart);
    built.chart->setGeometry(QRectF(0, 0, 700, 450));
    QCOMPARE(int(built.segments[0].size()), 2);
    QCOMPARE(built.segments[0][0]->count(), 2);
    QCOMPARE(built.segments[0][1]->count(), 1);
    QCOMPARE(int(built.chart->series().size()), 3);
    int visibleMarkers = 0;
    for (const QLegendMarker* m : built.chart->legend()->markers())
      visibleMarkers += m->isVisible();
    QCOMPARE(visibleMarkers, 2);
    const QImage image = renderLineChart(spec, QSize(700, 450));
    QCOMPARE(image.size(), QSize(700, 450));
    dumpImage(image, "line_chart.png");
    QVERIFY(countNear(image, ChartStyle::runColor(0, false)) > 100);
    QVERIFY(countNear(image, ChartStyle::runColor(1, false)) > 100);
    // The log y axis covers 0.3 .. 3.2 with whole powers of ten.
    QCOMPARE(spec.yRange().lo, 0.1);
    QCOMPARE(spec.yRange().hi, 10.0);
  }

  void scalingChartFromBenchResults() {
    const nlohmann::json bench = nlohmann::json::parse(kBenchJson);
    const std::vector<BenchRow> rows = ScalingChart::rowsFromJson(bench);
    QCOMPARE(int(rows.size()), 6);
    QCOMPARE(rows[0].decodeSecondsPerToken, 3e-6);
    QVERIFY(rows[2].skipped);
    const auto specs = ScalingChart::specsFor(rows);
    QCOMPARE(int(specs.size()), int(ScalingChart::kChartCount));
    for (const LineChartSpec& s : specs) {
      QVERIFY(s.x.log && s.y.log);
      QCOMPARE(s.series[0].name, QString("attention"));
      QCOMPARE(s.series[1].points[1].x(), 1024.0);     // sorted by length
      QVERIFY(std::isnan(s.series[0].points[2].y()));  // the skipped length is a gap
      QCOMPARE(s.series[0].points[2].x(), 4096.0);
      QVERIFY(s.note.contains("attention at 4096 (memory guard)"));
      QCOMPARE(s.xRange().lo, 256.0);
      QCOMPARE(s.xRange().hi, 4096.0);
    }
    QVERIFY(specs[ScalingChart::kDecodeTime].y.title.contains("\u00b5s"));
    QCOMPARE(specs[ScalingChart::kDecodeTime].series[0].points[1].y(), 11.0);
    QVERIFY(specs[ScalingChart::kStateBytes].y.title.contains("KiB"));
    QCOMPARE(specs[ScalingChart::kStateBytes].series[0].points[1].y(), 512.0);

    ScalingChart chart;
    chart.setResults(rows);
    const QImage image = chart.renderToImage(QSize(1500, 500));
    QCOMPARE(image.size(), QSize(1500, 500));
    dumpImage(image, "scaling.png");
    QVERIFY(countNear(image, ChartStyle::runColor(1, false)) > 200);
    // Attention's curve ends before the skipped length: its piece holds the two measured points.
    const QChart* decode = chart.chart(ScalingChart::kDecodeTime);
    QVERIFY(decode);
    const auto* first = qobject_cast<const QLineSeries*>(decode->series().first());
    QVERIFY(first);
    QCOMPARE(first->count(), 2);

    SEQSCOPE_EXPECT_ERROR(ScalingChart::rowsFromJson(nlohmann::json::parse(R"js({"rows": []})js")),
                          "results");
    SEQSCOPE_EXPECT_ERROR(ScalingChart::rowsFromJson(nlohmann::json::parse(
                              R"js([{"mixer": "a", "length": 4, "skipped": false}])js")),
                          "results[0]", "prefill_us_per_token");
  }

  void chartCommandWritesPng() {
    const QString spec = tmp_.filePath("spec.json");
    writeText(spec, kGoodSpec);
    const QString out = tmp_.filePath("chart.png");
    const CliResult r = runSeqscope({"chart", "--json", spec, "--out", out, "--size", "640x400"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(out);
    QCOMPARE(image.size(), QSize(640, 400));
    QVERIFY(countNear(image, ChartStyle::runColor(0, false)) > 100);
  }

  void chartCommandBadInput_data() {
    QTest::addColumn<QString>("specText");
    QTest::addColumn<QString>("outName");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("not JSON") << "{\"series\": ["
                              << "a.png" << QStringList() << 1 << "not valid JSON";
    QTest::newRow("bad point") << R"js({"series": [{"points": [[1]]}]})js"
                               << "b.png" << QStringList() << 1 << "point 0";
    QTest::newRow("unwritable") << QString(kGoodSpec) << "no/such/folder/c.png" << QStringList()
                                << 1 << "does not exist";
    QTest::newRow("bad size") << QString(kGoodSpec) << "d.png" << QStringList{"--size", "10x"} << 1
                              << "--size";
    QTest::newRow("not png") << QString(kGoodSpec) << "e.jpg" << QStringList() << 1 << ".png";
    QTest::newRow("no spec") << QString() << "f.png" << QStringList() << 1 << "cannot be read";
  }
  void chartCommandBadInput() {
    QFETCH(QString, specText);
    QFETCH(QString, outName);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString spec = tmp_.filePath("bad_" + QString::number(qHash(outName)) + ".json");
    if (!specText.isEmpty()) writeText(spec, specText.toStdString());
    const QString out = tmp_.filePath(outName);
    const CliResult r = runSeqscope(QStringList{"chart", "--json", spec, "--out", out} + extra);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    // One line naming the command (Qt may print its own notes, e.g. on XDG_RUNTIME_DIR, first).
    QVERIFY2(r.err.trimmed().split('\n').last().startsWith("seqscope chart: "), r.err.constData());
    QVERIFY(!QFile::exists(out));
    // No temporary file left beside it either.
    QCOMPARE(QDir(tmp_.path()).entryList({".*.png.*"}, QDir::Files | QDir::Hidden).size(), 0);
  }
  void chartCommandDrawsBenchResults() {
    const QString bench = tmp_.filePath("bench.json");
    writeText(bench, kBenchJson);
    const QString out = tmp_.filePath("scaling.png");
    const CliResult r = runSeqscope({"chart", "--bench", bench, "--out", out, "--size", "900x300"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(out);
    QCOMPARE(image.size(), QSize(900, 300));
    QVERIFY(countNear(image, ChartStyle::runColor(1, false)) > 100);  // mamba's curves
  }
  void chartCommandUsage() {
    CliResult r = runSeqscope({"chart", "--out", tmp_.filePath("x.png")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--json"));
    r = runSeqscope(
        {"chart", "--json", "a.json", "--bench", "b.json", "--out", tmp_.filePath("y.png")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFile::exists(tmp_.filePath("y.png")));
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestMeterCharts)
#include "test_meter_charts.moc"
