#pragma once
// A view's picture as an image (export, screenshots, tests): an opaque image of `size` (at
// least 1x1) filled with `background`, then the view's render(QPainter&, QSize) on it.
#include <QColor>
#include <QImage>
#include <QPainter>
#include <QSize>

namespace seqscope {

template <typename View>
QImage renderImage(const View& view, QSize size, const QColor& background) {
  QImage image(size.expandedTo(QSize(1, 1)), QImage::Format_ARGB32_Premultiplied);
  image.fill(background);
  QPainter p(&image);
  view.render(p, size);
  return image;
}

}  // namespace seqscope
