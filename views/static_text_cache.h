#pragma once
// Shaped text kept between paints. Laying out a string (QTextLayout, HarfBuzz) costs far more
// than drawing it, and a trace view draws the same few hundred short tokens in every frame of
// an animation: QStaticText shapes each (font, text) once and then draws at blit speed. The
// colour comes from the painter's pen at draw time, so one entry serves every colour.
#include <QFont>
#include <QHash>
#include <QRectF>
#include <QStaticText>
#include <QString>

class QPainter;

namespace seqscope {

class StaticTextCache {
 public:
  // Text centred in rect (the rect's width is not enforced: callers size cells to fit).
  void drawCentered(QPainter& p, const QFont& font, const QRectF& rect, const QString& text);
  // Text in the top-right corner of rect.
  void drawTopRight(QPainter& p, const QFont& font, const QRectF& rect, const QString& text);
  // Size of the shaped text (width: advance, height: the font's line height).
  QSizeF size(const QFont& font, const QString& text);
  int entries() const { return int(texts_.size()); }

 private:
  const QStaticText& get(const QFont& font, const QString& text);

  // Bounded: a long session with many vocabularies and font sizes must not grow forever.
  static constexpr int kMaxEntries = 4096;
  QHash<QString, QStaticText> texts_;
};

}  // namespace seqscope
