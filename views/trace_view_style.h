#pragma once
// Colours and small drawing pieces shared by the trace views (DiffusionView, RefinementView),
// so that the same meaning looks the same in both: "just changed" is one magenta outline,
// "masked" one hatched grey, "wrong" one red corner, confidence one viridis scale.
//
// Background and text follow the widget palette (light or dark desktop, presentation mode);
// data colours come from fixed maps so a frame means the same on every screen. The chosen
// data colours stay distinguishable from both a light and a dark background.
#include <QColor>
#include <QFont>
#include <QPalette>
#include <QRectF>
#include <QString>

class QPainter;

namespace seqscope {

class ColorMap;

class TraceViewStyle {
 public:
  explicit TraceViewStyle(const QPalette& palette);

  QColor background() const { return background_; }
  QColor text() const { return text_; }
  // Secondary text (units, hints): the text colour half-way to the background.
  QColor dimText() const { return mix(text_, background_, 0.45); }
  // Context cells (prompt tokens, Sudoku givens): a quiet tint of the background.
  QColor contextFill() const { return mix(background_, text_, 0.14); }
  QColor frame() const { return mix(text_, background_, 0.35); }

  // Fixed data colours (independent of the palette).
  static QColor maskedFill() { return QColor(0xb8, 0xb8, 0xb8); }
  static QColor maskedHatch() { return QColor(0x8a, 0x8a, 0x8a); }
  // Outline of what changed in this frame: magenta is in neither viridis nor the maze
  // colours, and is as visible on white as on a dark grey.
  static QColor changedOutline() { return QColor(0xe0, 0x21, 0x8a); }
  static QColor wrongMark() { return QColor(0xe4, 0x1a, 0x1c); }
  // Black or white, whichever reads better on top of a fill colour.
  static QColor textOn(const QColor& fill);
  static QColor mix(const QColor& a, const QColor& b, double t);

  // A masked cell: grey with diagonal hatching (so it never reads as a low value).
  static void drawMaskedFill(QPainter& p, const QRectF& rect);
  // A horizontal colour bar for [0, 1] with tick labels 0, 0.5, 1 under it and a title
  // left of it; returns the width used. The labels use the painter's current font.
  double drawHorizontalColorBar(QPainter& p, const QRectF& bar, const ColorMap& map,
                                const QString& title) const;
  // A legend entry: a sample square in one of the shared styles, then its label (current
  // font). Returns the width used.
  enum class Swatch { Context, Masked, Changed, Wrong };
  double drawLegendEntry(QPainter& p, QPointF topLeft, double height, Swatch swatch,
                         const QString& label) const;

 private:
  QColor background_, text_;
};

}  // namespace seqscope
