#pragma once
// Where everything of a heatmap goes, as plain numbers: the matrix cells, the row and column
// label strips, the title, the colour legend. No painting and no widget, so the mapping
// cell <-> pixel (painting, hover, tests) has a single definition that is tested on its own.
//
//   +--------------------------------------------------+
//   |                      title                       |
//   | axis | row  +-----------------+  gap  bar  ticks |
//   | title| lbls |     matrix      |       bar  ticks |
//   |      |      +-----------------+                  |
//   |             column labels                        |
//   |             column axis title                    |
//   +--------------------------------------------------+
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <optional>
#include <vector>

namespace seqscope {

class HeatmapGeometry {
 public:
  // Space reserved around the matrix, in pixels (the view measures its fonts to fill these).
  struct Margins {
    double padding = 8;          // empty border around everything
    double title = 0;            // height of the title line
    double rowAxisTitle = 0;     // width of the rotated row-axis title at the far left
    double rowLabels = 0;        // width of the row label strip
    double columnLabels = 0;     // height of the column label strip
    double columnAxisTitle = 0;  // height of the column-axis title under the labels
    double legendGap = 16;       // between the matrix and the colour bar
    double legendBar = 18;       // width of the colour bar
    double legendLabels = 0;     // width of the tick labels right of the bar
    double labelGap = 4;         // between the matrix and its label strips
  };

  struct Cell {
    int row = 0, col = 0;
    bool operator==(const Cell&) const = default;
  };

  // squareCells: cells as wide as they are tall (a state matrix, an attention map), the
  // matrix then centred across the top of the space left; otherwise cells stretch to fill
  // it. Cells of at least 3 pixels are snapped to whole pixels so neighbours look alike.
  HeatmapGeometry(QSize size, int rows, int cols, const Margins& margins, bool squareCells);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  double cellWidth() const { return cellW_; }
  double cellHeight() const { return cellH_; }

  QRectF matrixRect() const { return matrix_; }
  QRectF cellRect(int row, int col) const;
  QPointF cellCenter(int row, int col) const { return cellRect(row, col).center(); }
  // The cell under a point, or nothing outside the matrix.
  std::optional<Cell> cellAt(QPointF p) const;

  QRectF titleRect() const;
  QRectF rowLabelRect(int row) const;     // left of the row, right-aligned text
  QRectF columnLabelRect(int col) const;  // below the column
  QRectF rowAxisTitleRect() const;        // the strip left of the row labels
  QRectF columnAxisTitleRect() const;     // under the column labels
  QRectF legendBarRect() const;           // the colour bar (high values at the top)
  QRectF legendLabelsRect() const;        // tick labels beside the bar
  // y of a value's tick on the bar, for value in [lo, hi].
  double legendY(double value, double lo, double hi) const;

  // Label thinning: the smallest step in 1, 2, 5, 10, 20, 50, ... so that labels `step`
  // cells apart are at least labelExtent pixels apart along an axis of cells cellExtent wide.
  static int labelStep(double cellExtent, double labelExtent);
  // Indices 0, step, 2*step, ... below count.
  static std::vector<int> labelIndices(int count, int step);
  // The same spacing, but the `first` indices (e.g. the rows that carry a model's answer) are
  // labelled before the regular ones: each index kept is at least `step` from every other.
  // Sorted.
  static std::vector<int> labelIndices(int count, int step, const std::vector<int>& first);

 private:
  int rows_, cols_;
  Margins m_;
  double cellW_ = 0, cellH_ = 0;
  QRectF matrix_, outer_;
};

}  // namespace seqscope
