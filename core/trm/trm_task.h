#pragma once
// A grid puzzle as a Tiny Recursive Model sees it: one input symbol per cell and one answer
// class per cell (not a token sequence). Three tasks:
//   sudoku4, sudoku9  inputs 0 (blank), 1..n; classes 0..n-1 for digits 1..n; every cell
//                     scored (givens must be copied). Text: one line of digits, 0 or . blank.
//   maze              9x9 mazes of MazeTask; inputs 0 '#', 1 '.', 2 'S', 3 'G'; classes
//                     0 '.' (off the path) and 1 '*' (on the shortest path), scored on open
//                     '.' cells only (walls, S and G are decoded as given). Text: rows joined
//                     by '/'.
// Training examples come from the existing generators (SudokuTask, MazeTask) with random
// symmetries (core/tasks/sudoku_augment.h, maze_augment.h).
#include <memory>
#include <string>
#include <vector>

#include "core/tasks/maze_task.h"
#include "core/tasks/sudoku_task.h"
#include "core/util/rng.h"

namespace seqscope {

struct TrmExample {
  std::vector<int> inputs;   // per cell, input symbol id
  std::vector<int> targets;  // per cell, answer class; -1 = not scored (or unknown)
  std::string puzzle;        // one char per cell, row-major ('.' for a Sudoku blank)
  std::string solution;      // one char per cell; empty when unknown (a parsed puzzle
                             // without exactly one solution / one shortest path)
};

class TrmTask {
 public:
  // "sudoku4", "sudoku9" or "maze"; throws Error naming the task otherwise.
  explicit TrmTask(const std::string& name);

  const std::string& name() const { return name_; }
  int rows() const { return side_; }
  int cols() const { return side_; }
  int cells() const { return side_ * side_; }
  int inputVocab() const { return isMaze() ? 4 : side_ + 1; }
  int numClasses() const { return isMaze() ? 2 : side_; }
  bool isMaze() const { return name_ == "maze"; }

  // A fresh generated puzzle with its solution, transformed by a random symmetry when
  // `augment` (all draws from rng).
  TrmExample sample(Rng& rng, bool augment) const;
  // A puzzle typed by a user (see the header comment for the text forms). Throws Error with
  // a message naming the problem: wrong length, a character outside the alphabet, a Sudoku
  // whose givens contradict each other, a maze without S or G or of the wrong size.
  TrmExample parse(const std::string& text) const;

  // The answer grid for per-cell classes (cells entries; fixed maze cells copy the puzzle).
  std::string decode(const std::vector<int>& classes, const TrmExample& ex) const;
  // True when the cell's answer comes from the model (Sudoku: all; maze: open cells).
  bool isDecided(const TrmExample& ex, int cell) const;
  // The answer in CLI form: Sudoku digits on one line, maze rows joined by '/'.
  std::string toText(const std::string& answer) const;
  // True when the answer solves the puzzle: a Sudoku that is complete, valid and keeps the
  // givens (SudokuGrid::solves); a maze whose '*' cells are exactly a shortest S-G path.
  bool isSolution(const TrmExample& ex, const std::string& answer) const;

  static const std::vector<std::string>& names();

 private:
  TrmExample fromSudoku(const SudokuGrid& puzzle, const SudokuGrid* solution) const;
  TrmExample fromMaze(const std::string& maze, const std::string* solved) const;

  std::string name_;
  int side_;
  std::unique_ptr<SudokuTask> sudoku_;
  std::unique_ptr<MazeTask> maze_;
};

}  // namespace seqscope
