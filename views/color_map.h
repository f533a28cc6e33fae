#pragma once
// Perceptually uniform colour maps as 256-entry lookup tables. Equal steps in value give
// (near) equal steps in perceived colour, so a heatmap does not invent edges that are not in
// the data, and lightness alone still orders the values on a grey-scale projector.
//  - viridis (Smith & van der Walt, matplotlib's default): sequential, for values >= 0 such
//    as attention weights. Lightness rises monotonically from dark purple to yellow.
//  - cool-warm (Moreland 2009, ParaView's default): diverging blue - light grey - red, for
//    signed values such as recurrent states. It is built in Moreland's Msh space so both
//    halves have the same lightness profile and zero is the lightest colour.
#include <QColor>
#include <QString>
#include <array>

namespace seqscope {

class ColorMap {
 public:
  static constexpr int kSize = 256;

  static const ColorMap& viridis();
  static const ColorMap& coolWarm();

  QString name() const { return name_; }
  // Diverging maps centre on zero: callers give them a range symmetric around zero.
  bool isDiverging() const { return diverging_; }

  // t in [0, 1] (clamped) -> colour of the nearest table entry.
  QRgb rgbAt(double t) const;
  // value mapped linearly from [lo, hi] to the table; outside values clamp to the ends, a
  // degenerate range (lo >= hi) gives the middle colour, NaN gives the first.
  QRgb rgb(double value, double lo, double hi) const;
  QColor color(double value, double lo, double hi) const {
    return QColor::fromRgb(rgb(value, lo, hi));
  }

  // CIE L* (0 = black, 100 = white) of an sRGB colour: used by tests to check the maps and by
  // views to pick black or white text on top of a colour.
  static double lightness(QRgb rgb);

 private:
  ColorMap(QString name, bool diverging, const std::array<QRgb, kSize>& table);

  QString name_;
  bool diverging_;
  std::array<QRgb, kSize> table_;
};

}  // namespace seqscope
