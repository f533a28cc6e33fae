#pragma once
// A Sudoku grid of side 4, 6 or 9 with boxes of 2x2, 2x3 (2 rows by 3 columns) or 3x3.
// Cells hold 1..size, or 0 for blank. Parsing and the validity checks report user errors
// (bad text, wrong cell count) with seqscope::Error; the checks themselves return values, so
// the generator and the solver can test candidate grids cheaply.
#include <string>
#include <vector>

namespace seqscope {

class SudokuGrid {
 public:
  // An empty grid; throws Error unless size is 4, 6 or 9.
  explicit SudokuGrid(int size);

  // Cells row by row, "1".."size" for digits and "0" or "." for blanks; whitespace is
  // ignored. Without `size` it is taken from the cell count (16, 36 or 81). Throws Error
  // naming the first bad character and its position, or the wrong cell count.
  static SudokuGrid parse(const std::string& text);
  static SudokuGrid parse(const std::string& text, int size);

  int size() const { return n_; }
  int boxRows() const { return boxRows_; }
  int boxCols() const { return boxCols_; }
  int box(int r, int c) const { return (r / boxRows_) * (n_ / boxCols_) + c / boxCols_; }
  int at(int r, int c) const { return cells_[std::size_t(r * n_ + c)]; }
  int at(int i) const { return cells_[std::size_t(i)]; }
  void set(int r, int c, int v) { set(r * n_ + c, v); }
  void set(int i, int v);  // throws Error for a value outside 0..size
  const std::vector<int>& cells() const { return cells_; }
  int filled() const;  // non-blank cells

  // "" when no row, column or box holds a digit twice, else the first such clash, e.g.
  // "digit 3 appears twice in row 2" (rows, columns and boxes counted from 1).
  std::string problem() const;
  bool isValid() const { return problem().empty(); }
  bool isComplete() const { return filled() == n_ * n_; }
  bool isSolved() const { return isComplete() && isValid(); }
  // Bit d (1..size) set when d could go into blank cell (r, c) given its row, column, box.
  unsigned candidates(int r, int c) const;
  // True when the givens cannot be completed by simple inspection: a clash (see problem()),
  // a blank cell with no candidate, or a digit missing from a unit with no cell left for it.
  // A grid without contradiction can still be unsolvable; SudokuSolver decides that.
  bool hasContradiction() const;
  // True when this grid is solved and keeps every given of `puzzle` (same size).
  bool solves(const SudokuGrid& puzzle) const;

  std::string toString() const;  // digits row by row, 0 for blank

 private:
  int n_, boxRows_, boxCols_;
  std::vector<int> cells_;
};

}  // namespace seqscope
