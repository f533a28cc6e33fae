#include "core/tasks/sudoku_grid.h"

#include <cctype>

#include "core/error.h"

namespace seqscope {

SudokuGrid::SudokuGrid(int size) : n_(size) {
  if (size == 4) boxRows_ = 2, boxCols_ = 2;
  else if (size == 6) boxRows_ = 2, boxCols_ = 3;
  else if (size == 9) boxRows_ = 3, boxCols_ = 3;
  else throw Error("sudoku size must be 4, 6 or 9 (got " + std::to_string(size) + ")");
  cells_.assign(std::size_t(n_ * n_), 0);
}

SudokuGrid SudokuGrid::parse(const std::string& text) {
  std::size_t count = 0;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) ++count;
  if (count != 16 && count != 36 && count != 81)
    throw Error("a sudoku has 16, 36 or 81 cells (4x4, 6x6, 9x9), got " + std::to_string(count));
  return parse(text, int(count == 16 ? 4 : count == 36 ? 6 : 9));
}

SudokuGrid SudokuGrid::parse(const std::string& text, int size) {
  SudokuGrid g(size);
  int i = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v = -1;
    if (c == '0' || c == '.') v = 0;
    else if (c >= '1' && c <= char('0' + size)) v = c - '0';
    if (v < 0)
      throw Error("bad sudoku character '" + std::string(1, c) + "' at position " + std::to_string(pos) +
                  " (expected 1-" + std::to_string(size) + ", or 0 or . for a blank)");
    if (i < size * size) g.cells_[std::size_t(i)] = v;
    ++i;
  }
  if (i != size * size)
    throw Error("a " + std::to_string(size) + "x" + std::to_string(size) + " sudoku has " +
                std::to_string(size * size) + " cells, got " + std::to_string(i));
  return g;
}

void SudokuGrid::set(int i, int v) {
  if (v < 0 || v > n_)
    throw Error("sudoku cell value must be between 0 and " + std::to_string(n_) + " (got " +
                std::to_string(v) + ")");
  cells_[std::size_t(i)] = v;
}

int SudokuGrid::filled() const {
  int k = 0;
  for (int v : cells_) k += v != 0;
  return k;
}

std::string SudokuGrid::problem() const {
  // One pass per unit kind; a bit mask per unit remembers which digits were seen.
  const char* kinds[3] = {"row", "column", "box"};
  for (int kind = 0; kind < 3; ++kind) {
    std::vector<unsigned> seen(std::size_t(n_), 0u);
    for (int r = 0; r < n_; ++r)
      for (int c = 0; c < n_; ++c) {
        const int v = at(r, c);
        if (!v) continue;
        const int unit = kind == 0 ? r : kind == 1 ? c : box(r, c);
        const unsigned bit = 1u << v;
        if (seen[std::size_t(unit)] & bit)
          return "digit " + std::to_string(v) + " appears twice in " + kinds[kind] + " " +
                 std::to_string(unit + 1);
        seen[std::size_t(unit)] |= bit;
      }
  }
  return "";
}

unsigned SudokuGrid::candidates(int r, int c) const {
  if (at(r, c)) return 0;
  unsigned used = 0;
  for (int k = 0; k < n_; ++k) used |= (1u << at(r, k)) | (1u << at(k, c));
  const int r0 = r / boxRows_ * boxRows_, c0 = c / boxCols_ * boxCols_;
  for (int dr = 0; dr < boxRows_; ++dr)
    for (int dc = 0; dc < boxCols_; ++dc) used |= 1u << at(r0 + dr, c0 + dc);
  const unsigned all = ((1u << (n_ + 1)) - 1) & ~1u;
  return all & ~used;
}

bool SudokuGrid::hasContradiction() const {
  if (!isValid()) return true;
  // Per unit: the digits present, and the digits some blank cell could still take. A digit
  // in neither can never be placed there.
  std::vector<unsigned> have(std::size_t(3 * n_), 0u), possible(std::size_t(3 * n_), 0u);
  for (int r = 0; r < n_; ++r)
    for (int c = 0; c < n_; ++c) {
      const int units[3] = {r, n_ + c, 2 * n_ + box(r, c)};
      unsigned bits = 0;
      if (at(r, c)) {
        bits = 1u << at(r, c);
        for (int u : units) have[std::size_t(u)] |= bits;
      } else {
        bits = candidates(r, c);
        if (!bits) return true;
        for (int u : units) possible[std::size_t(u)] |= bits;
      }
    }
  const unsigned all = ((1u << (n_ + 1)) - 1) & ~1u;
  for (int u = 0; u < 3 * n_; ++u)
    if ((have[std::size_t(u)] | possible[std::size_t(u)]) != all) return true;
  return false;
}

bool SudokuGrid::solves(const SudokuGrid& puzzle) const {
  if (puzzle.n_ != n_ || !isSolved()) return false;
  for (int i = 0; i < n_ * n_; ++i)
    if (puzzle.at(i) && puzzle.at(i) != at(i)) return false;
  return true;
}

std::string SudokuGrid::toString() const {
  std::string s;
  for (int v : cells_) s.push_back(char('0' + v));
  return s;
}

}  // namespace seqscope
