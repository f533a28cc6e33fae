#pragma once
// Where a puzzle grid and its side panel go, as plain numbers. The panel (supervision step,
// cycle, halting probability, norms, legend) sits beside the grid in a wide widget and below
// it in a tall one, whichever leaves the larger cells. No painting and no widget, so the
// cell <-> pixel mapping (painting, hover, tests) has one definition.
//
//   wide:  +---------------------------+        tall: +-----------+
//          | +--------+  panel: step   |              | +-------+ |
//          | |  grid  |  halting [==]  |              | | grid  | |
//          | +--------+  legend        |              | +-------+ |
//          +---------------------------+              | panel     |
//                                                     +-----------+
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <optional>

namespace seqscope {

class RefinementGeometry {
 public:
  struct Margins {
    double padding = 8;        // empty border around everything
    double title = 0;          // height of the title line above the grid
    double panelWidth = 220;   // side panel width when beside the grid
    double panelHeight = 200;  // panel height when below the grid
    double gap = 16;           // between grid and panel
  };
  struct Cell {
    int row = 0, col = 0;
    bool operator==(const Cell&) const = default;
  };

  // boxRows x boxCols: the Sudoku boxes (2x2 for 4x4, 3x3 for 9x9) drawn with thicker lines;
  // 0 for a maze.
  RefinementGeometry(QSize size, int rows, int cols, const Margins& margins, int boxRows = 0,
                     int boxCols = 0);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  double cellSize() const { return cell_; }  // cells are square, whole pixels when >= 3
  bool panelBeside() const { return beside_; }
  int boxRows() const { return boxRows_; }
  int boxCols() const { return boxCols_; }
  // True where a thicker box line runs left of column c (or above row r); also the borders.
  bool isBoxColumnLine(int c) const;
  bool isBoxRowLine(int r) const;

  QRectF titleRect() const;
  QRectF gridRect() const { return grid_; }
  QRectF panelRect() const { return panel_; }
  QRectF cellRect(int row, int col) const;
  QPointF cellCenter(int row, int col) const { return cellRect(row, col).center(); }
  std::optional<Cell> cellAt(QPointF p) const;  // nothing outside the grid

 private:
  int rows_, cols_, boxRows_, boxCols_;
  Margins m_;
  double cell_ = 0;
  bool beside_ = true;
  QRectF outer_, grid_, panel_;
};

}  // namespace seqscope
