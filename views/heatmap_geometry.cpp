#include "views/heatmap_geometry.h"

#include <algorithm>
#include <cmath>

namespace seqscope {

HeatmapGeometry::HeatmapGeometry(QSize size, int rows, int cols, const Margins& margins,
                                 bool squareCells)
    : rows_(std::max(rows, 0)), cols_(std::max(cols, 0)), m_(margins) {
  outer_ = QRectF(m_.padding, m_.padding, std::max(0.0, size.width() - 2 * m_.padding),
                  std::max(0.0, size.height() - 2 * m_.padding));
  const double left = m_.rowAxisTitle + m_.rowLabels + m_.labelGap;
  const double right = m_.legendGap + m_.legendBar + m_.legendLabels;
  const double top = m_.title;
  const double bottom = m_.labelGap + m_.columnLabels + m_.columnAxisTitle;
  const double availW = std::max(0.0, outer_.width() - left - right);
  const double availH = std::max(0.0, outer_.height() - top - bottom);
  if (rows_ > 0 && cols_ > 0) {
    cellW_ = availW / cols_;
    cellH_ = availH / rows_;
    if (squareCells) cellW_ = cellH_ = std::min(cellW_, cellH_);
    // Whole-pixel cells: a 1-pixel difference between neighbours is visible as banding.
    if (cellW_ >= 3) cellW_ = std::floor(cellW_);
    if (cellH_ >= 3) cellH_ = std::floor(cellH_);
  }
  const double matrixW = cellW_ * cols_, matrixH = cellH_ * rows_;
  // Centre the whole block (labels + matrix + legend) across, keep it at the top (views side
  // by side then line up their titles), on whole pixels.
  const double x0 = outer_.left() + (outer_.width() - (left + matrixW + right)) / 2;
  const double y0 = outer_.top();
  matrix_ = QRectF(std::round(x0 + left), std::round(y0 + top), matrixW, matrixH);
}

QRectF HeatmapGeometry::cellRect(int row, int col) const {
  return QRectF(matrix_.left() + col * cellW_, matrix_.top() + row * cellH_, cellW_, cellH_);
}

std::optional<HeatmapGeometry::Cell> HeatmapGeometry::cellAt(QPointF p) const {
  if (rows_ == 0 || cols_ == 0 || cellW_ <= 0 || cellH_ <= 0) return std::nullopt;
  if (p.x() < matrix_.left() || p.x() >= matrix_.right() || p.y() < matrix_.top() ||
      p.y() >= matrix_.bottom())
    return std::nullopt;
  const int col = std::min(cols_ - 1, int(std::floor((p.x() - matrix_.left()) / cellW_)));
  const int row = std::min(rows_ - 1, int(std::floor((p.y() - matrix_.top()) / cellH_)));
  return Cell{row, col};
}

QRectF HeatmapGeometry::titleRect() const {
  return QRectF(outer_.left(), matrix_.top() - m_.title, outer_.width(), m_.title);
}

QRectF HeatmapGeometry::rowLabelRect(int row) const {
  return QRectF(matrix_.left() - m_.labelGap - m_.rowLabels, matrix_.top() + row * cellH_,
                m_.rowLabels, cellH_);
}

QRectF HeatmapGeometry::columnLabelRect(int col) const {
  return QRectF(matrix_.left() + col * cellW_, matrix_.bottom() + m_.labelGap, cellW_,
                m_.columnLabels);
}

QRectF HeatmapGeometry::rowAxisTitleRect() const {
  return QRectF(matrix_.left() - m_.labelGap - m_.rowLabels - m_.rowAxisTitle, matrix_.top(),
                m_.rowAxisTitle, matrix_.height());
}

QRectF HeatmapGeometry::columnAxisTitleRect() const {
  return QRectF(matrix_.left(), matrix_.bottom() + m_.labelGap + m_.columnLabels, matrix_.width(),
                m_.columnAxisTitle);
}

QRectF HeatmapGeometry::legendBarRect() const {
  // Level with the matrix and as tall, but never so short that its tick labels collide (a
  // one-row vector) nor running past the bottom of the widget.
  const double minHeight = std::min(outer_.bottom() - matrix_.top(), 120.0);
  const double h = std::max(matrix_.height(), minHeight);
  return QRectF(matrix_.right() + m_.legendGap, matrix_.top(), m_.legendBar, std::round(h));
}

QRectF HeatmapGeometry::legendLabelsRect() const {
  const QRectF bar = legendBarRect();
  return QRectF(bar.right(), bar.top(), m_.legendLabels, bar.height());
}

double HeatmapGeometry::legendY(double value, double lo, double hi) const {
  const QRectF bar = legendBarRect();
  const double t = hi > lo ? std::clamp((value - lo) / (hi - lo), 0.0, 1.0) : 0.5;
  return bar.bottom() - t * bar.height();
}

int HeatmapGeometry::labelStep(double cellExtent, double labelExtent) {
  if (labelExtent <= 0) return 1;
  if (cellExtent <= 0) return 1 << 30;
  static const int kMantissas[] = {1, 2, 5};
  for (long long decade = 1; decade < (1LL << 30); decade *= 10)
    for (int m : kMantissas)
      if (double(m * decade) * cellExtent >= labelExtent) return int(m * decade);
  return 1 << 30;
}

std::vector<int> HeatmapGeometry::labelIndices(int count, int step, const std::vector<int>& first) {
  if (first.empty() || step <= 1) return labelIndices(count, step);
  std::vector<int> out;
  auto fits = [&](int i) {
    return i >= 0 && i < count &&
           std::none_of(out.begin(), out.end(), [&](int o) { return std::abs(o - i) < step; });
  };
  for (int i : first)
    if (fits(i)) out.push_back(i);
  for (int i : labelIndices(count, step))
    if (fits(i)) out.push_back(i);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> HeatmapGeometry::labelIndices(int count, int step) {
  std::vector<int> out;
  if (step <= 0) return out;
  for (long long i = 0; i < count; i += step) out.push_back(int(i));
  return out;
}

}  // namespace seqscope
