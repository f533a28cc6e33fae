#include "views/scaling_chart.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "views/chart_units.h"
#include "views/render_image.h"

namespace seqscope {
namespace {

using nlohmann::json;

double number(const json& e, const char* key, const std::string& where) {
  if (!e.contains(key) || !e[key].is_number())
    throw Error(where + ": \"" + key + "\" must be a number");
  return e[key].get<double>();
}

// "memory guard: a 65536x65536 score matrix ..." -> "memory guard": the chart note has room
// for the kind of reason, the bench table has the whole sentence.
std::string shortReason(const std::string& reason) {
  const auto colon = reason.find(':');
  return colon == std::string::npos ? reason : reason.substr(0, colon);
}

}  // namespace

ScalingChart::ScalingChart(QWidget* parent) : QWidget(parent) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(0);
  for (auto& view : views_) {
    view = new QChartView(this);
    view->setRenderHint(QPainter::Antialiasing, true);
    view->setFrameShape(QFrame::NoFrame);
    row->addWidget(view);
  }
  rebuild();
}

void ScalingChart::setResults(std::vector<BenchRow> rows) {
  rows_ = std::move(rows);
  rebuild();
}

void ScalingChart::setChartStyle(const ChartStyle& style) {
  style_ = style;
  rebuild();
}

void ScalingChart::rebuild() {
  specs_ = specsFor(rows_);
  for (std::size_t i = 0; i < views_.size(); ++i) {
    QChart* old = views_[i]->chart();
    views_[i]->setChart(LineChart::build(specs_[i], style_).chart);
    delete old;
    views_[i]->setBackgroundBrush(style_.background());
  }
}

const QChart* ScalingChart::chart(int which) const {
  if (which < 0 || which >= kChartCount) return nullptr;
  return views_[std::size_t(which)]->chart();
}

