#include "views/cached_view.h"

#include <QEvent>
#include <QPainter>

namespace seqscope {

void CachedView::invalidate() {
  cacheValid_ = false;
  update();
}

void CachedView::paintEvent(QPaintEvent*) {
  const qreal dpr = devicePixelRatioF();
  const QSize pixels = (QSizeF(size()) * dpr).toSize();
  if (!cacheValid_ || cache_.size() != pixels) {
    cache_ = QPixmap(pixels);
    cache_.setDevicePixelRatio(dpr);
    QPainter cp(&cache_);
    render(cp, size());
    cacheValid_ = true;
    ++cacheRedraws_;
  }
  QPainter p(this);
  p.drawPixmap(0, 0, cache_);
  paintOverlay(p);
}

void CachedView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) invalidate();
  QWidget::changeEvent(event);
}

}  // namespace seqscope
