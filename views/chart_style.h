#pragma once
// How every Qt Charts chart of Seqscope looks: light or dark palette, the font scale of
// presentation mode, and the colour of each run. A run keeps one colour index everywhere
// (its pane header, its curves in the meters, its row in a scaling chart), so the palette is a
// plain function of that index that panes and charts share.
#include <QColor>
#include <QFont>
#include <algorithm>

QT_BEGIN_NAMESPACE
class QChart;
class QAbstractAxis;
QT_END_NAMESPACE

namespace seqscope {

class ChartStyle {
 public:
  ChartStyle() = default;
  ChartStyle(bool dark, double fontScale) : dark_(dark), fontScale_(fontScale) {}

  bool dark() const { return dark_; }
  // Multiplies every font size: 1 on a desktop, ~1.6 for presentation mode on a projector.
  double fontScale() const { return fontScale_; }
  bool operator==(const ChartStyle&) const = default;

  // The colour of run (pane) `index`, from the Okabe-Ito palette: distinguishable by people
  // with the common colour-vision deficiencies, and in a dark variant that keeps the same hues
  // bright enough on a dark background. Indices beyond the palette wrap around.
  static QColor runColor(int index, bool dark);
  QColor runColor(int index) const { return runColor(index, dark_); }
  static constexpr int kRunColors = 8;

  QColor background() const;
  QColor text() const;
  QColor grid() const;
  QColor axisLine() const;
  QColor cursor() const;  // the current-frame line

  // The application font scaled by fontScale() and `relative` (titles use ~1.2).
  QFont font(double relative = 1.0, bool bold = false) const;
  double lineWidth() const { return 2.0 * std::max(1.0, fontScale_ * 0.85); }

  // Background, title, legend and plot area of a chart in this style (not its series).
  void applyTo(QChart* chart) const;
  void applyTo(QAbstractAxis* axis) const;

 private:
  bool dark_ = false;
  double fontScale_ = 1.0;
};

}  // namespace seqscope