std::vector<BenchRow> ScalingChart::rowsFromJson(const json& j) {
  const json* results = &j;
  if (j.is_object()) {
    if (!j.contains("results"))
      throw Error("bench results: no \"results\" array (expected seqscope bench --json output)");
    results = &j["results"];
  }
  if (!results->is_array()) throw Error("bench results: \"results\" must be an array");
  std::vector<BenchRow> rows;
  for (std::size_t i = 0; i < results->size(); ++i) {
    const json& e = (*results)[i];
    const std::string where = "bench results[" + std::to_string(i) + "]";
    if (!e.is_object()) throw Error(where + " must be an object");
    BenchRow r;
    if (!e.contains("mixer") || !e["mixer"].is_string())
      throw Error(where + ": \"mixer\" must be a string");
    r.mixer = e["mixer"].get<std::string>();
    const double length = number(e, "length", where);
    if (!(length >= 1)) throw Error(where + ": \"length\" must be at least 1");
    r.length = std::int64_t(length);
    r.skipped = e.value("skipped", false);
    r.skipReason = e.value("skip_reason", std::string());
    if (e.contains("cost_state_bytes"))
      r.costStateBytes = std::size_t(number(e, "cost_state_bytes", where));
    if (e.contains("cost_prefill_flops")) r.prefillFlops = number(e, "cost_prefill_flops", where);
    if (e.contains("cost_decode_flops")) r.decodeFlops = number(e, "cost_decode_flops", where);
    if (!r.skipped) {
      r.prefillSecondsPerToken = number(e, "prefill_us_per_token", where) * 1e-6;
      r.decodeSecondsPerToken = number(e, "decode_us_per_token", where) * 1e-6;
      r.stateBytes = std::size_t(number(e, "state_bytes", where));
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<LineChartSpec> ScalingChart::specsFor(const std::vector<BenchRow>& input) {
  std::vector<BenchRow> rows = input;
  // Stable: mixers keep the order in which the bench ran them, lengths ascend in each.
  std::vector<std::string> mixers;
  for (const BenchRow& r : rows)
    if (std::find(mixers.begin(), mixers.end(), r.mixer) == mixers.end()) mixers.push_back(r.mixer);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const BenchRow& a, const BenchRow& b) { return a.length < b.length; });

  // A log axis spans decades: its unit is chosen at the geometric middle of the data, so that
  // labels read 1 .. 10000 us rather than 0.001 .. 10 ms. One time unit serves both time
  // charts, so their numbers compare directly.
  auto middle = [](double lo, double hi) { return lo <= hi ? std::sqrt(lo * hi) : 0.0; };
  double minTime = 1e300, maxTime = 0, minBytes = 1e300, maxBytes = 0;
  for (const BenchRow& r : rows) {
    if (r.skipped) continue;
    for (double t : {r.prefillSecondsPerToken, r.decodeSecondsPerToken})
      if (t > 0) minTime = std::min(minTime, t), maxTime = std::max(maxTime, t);
    if (r.stateBytes > 0)
      minBytes = std::min(minBytes, double(r.stateBytes)),
      maxBytes = std::max(maxBytes, double(r.stateBytes));
  }
  const DisplayUnit time = ChartUnits::seconds(middle(minTime, maxTime));
  const DisplayUnit bytes = ChartUnits::bytes(middle(minBytes, maxBytes));

  std::vector<LineChartSpec> specs(kChartCount);
  specs[kPrefillTime].title = QStringLiteral("Prefill time per token (measured)");
  specs[kPrefillTime].y.title = QStringLiteral("%1 per token").arg(time.symbol);
  specs[kDecodeTime].title = QStringLiteral("Decode time per token (measured)");
  specs[kDecodeTime].y.title = QStringLiteral("%1 per token").arg(time.symbol);
  specs[kStateBytes].title = QStringLiteral("KV cache or state (measured)");
  specs[kStateBytes].y.title = QStringLiteral("%1 held").arg(bytes.symbol);
  QStringList skipped;
  for (LineChartSpec& s : specs) {
    s.x.title = QStringLiteral("sequence length (tokens)");
    s.x.log = true;
    s.x.logBase = 4;  // the bench's default lengths 256, 1024, ... are powers of 4
    s.y.log = true;
    s.y.logBase = 10;
  }
  for (std::size_t m = 0; m < mixers.size(); ++m) {
    std::array<LineChartSeries, kChartCount> lines;
    for (LineChartSeries& l : lines) {
      l.name = QString::fromStdString(mixers[m]);
      l.colorIndex = int(m);
      l.showPoints = true;
    }
    for (const BenchRow& r : rows) {
      if (r.mixer != mixers[m]) continue;
      const double x = double(r.length);
      const double nan = std::nan("");
      if (r.skipped)
        skipped << QStringLiteral("%1 at %2 (%3)")
                       .arg(QString::fromStdString(r.mixer))
                       .arg(r.length)
                       .arg(QString::fromStdString(shortReason(r.skipReason)));
      // A zero (a state of no bytes, a time too short to measure) has no place on a log axis.
      auto value = [&](double v, const DisplayUnit& u) {
        return r.skipped || !(v > 0) ? nan : u.toDisplay(v);
      };
      lines[kPrefillTime].points.append(QPointF(x, value(r.prefillSecondsPerToken, time)));
      lines[kDecodeTime].points.append(QPointF(x, value(r.decodeSecondsPerToken, time)));
      lines[kStateBytes].points.append(QPointF(x, value(double(r.stateBytes), bytes)));
    }
    for (int c = 0; c < kChartCount; ++c)
      specs[std::size_t(c)].series.push_back(std::move(lines[std::size_t(c)]));
  }
  const QString note = skipped.isEmpty()
                           ? QString()
                           : QStringLiteral("not measured: ") + skipped.join(QStringLiteral(", "));
  for (LineChartSpec& s : specs) s.note = rows.empty() ? QStringLiteral("no bench results") : note;
  return specs;
}

void ScalingChart::render(QPainter& painter, QSize size) const {
  painter.save();
  painter.fillRect(QRect(QPoint(0, 0), size), style_.background());
  LineChart::render(painter, specs_, LineChart::gridCells(size, int(specs_.size())), style_);
  painter.restore();
}

QImage ScalingChart::renderToImage(QSize size) const {
  return renderImage(*this, size, style_.background());
}

}  // namespace seqscope
