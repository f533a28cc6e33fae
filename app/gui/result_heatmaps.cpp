#include "app/gui/result_heatmaps.h"

#include <QRegularExpression>
#include <map>
#include <set>

namespace seqscope {
namespace {

// "K head 3" -> {"K", 3}; names without a head number -> {name, -1}.
std::pair<QString, int> splitSliceName(const std::string& name) {
  static const QRegularExpression re(QStringLiteral("^(.*?)\\s*head\\s+(\\d+)\\b"));
  const QString n = QString::fromStdString(name);
  const auto m = re.match(n);
  if (!m.hasMatch()) return {n, -1};
  return {m.captured(1).trimmed(), m.captured(2).toInt()};
}

bool isCache(const QString& prefix) {
  return prefix == "K" || prefix == "V";
}

}  // namespace

QString ResultHeatmaps::mixerName(const std::string& kind) {
  static const std::map<std::string, QString> names{{"attention", "softmax attention"},
                                                    {"linear_attention", "linear attention"},
                                                    {"retnet", "RetNet retention"},
                                                    {"mamba", "Mamba"},
                                                    {"mamba2", "Mamba-2"},
                                                    {"gated_deltanet", "Gated DeltaNet"}};
  const auto it = names.find(kind);
  return it != names.end() ? it->second : QString::fromStdString(kind);
}

HeatmapData ResultHeatmaps::attention(const AnalysisResult& r, int head) {
  HeatmapData d;
  if (head < 0 || head >= int(r.attention.weights.size())) return d;
  d.values = r.attention.weights[std::size_t(head)];
  d.rowLabels = d.columnLabels = r.tokenLabels;
  const std::string& kind = r.layerKinds[std::size_t(r.layer)];
  const bool softmax = kind == "attention";
  const QString headLabel = QString::fromStdString(r.attention.labels[std::size_t(head)]);
  d.title = QStringLiteral("Layer %1 \u00b7 %2 \u00b7 %3: %4")
                .arg(r.layer)
                .arg(mixerName(kind), headLabel,
                     softmax ? QStringLiteral("attention weights")
                             : QStringLiteral("implicit attention"));
  d.rowAxisTitle = QStringLiteral("output position (query)");
  d.columnAxisTitle = QStringLiteral("input position (key)");
  d.rowName = QStringLiteral("query");
  d.columnName = QStringLiteral("key");
  d.valueName = softmax ? QStringLiteral("weight") : QStringLiteral("implicit weight");
  const int T = d.rows();
  if (!softmax)
    d.mask = HeatmapData::causalMask(T);
  else if (r.attentionCausal)
    d.mask = HeatmapData::causalMask(T, r.attentionWindow);
  else if (r.attentionWindow > 0) {
    // Bidirectional with a window: only |i - j| < window is visible.
    d.mask = HeatmapData::Mask(T, T);
    for (int i = 0; i < T; ++i)
      for (int j = 0; j < T; ++j) d.mask(i, j) = std::abs(i - j) >= r.attentionWindow;
  }
  d.autoScale();
  return d;
}

QString ResultHeatmaps::attentionCaption(const AnalysisResult& r) {
  const std::string& kind = r.layerKinds[std::size_t(r.layer)];
  if (kind == "attention")
    return QStringLiteral(
        "Row t: how much the output at position t takes from each input position (each row "
        "sums to 1). Grey cells are future positions, masked so the model cannot look ahead. "
        "Hover a cell for its tokens and weight.");
  return QStringLiteral(
             "%1 never builds this matrix: it is the attention its recurrence implies (decays, "
             "gates and state updates unrolled), and it reproduces the layer's output exactly. "
             "Blue: negative, red: positive contribution. Grey: future positions.")
      .arg(mixerName(kind));
}

HeatmapData ResultHeatmaps::state(const AnalysisResult& r, int slice) {
  HeatmapData d;
  if (slice < 0 || slice >= int(r.stateSlices.size())) return d;
  const StateSlice& s = r.stateSlices[std::size_t(slice)];
  d.values = s.values;
  const auto [prefix, head] = splitSliceName(s.name);
  const int T = int(r.tokens.size());
  const QString size = QStringLiteral("%1 \u00d7 %2").arg(d.rows()).arg(d.cols());
  const QString name = QString::fromStdString(s.name);
  if (isCache(prefix)) {
    // One cached row per token; with a sliding window only the last rows remain.
    for (int i = 0; i < d.rows(); ++i) d.rowLabels << r.tokenLabels.value(T - d.rows() + i);
    d.title = QStringLiteral("Layer %1 \u00b7 %2 cache after %3 tokens (%4)")
                  .arg(r.layer)
                  .arg(prefix == "K" ? QStringLiteral("key") : QStringLiteral("value"))
                  .arg(T)
                  .arg(size);
    d.rowAxisTitle = QStringLiteral("cached token");
    d.columnAxisTitle = QStringLiteral("head dimension");
    d.rowName = QStringLiteral("token");
    d.columnName = QStringLiteral("dimension");
  } else if (prefix == "S") {
    d.title = QStringLiteral("Layer %1 \u00b7 state S of head %2 after %3 tokens (%4)")
                  .arg(r.layer)
                  .arg(head)
                  .arg(T)
                  .arg(size);
    d.rowAxisTitle = QStringLiteral("key dimension");
    d.columnAxisTitle = QStringLiteral("value dimension");
    d.rowName = QStringLiteral("key dim");
    d.columnName = QStringLiteral("value dim");
  } else {
    d.title = QStringLiteral("Layer %1 \u00b7 %2 after %3 tokens (%4)")
                  .arg(r.layer)
                  .arg(name)
                  .arg(T)
                  .arg(size);
    d.rowAxisTitle = QStringLiteral("row");
    d.columnAxisTitle = QStringLiteral("column");
  }
  d.autoScale();
  // A state is signed in general: keep the diverging map even when this one happens to be
  // all positive, so that the colours mean the same in every state view.
  if (!d.colorMap->isDiverging()) {
    d.colorMap = &ColorMap::coolWarm();
    d.lo = -d.hi;
  }
  return d;
}

QString ResultHeatmaps::stateCaption(const AnalysisResult& r, int slice) {
  if (slice < 0 || slice >= int(r.stateSlices.size())) return {};
  const StateSlice& s = r.stateSlices[std::size_t(slice)];
  const auto [prefix, head] = splitSliceName(s.name);
  const int T = int(r.tokens.size());
  if (isCache(prefix))
    return QStringLiteral(
               "Attention keeps every token: its cache grows by one row per token (%1 rows now), "
               "so this layer holds %2 after %3 tokens and more with each new one.")
        .arg(s.values.rows())
        .arg(formatBytes(r.layerStateBytes))
        .arg(T);
  return QStringLiteral(
             "All the layer remembers of the %1 tokens is its fixed-size state (%2 for this "
             "layer, whatever the prompt length); decoding the next token reads only this. "
             "Blue: negative, red: positive.")
      .arg(T)
      .arg(formatBytes(r.layerStateBytes));
}

int ResultHeatmaps::sliceForHead(const AnalysisResult& r, int head) {
  std::set<int> heads;
  for (const auto& s : r.stateSlices)
    if (const int h = splitSliceName(s.name).second; h >= 0) heads.insert(h);
  if (heads.empty()) return 0;
  const int queryHeads = std::max<int>(1, int(r.attention.weights.size()));
  // With fewer state heads than attention heads (GQA), query heads share them in groups.
  const int target = int(heads.size()) < queryHeads ? head * int(heads.size()) / queryHeads : head;
  for (std::size_t i = 0; i < r.stateSlices.size(); ++i)
    if (splitSliceName(r.stateSlices[i].name).second == target) return int(i);
  return 0;
}

QString ResultHeatmaps::formatBytes(std::size_t bytes) {
  if (bytes < 1024) return QStringLiteral("%1 B").arg(bytes);
  if (bytes < 1024 * 1024) return QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'f', 1);
  return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 2);
}

}  // namespace seqscope
