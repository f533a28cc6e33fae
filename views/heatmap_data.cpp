#include "views/heatmap_data.h"

#include <algorithm>
#include <cmath>

namespace seqscope {

bool HeatmapData::isMasked(int row, int col) const {
  if (mask.size() == 0) return false;
  if (row < 0 || col < 0 || row >= mask.rows() || col >= mask.cols()) return false;
  return mask(row, col);
}

QString HeatmapData::rowLabel(int row) const {
  return row < rowLabels.size() ? rowLabels[row] : QString::number(row);
}

QString HeatmapData::columnLabel(int col) const {
  return col < columnLabels.size() ? columnLabels[col] : QString::number(col);
}

void HeatmapData::autoScale() {
  double mn = 0, mx = 0;
  bool any = false;
  for (int r = 0; r < rows(); ++r)
    for (int c = 0; c < cols(); ++c) {
      const double v = values(r, c);
      if (isMasked(r, c) || isPending(r) || !std::isfinite(v)) continue;
      mn = any ? std::min(mn, v) : v;
      mx = any ? std::max(mx, v) : v;
      any = true;
    }
  if (mn >= 0) {
    colorMap = &ColorMap::viridis();
    lo = 0;
    hi = mx > 0 ? mx : 1;
  } else {
    colorMap = &ColorMap::coolWarm();
    const double m = std::max(std::abs(mn), std::abs(mx));
    lo = -m;
    hi = m;
  }
}

HeatmapData::Mask HeatmapData::causalMask(int n, int window) {
  Mask m(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) m(i, j) = j > i || (window > 0 && i - j >= window);
  return m;
}

QString HeatmapData::visibleToken(const QString& token) {
  if (token == QLatin1String(" ")) return QStringLiteral("\u2423");   // open box
  if (token == QLatin1String("\n")) return QStringLiteral("\u21b5");  // down-left arrow
  if (token == QLatin1String("\t")) return QStringLiteral("\u21e5");  // right arrow to bar
  return token;
}

}  // namespace seqscope
