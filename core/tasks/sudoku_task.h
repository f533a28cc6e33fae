#pragma once
// Sudoku puzzles of side 4, 6 or 9 ("sudoku4", "sudoku6", "sudoku9"). Each example is a
// fresh puzzle: a random complete grid (SudokuSolver::randomSolution), then cells blanked
// in a random order, each removal kept only while the puzzle still has exactly one solution,
// until `givens` cells remain or a full pass finds nothing more to remove. (One pass is
// enough: if blanking a cell breaks uniqueness, blanking it after further removals does too.)
//
// Layout: ids 0..size are the digits "0".."size" (0 = blank), id size+1 the separator "|".
//   puzzle (size*size digits, row by row)  |  solution (size*size digits)
// The solution is scored: targets[t] = tokens[t + 1] from the separator to the second-last
// token. Options: givens (default 8 / 18 / 34 for 4 / 6 / 9, range 1..size*size; a target
// below what uniqueness allows just leaves more givens); gridSize may be left 0 or set to
// the size the name says.
#include "core/tasks/sudoku_grid.h"
#include "core/tasks/task.h"

namespace seqscope {

class SudokuTask : public Task {
 public:
  struct Puzzle {
    SudokuGrid puzzle, solution;
  };

  SudokuTask(int size, const TaskOptions& options);

  std::string name() const override { return "sudoku" + std::to_string(size_); }
  int vocabSize() const override { return size_ + 2; }
  int maxLength() const override { return 2 * size_ * size_ + 1; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;

  // One generated puzzle with its unique solution (what sample() encodes).
  Puzzle generate(Rng& rng) const;
  int size() const { return size_; }
  int givens() const { return givens_; }
  int separator() const { return size_ + 1; }

 private:
  int size_, givens_;
};

}  // namespace seqscope
