#include "views/refinement_geometry.h"

#include <algorithm>
#include <cmath>

namespace seqscope {

RefinementGeometry::RefinementGeometry(QSize size, int rows, int cols, const Margins& margins,
                                       int boxRows, int boxCols)
    : rows_(std::max(rows, 0)),
      cols_(std::max(cols, 0)),
      boxRows_(std::max(boxRows, 0)),
      boxCols_(std::max(boxCols, 0)),
      m_(margins) {
  outer_ = QRectF(m_.padding, m_.padding, std::max(0.0, size.width() - 2 * m_.padding),
                  std::max(0.0, size.height() - 2 * m_.padding));
  const double top = outer_.top() + m_.title;
  const double availH = std::max(0.0, outer_.bottom() - top);
  const double availW = outer_.width();
  double besideCell = 0, belowCell = 0;
  if (rows_ > 0 && cols_ > 0) {
    besideCell = std::min((availW - m_.panelWidth - m_.gap) / cols_, availH / rows_);
    belowCell = std::min(availW / cols_, (availH - m_.panelHeight - m_.gap) / rows_);
  }
  besideCell = std::max(0.0, besideCell);
  belowCell = std::max(0.0, belowCell);
  beside_ = besideCell >= belowCell;
  cell_ = beside_ ? besideCell : belowCell;
  if (cell_ >= 3) cell_ = std::floor(cell_);  // whole pixels: grid lines stay crisp
  const double gridW = cell_ * cols_, gridH = cell_ * rows_;
  if (beside_) {
    // Grid and panel centred across together, at the top.
    const double blockW = gridW + m_.gap + m_.panelWidth;
    const double x0 = std::round(outer_.left() + std::max(0.0, availW - blockW) / 2);
    grid_ = QRectF(x0, std::round(top), gridW, gridH);
    panel_ = QRectF(grid_.right() + m_.gap, grid_.top(),
                    std::max(0.0, std::min(m_.panelWidth, outer_.right() - grid_.right() - m_.gap)),
                    availH);
  } else {
    grid_ = QRectF(std::round(outer_.left() + (availW - gridW) / 2), std::round(top), gridW, gridH);
    const double panelTop = grid_.bottom() + m_.gap;
    panel_ = QRectF(outer_.left(), panelTop, availW, std::max(0.0, outer_.bottom() - panelTop));
  }
}

bool RefinementGeometry::isBoxColumnLine(int c) const {
  return c == 0 || c == cols_ || (boxCols_ > 0 && c % boxCols_ == 0);
}

bool RefinementGeometry::isBoxRowLine(int r) const {
  return r == 0 || r == rows_ || (boxRows_ > 0 && r % boxRows_ == 0);
}

QRectF RefinementGeometry::titleRect() const {
  const double left = beside_ ? grid_.left() : outer_.left();
  const double right = beside_ ? panel_.right() : outer_.right();
  return QRectF(left, outer_.top(), right - left, m_.title);
}

QRectF RefinementGeometry::cellRect(int row, int col) const {
  return QRectF(grid_.left() + col * cell_, grid_.top() + row * cell_, cell_, cell_);
}

std::optional<RefinementGeometry::Cell> RefinementGeometry::cellAt(QPointF p) const {
  if (rows_ == 0 || cols_ == 0 || cell_ <= 0) return std::nullopt;
  if (p.x() < grid_.left() || p.x() >= grid_.right() || p.y() < grid_.top() ||
      p.y() >= grid_.bottom())
    return std::nullopt;
  const int col = std::min(cols_ - 1, int(std::floor((p.x() - grid_.left()) / cell_)));
  const int row = std::min(rows_ - 1, int(std::floor((p.y() - grid_.top()) / cell_)));
  return Cell{row, col};
}

}  // namespace seqscope
