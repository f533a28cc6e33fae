#include "views/static_text_cache.h"

#include <QPainter>

namespace seqscope {

const QStaticText& StaticTextCache::get(const QFont& font, const QString& text) {
  const QString key = font.key() + QChar(0x1f) + text;
  auto it = texts_.find(key);
  if (it != texts_.end()) return *it;
  if (texts_.size() >= kMaxEntries) texts_.clear();
  QStaticText st(text);
  st.setTextFormat(Qt::PlainText);
  st.setPerformanceHint(QStaticText::AggressiveCaching);
  st.prepare(QTransform(), font);
  return *texts_.insert(key, st);
}

QSizeF StaticTextCache::size(const QFont& font, const QString& text) {
  return get(font, text).size();
}

void StaticTextCache::drawCentered(QPainter& p, const QFont& font, const QRectF& rect,
                                   const QString& text) {
  const QStaticText& st = get(font, text);
  const QSizeF s = st.size();
  p.setFont(font);
  p.drawStaticText(QPointF(rect.center().x() - s.width() / 2, rect.center().y() - s.height() / 2),
                   st);
}

void StaticTextCache::drawTopRight(QPainter& p, const QFont& font, const QRectF& rect,
                                   const QString& text) {
  const QStaticText& st = get(font, text);
  p.setFont(font);
  p.drawStaticText(QPointF(rect.right() - st.size().width(), rect.top()), st);
}

}  // namespace seqscope
