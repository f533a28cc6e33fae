#pragma once
// How each mixer scales with sequence length, from `seqscope bench` results (MixerBench):
// prefill time per token, decode time per token and the bytes its state really holds, each
// against sequence length on log-log axes, one curve per mixer. On log-log axes a constant
// (recurrent state) is flat and linear growth (a KV cache, attention's time per token) is a
// slope of one, which is the comparison the chart exists for.
//
// A length the bench skipped (the memory guard of attention) is a gap in that mixer's curve
// and is named in the chart's note; it is never drawn as zero or interpolated.
#include <QWidget>
#include <array>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "core/bench/mixer_bench.h"
#include "views/chart_style.h"
#include "views/line_chart.h"

QT_BEGIN_NAMESPACE
class QChartView;
QT_END_NAMESPACE

namespace seqscope {

class ScalingChart : public QWidget {
  Q_OBJECT

 public:
  enum Chart { kPrefillTime = 0, kDecodeTime = 1, kStateBytes = 2, kChartCount = 3 };

  explicit ScalingChart(QWidget* parent = nullptr);

  void setResults(std::vector<BenchRow> rows);
  const std::vector<BenchRow>& results() const { return rows_; }
  void setChartStyle(const ChartStyle& style);

  // The rows of `seqscope bench --json` output (the whole object, or its "results" array).
  // Throws Error naming the entry and key that is missing or wrong.
  static std::vector<BenchRow> rowsFromJson(const nlohmann::json& j);
  // The three chart specs of the rows: one series per mixer in order of first appearance,
  // points sorted by length, skipped lengths as NaN (a gap).
  static std::vector<LineChartSpec> specsFor(const std::vector<BenchRow>& rows);

  const std::vector<LineChartSpec>& specs() const { return specs_; }
  const QChart* chart(int which) const;

  void render(QPainter& painter, QSize size) const;
  QImage renderToImage(QSize size) const;

  QSize sizeHint() const override { return {1200, 420}; }

 private:
  void rebuild();

  std::vector<BenchRow> rows_;
  ChartStyle style_;
  std::vector<LineChartSpec> specs_;
  std::array<QChartView*, kChartCount> views_{};
};

}  // namespace seqscope
