#pragma once
// What a HeatmapView shows: one matrix with its labels, its colour scale and which cells are
// not part of it (masked). A plain value, built on a worker thread and handed to the view.
#include <QString>
#include <QStringList>
#include <vector>

#include "core/tensor.h"
#include "views/color_map.h"

namespace seqscope {

struct HeatmapData {
  using Mask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  Mat values;                           // rows x cols
  QStringList rowLabels, columnLabels;  // one per row / column; empty: the indices are shown
  std::vector<int> labelFirst;          // rows labelled first when not every label fits
  QString title;
  QString rowAxisTitle, columnAxisTitle;  // e.g. "query position", "key position"
  // Words for the hover text: "query 12 't', key 5 'c': weight 0.31".
  QString rowName = QStringLiteral("row"), columnName = QStringLiteral("column");
  QString valueName = QStringLiteral("value");
  // Empty, or rows x cols with true where a cell is not part of the matrix (a causal
  // attention map above its diagonal). Masked cells are drawn in maskedColor(), a neutral
  // grey that no colour map uses, so "masked" never looks like "weight 0".
  Mask mask;
  // Rows from this one on are not computed yet (an animation that fills the map row by row):
  // drawn in pendingColor(), lighter than masked cells, and described as such. -1: none.
  int pendingFromRow = -1;
  const ColorMap* colorMap = &ColorMap::viridis();
  double lo = 0, hi = 1;  // the colour range shown on the legend

  int rows() const { return int(values.rows()); }
  int cols() const { return int(values.cols()); }
  bool isMasked(int row, int col) const;
  bool isPending(int row) const { return pendingFromRow >= 0 && row >= pendingFromRow; }
  QString rowLabel(int row) const;  // the label, or the index when there are none
  QString columnLabel(int col) const;

  // Sets the colour scale from the unmasked finite values: viridis over [0, max] when none
  // is negative (weights), cool-warm over [-m, m], m = max |value|, otherwise.
  void autoScale();

  // Mask of an n x n causal map: query i sees key j iff j <= i and, with a sliding window w
  // > 0, i - j < w.
  static Mask causalMask(int n, int window = 0);
  // A token as a label people can see: space, newline and tab get visible symbols.
  static QString visibleToken(const QString& token);
  static QColor maskedColor() { return QColor(0xb8, 0xb8, 0xb8); }
  static QColor pendingColor() { return QColor(0xee, 0xee, 0xee); }
};

}  // namespace seqscope
