#include "views/diffusion_geometry.h"

#include <algorithm>
#include <cmath>

namespace seqscope {
namespace {

// Space between slots grows with them (an eighth of a slot) but is never less than a pixel,
// so neighbouring masked slots never merge into one grey bar.
double spacingFor(double slotHeight) {
  return std::max(1.0, std::round(slotHeight / 8));
}

}  // namespace

DiffusionGeometry::DiffusionGeometry(QSize size, int slotCount, const Margins& margins,
                                     const SlotShape& shape)
    : count_(std::max(0, slotCount)), m_(margins) {
  outer_ = QRectF(m_.padding, m_.padding, std::max(0.0, size.width() - 2 * m_.padding),
                  std::max(0.0, size.height() - 2 * m_.padding));
  const double top = outer_.top() + m_.header + m_.legend + m_.gap;
  const double availW = outer_.width();
  const double availH = std::max(0.0, outer_.bottom() - top);
  const double aspect = std::max(0.1, shape.aspect);
  if (count_ > 0) {
    // Largest whole-pixel height that fits: at most a few hundred cheap trials.
    fits_ = false;
    for (int h = std::max(1, int(shape.maxHeight)); h >= 1; --h) {
      const double w = std::max(1.0, std::round(h * aspect));
      const double s = spacingFor(h);
      const int cols = std::max(1, int(std::floor((availW + s) / (w + s))));
      const int rows = (count_ + cols - 1) / cols;
      slotH_ = h, slotW_ = w, spacing_ = s, columns_ = std::min(cols, count_), rows_ = rows;
      if (rows * (h + s) - s <= availH && w <= availW) {
        fits_ = true;
        break;
      }
    }
  }
  const double gridW = columns_ > 0 ? columns_ * (slotW_ + spacing_) - spacing_ : 0;
  const double gridH = rows_ > 0 ? rows_ * (slotH_ + spacing_) - spacing_ : 0;
  // Centred across, at the top: views side by side line up their first rows.
  grid_ = QRectF(std::round(outer_.left() + std::max(0.0, availW - gridW) / 2), std::round(top),
                 gridW, gridH);
}

QRectF DiffusionGeometry::headerRect() const {
  return QRectF(outer_.left(), outer_.top(), outer_.width(), m_.header);
}

QRectF DiffusionGeometry::legendRect() const {
  return QRectF(outer_.left(), outer_.top() + m_.header, outer_.width(), m_.legend);
}

QRectF DiffusionGeometry::slotRect(int position) const {
  return QRectF(grid_.left() + columnOf(position) * (slotW_ + spacing_),
                grid_.top() + rowOf(position) * (slotH_ + spacing_), slotW_, slotH_);
}

std::optional<int> DiffusionGeometry::slotAt(QPointF p) const {
  if (count_ == 0 || columns_ == 0) return std::nullopt;
  const double x = p.x() - grid_.left(), y = p.y() - grid_.top();
  if (x < 0 || y < 0) return std::nullopt;
  const int col = int(std::floor(x / (slotW_ + spacing_)));
  const int row = int(std::floor(y / (slotH_ + spacing_)));
  if (col >= columns_ || row >= rows_) return std::nullopt;
  // In the spacing right of or below a slot: between slots, no slot.
  if (x - col * (slotW_ + spacing_) >= slotW_ || y - row * (slotH_ + spacing_) >= slotH_)
    return std::nullopt;
  const int position = row * columns_ + col;
  if (position >= count_) return std::nullopt;
  return position;
}

}  // namespace seqscope
