#pragma once
// Coordinate mapping of the norm-over-time plot under the state view: frame index <-> x,
// value <-> y, inside a plot rectangle left after the margins for ticks and titles. Pure
// arithmetic, tested without painting.
#include <QRectF>
#include <QSizeF>
#include <algorithm>
#include <cmath>

namespace seqscope {

class NormPlotGeometry {
 public:
  NormPlotGeometry(QSizeF size, int frames, double maxValue, double left = 56, double top = 24,
                   double right = 12, double bottom = 30)
      : plot_(left, top, std::max(1.0, size.width() - left - right),
              std::max(1.0, size.height() - top - bottom)),
        frames_(std::max(1, frames)),
        maxValue_(maxValue > 0 && std::isfinite(maxValue) ? maxValue : 1.0) {}

  QRectF plotRect() const { return plot_; }
  double maxValue() const { return maxValue_; }
  int frames() const { return frames_; }

  // Frame 0 at the left edge, the last frame at the right edge.
  double xOf(int frame) const {
    return frames_ == 1 ? plot_.center().x()
                        : plot_.left() + plot_.width() * double(frame) / double(frames_ - 1);
  }
  double yOf(double value) const {
    return plot_.bottom() - plot_.height() * std::clamp(value / maxValue_, 0.0, 1.0);
  }
  // The frame nearest to x (for hover), clamped to the plot.
  int frameAt(double x) const {
    if (frames_ == 1) return 0;
    const double t = (x - plot_.left()) / plot_.width() * double(frames_ - 1);
    return std::clamp(int(std::lround(t)), 0, frames_ - 1);
  }

 private:
  QRectF plot_;
  int frames_;
  double maxValue_;
};

}  // namespace seqscope
