#pragma once
// Depth-first Sudoku search with bit masks and the most-constrained-cell heuristic (branch on
// the blank with fewest candidates). Used three ways: counting solutions up to a limit (the
// generator keeps a puzzle only while exactly one solution remains, so counting to 2 is
// enough), solving, and filling an empty grid with candidate digits in random order (a
// uniform-ish random complete grid from the task's Rng).
#include <optional>

#include "core/tasks/sudoku_grid.h"
#include "core/util/rng.h"

namespace seqscope {

class SudokuSolver {
 public:
  explicit SudokuSolver(SudokuGrid puzzle) : puzzle_(std::move(puzzle)) {}

  // Number of completions of the puzzle, stopping the search once `limit` are found (so the
  // result is min(true count, limit)). A puzzle whose givens clash has 0.
  int countSolutions(int limit = 2) const;
  // The first solution in search order, or none when the puzzle has no solution.
  std::optional<SudokuGrid> solve() const;
  // A random complete valid grid of the given side: backtracking from the empty grid with
  // each cell's candidates tried in an order shuffled by `rng`.
  static SudokuGrid randomSolution(int size, Rng& rng);

 private:
  SudokuGrid puzzle_;
};

}  // namespace seqscope
