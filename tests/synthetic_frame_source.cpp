#include "synthetic_frame_source.h"

#include <QPainter>
#include <algorithm>
#include <array>
#include <cmath>

namespace seqscope {
namespace {

// Five stops of viridis, linearly interpolated: the colours the heat maps use.
QColor viridis(double t) {
  static constexpr std::array<std::array<int, 3>, 5> stops{
      {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const int i = std::min(int(t), int(stops.size()) - 2);
  const double f = t - i;
  auto mix = [&](int c) {
    return int(std::lround(stops[i][c] + f * (stops[i + 1][c] - stops[i][c])));
  };
  return QColor(mix(0), mix(1), mix(2));
}

}  // namespace

QImage SyntheticFrameSource::renderFrame(int index, QSize size) {
  QImage image(size, QImage::Format_RGB32);
  image.fill(QColor(250, 250, 250));
  QPainter p(&image);
  const double margin = 0.05;
  const QRectF grid(size.width() * margin, size.height() * margin, size.width() * (1 - 2 * margin),
                    size.height() * (1 - 3 * margin));
  const double cw = grid.width() / columns_, ch = grid.height() / rows_;
  const double phase = 0.15 * index;
  for (int r = 0; r < rows_; ++r)
    for (int c = 0; c < columns_; ++c) {
      const double v = 0.5 + 0.5 * std::sin(0.4 * c + 0.7 * r + phase) * std::cos(0.25 * r - phase);
      p.fillRect(QRectF(grid.left() + c * cw, grid.top() + r * ch, cw, ch), viridis(v));
    }
  // The "current token" column, moving one column per frame.
  const int column = index % columns_;
  p.setPen(QPen(QColor(230, 30, 30), std::max(2.0, cw * 0.08)));
  p.setBrush(Qt::NoBrush);
  p.drawRect(QRectF(grid.left() + column * cw, grid.top(), cw, grid.height()));
  // A progress strip whose length encodes the frame number.
  const double fraction = frames_ > 1 ? double(index) / (frames_ - 1) : 1.0;
  p.fillRect(QRectF(grid.left(), grid.bottom() + size.height() * 0.02, grid.width() * fraction,
                    size.height() * 0.03),
             QColor(40, 90, 200));
  return image;
}

}  // namespace seqscope
