#include "views/decode_heatmaps.h"

#include <algorithm>
#include <cmath>

#include "views/mixer_notation.h"

namespace seqscope {
namespace {

QStringList labelsOf(const DecodeTrace& trace) {
  QStringList out;
  for (const auto& s : trace.tokenLabels) out << QString::fromStdString(s);
  return out;
}

int clampFrame(const DecodeTrace& trace, int frame) {
  return std::clamp(frame, 0, std::max(0, int(trace.frames.size()) - 1));
}

}  // namespace

QString DecodeHeatmaps::mixerName(const std::string& kind) { return mixerNotation(kind).name; }

int DecodeHeatmaps::headCount(const DecodeTrace& trace, int layer) {
  if (!trace.attention || layer < 0 || layer >= int(trace.attention->size())) return 0;
  return int((*trace.attention)[std::size_t(layer)].weights.size());
}

int DecodeHeatmaps::sliceCount(const DecodeTrace& trace, int layer) {
  if (trace.frames.empty() || layer < 0) return 0;
  const auto& layers = trace.frames.front()->layers;
  return layer < int(layers.size()) ? int(layers[std::size_t(layer)].slices.size()) : 0;
}

HeatmapData DecodeHeatmaps::attention(const DecodeTrace& trace, int layer, int head, int frame) {
  HeatmapData d;
  const int T = int(trace.tokens.size());
  const int heads = headCount(trace, layer);
  if (heads == 0 || T == 0) return d;
  const LayerAttention& a = (*trace.attention)[std::size_t(layer)];
  if (head >= heads) head = heads - 1;
  if (head >= 0) {
    d.values = a.weights[std::size_t(head)];
  } else {
    d.values = Mat::Zero(T, T);
    for (const auto& w : a.weights) d.values += w;
    d.values /= Real(heads);
  }
  const std::string& kind = trace.layerKinds[std::size_t(layer)];
  // Only the layers with a KV cache (softmax attention) can be bidirectional or windowed.
  const bool kvCache = mixerNotation(kind).growsWithTokens;
  if (!kvCache || trace.attentionCausal)
    d.mask = HeatmapData::causalMask(T, kvCache ? trace.attentionWindow : 0);
  d.rowLabels = d.columnLabels = labelsOf(trace);
  // A query that asks for an answer (Task::answerPositions) says what the model answered
  // once it has been read: "b→D ✓" (the next input token is the right answer).
  for (int p : trace.answerPositions) {
    d.labelFirst.push_back(p);
    const int verdict = p <= frame ? trace.answerVerdict(p) : -1;
    if (verdict < 0 || p >= d.rowLabels.size()) continue;
    d.rowLabels[p] += QStringLiteral("→") +
                      HeatmapData::visibleToken(QString::fromStdString(trace.frames[std::size_t(p)]->predictedLabel)) +
                      (verdict ? QStringLiteral(" ✓") : QStringLiteral(" ✗"));
  }
  const QString which = head >= 0 ? QString::fromStdString(a.labels[std::size_t(head)])
                                  : QStringLiteral("mean of %1 heads").arg(heads);
  // Short: the pane's header already names the model and the layer.
  d.title = QStringLiteral("%1 · %2")
                .arg(kvCache ? mixerName(kind)  // its own weights: "softmax attention"
                             : QStringLiteral("implicit attention (") + mixerName(kind) + ')')
                .arg(which);
  d.rowAxisTitle = QStringLiteral("query (output position)");
  d.columnAxisTitle = QStringLiteral("key (input position)");
  d.rowName = QStringLiteral("query");
  d.columnName = QStringLiteral("key");
  d.valueName = kvCache ? QStringLiteral("weight") : QStringLiteral("implicit weight");
  d.autoScale();  // over the whole map, so the scale does not jump while rows appear
  d.pendingFromRow = trace.frames.empty() ? 0 : clampFrame(trace, frame) + 1;
  if (d.pendingFromRow >= T) d.pendingFromRow = -1;
  return d;
}

HeatmapData DecodeHeatmaps::state(const DecodeTrace& trace, int layer, int slice, int frame) {
  HeatmapData d;
  if (sliceCount(trace, layer) == 0) return d;
  slice = std::clamp(slice, 0, sliceCount(trace, layer) - 1);
  frame = clampFrame(trace, frame);
  const StateSlice& s =
      trace.frames[std::size_t(frame)]->layers[std::size_t(layer)].slices[std::size_t(slice)];
  // One colour scale for the whole run so far: the largest |value| this slice ever held.
  double m = 0;
  for (const auto& f : trace.frames) {
    const auto& slices = f->layers[std::size_t(layer)].slices;
    if (std::size_t(slice) < slices.size() && slices[std::size_t(slice)].values.size() > 0)
      m = std::max(m, double(slices[std::size_t(slice)].values.cwiseAbs().maxCoeff()));
  }
  const bool kvCache = mixerNotation(trace.layerKinds[std::size_t(layer)]).growsWithTokens;
  const int rows = int(s.values.rows());
  const int paddedRows = kvCache ? std::max(rows, int(trace.tokens.size())) : rows;
  d.values = Mat::Zero(paddedRows, s.values.cols());
  d.values.topRows(rows) = s.values;
  if (paddedRows > rows) d.pendingFromRow = rows;
  d.colorMap = &ColorMap::coolWarm();
  d.lo = -(m > 0 ? m : 1);
  d.hi = (m > 0 ? m : 1);
  const QString name = QString::fromStdString(s.name);
  d.title = QStringLiteral("%1 after token %2 “%3”")
                .arg(name)
                .arg(frame)
                .arg(HeatmapData::visibleToken(QString::fromStdString(trace.tokenLabels[std::size_t(frame)])));
  if (kvCache) {
    QStringList labels = labelsOf(trace);
    d.rowLabels = labels;
    d.rowAxisTitle = QStringLiteral("cached position");
    d.columnAxisTitle = QStringLiteral("channel");
    d.rowName = QStringLiteral("position");
    d.columnName = QStringLiteral("channel");
  } else if (s.name == "conv") {
    // The short convolution's buffer: the last inputs, one row per past position.
    d.rowAxisTitle = d.rowName = QStringLiteral("past input");
    d.columnAxisTitle = d.columnName = QStringLiteral("channel");
  } else {
    // What a state matrix's rows and columns are, so the hover names them ("key dimension 3,
    // value dimension 7").
    const MixerNotation& n = mixerNotation(trace.layerKinds[std::size_t(layer)]);
    d.rowAxisTitle = d.rowName = n.stateRows;
    d.columnAxisTitle = d.columnName = n.stateColumns;
  }
  d.valueName = QStringLiteral("value");
  return d;
}

}  // namespace seqscope
