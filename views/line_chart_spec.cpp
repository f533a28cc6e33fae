#include "views/line_chart_spec.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "views/chart_units.h"

namespace seqscope {
namespace {

using nlohmann::json;

void rejectUnknownKeys(const json& j, const std::set<std::string>& known,
                       const std::string& where) {
  for (const auto& [key, value] : j.items()) {
    if (!known.count(key)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw Error(where + ": unknown key \"" + key + "\" (known: " + list + ")");
    }
  }
}

QString optString(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) return {};
  if (!j[key].is_string()) throw Error(where + "." + key + " must be a string");
  return QString::fromStdString(j[key].get<std::string>());
}

bool optBool(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) return false;
  if (!j[key].is_boolean()) throw Error(where + "." + key + " must be true or false");
  return j[key].get<bool>();
}

std::optional<double> optNumber(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  if (!j[key].is_number()) throw Error(where + "." + key + " must be a number");
  return j[key].get<double>();
}

LineChartAxis readAxis(const json& j, const std::string& where) {
  LineChartAxis a;
  if (j.is_null()) return a;
  if (!j.is_object()) throw Error(where + " must be an object such as {\"title\": \"length\"}");
  rejectUnknownKeys(j, {"title", "log", "log_base", "include_zero", "min", "max"}, where);
  a.title = optString(j, "title", where);
  a.log = optBool(j, "log", where);
  a.includeZero = optBool(j, "include_zero", where);
  if (auto base = optNumber(j, "log_base", where)) {
    if (!(*base > 1) || *base > 1e6) throw Error(where + ".log_base must be a number above 1");
    a.logBase = *base;
  }
  a.min = optNumber(j, "min", where);
  a.max = optNumber(j, "max", where);
  if (a.min && a.max && !(*a.min < *a.max)) throw Error(where + ": min must be below max");
  if (a.log && ((a.min && *a.min <= 0) || (a.max && *a.max <= 0)))
    throw Error(where + ": a log axis needs min and max above 0");
  return a;
}

json axisToJson(const LineChartAxis& a) {
  json j{{"title", a.title.toStdString()}, {"log", a.log}};
  if (a.log) j["log_base"] = a.logBase;
  if (a.includeZero) j["include_zero"] = true;
  if (a.min) j["min"] = *a.min;
  if (a.max) j["max"] = *a.max;
  return j;
}

// Finite values of one axis over every point (and marker); on a log axis only positive ones.
struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v, bool log) {
    if (!std::isfinite(v) || (log && v <= 0)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

LineChartSpec::Range rangeFor(const LineChartAxis& axis, Extent e) {
  if (axis.min) e.add(*axis.min, axis.log);
  if (axis.max) e.add(*axis.max, axis.log);
  LineChartSpec::Range r;
  if (axis.log) {
    const AxisRange a = e.empty() ? ChartUnits::logRange(1, axis.logBase, axis.logBase)
                                  : ChartUnits::logRange(e.lo, e.hi, axis.logBase);
    r = {a.lo, a.hi, a.tickCount};
  } else {
    const AxisRange a = e.empty() ? ChartUnits::niceLinear(0, 1, axis.includeZero)
                                  : ChartUnits::niceLinear(e.lo, e.hi, axis.includeZero);
    r = {a.lo, a.hi, a.tickCount};
  }
  // Fixed ends win over the rounded-out data range.
  if (axis.min) r.lo = *axis.min;
  if (axis.max) r.hi = *axis.max;
  return r;
}

}  // namespace

LineChartSpec LineChartSpec::fromJson(const json& j) {
  if (!j.is_object()) throw Error("chart spec must be a JSON object with \"series\"");
  rejectUnknownKeys(j, {"title", "note", "x", "y", "series"}, "chart spec");
  LineChartSpec s;
  s.title = optString(j, "title", "chart spec");
  s.note = optString(j, "note", "chart spec");
  s.x = readAxis(j.value("x", json()), "x");
  s.y = readAxis(j.value("y", json()), "y");
  if (!j.contains("series") || !j["series"].is_array() || j["series"].empty())
    throw Error("chart spec: \"series\" must be a non-empty array of {\"name\", \"points\"}");
  for (std::size_t i = 0; i < j["series"].size(); ++i) {
    const json& js = j["series"][i];
    std::string where = "series[" + std::to_string(i) + "]";
    if (!js.is_object()) throw Error(where + " must be an object with \"name\" and \"points\"");
    rejectUnknownKeys(js, {"name", "points", "color", "points_visible", "dashed"}, where);
    LineChartSeries series;
    series.name = optString(js, "name", where);
    if (!series.name.isEmpty()) where += " \"" + series.name.toStdString() + "\"";
    series.showPoints = optBool(js, "points_visible", where);
    series.dashed = optBool(js, "dashed", where);
    if (js.contains("color")) {
      if (!js["color"].is_number_integer() || js["color"].get<int>() < 0)
        throw Error(where + ".color must be a palette index 0, 1, 2, ...");
      series.colorIndex = js["color"].get<int>();
    }
    if (!js.contains("points") || !js["points"].is_array())
      throw Error(where + ": \"points\" must be an array of [x, y] pairs");
    for (std::size_t p = 0; p < js["points"].size(); ++p) {
      const json& jp = js["points"][p];
      const std::string at = where + " point " + std::to_string(p);
      if (!jp.is_array() || jp.size() != 2 || !jp[0].is_number() ||
          !(jp[1].is_number() || jp[1].is_null()))
        throw Error(at + ": expected [x, y] with numbers (y may be null for a missing value)");
      const double x = jp[0].get<double>();
      const double y = jp[1].is_null() ? std::nan("") : jp[1].get<double>();
      if (s.x.log && !(x > 0))
        throw Error(at + ": x = " + std::to_string(x) + " cannot go on a log axis (must be > 0)");
      if (s.y.log && std::isfinite(y) && !(y > 0))
        throw Error(at + ": y = " + std::to_string(y) + " cannot go on a log axis (must be > 0)");
      series.points.append(QPointF(x, y));
    }
    s.series.push_back(std::move(series));
  }
  return s;
}

json LineChartSpec::toJson() const {
  json j{{"title", title.toStdString()}, {"x", axisToJson(x)}, {"y", axisToJson(y)}};
  if (!note.isEmpty()) j["note"] = note.toStdString();
  j["series"] = json::array();
  for (const LineChartSeries& s : series) {
    json js{{"name", s.name.toStdString()}, {"points", json::array()}};
    for (const QPointF& p : s.points)
      js["points"].push_back({p.x(), std::isfinite(p.y()) ? json(p.y()) : json(nullptr)});
    if (s.colorIndex >= 0) js["color"] = s.colorIndex;
    if (s.showPoints) js["points_visible"] = true;
    if (s.dashed) js["dashed"] = true;
    j["series"].push_back(js);
  }
  return j;
}

LineChartSpec::Range LineChartSpec::xRange() const {
  Extent e;
  for (const LineChartSeries& s : series) {
    for (const QPointF& p : s.points) e.add(p.x(), x.log);
    if (s.marker) e.add(s.marker->x(), x.log);
  }
  if (cursorX) e.add(*cursorX, x.log);
  return rangeFor(x, e);
}

LineChartSpec::Range LineChartSpec::yRange() const {
  Extent e;
  for (const LineChartSeries& s : series) {
    for (const QPointF& p : s.points) e.add(p.y(), y.log);
    if (s.marker) e.add(s.marker->y(), y.log);
  }
  return rangeFor(y, e);
}

}  // namespace seqscope
