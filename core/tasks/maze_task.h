#pragma once
// Shortest paths in random mazes. A maze of side gridSize (odd) has rooms at odd (row, col)
// and walls elsewhere; a perfect maze is carved by a randomised depth-first search, then
// braided: each remaining wall between two rooms is knocked out with probability 1/6, which
// adds loops so that "shortest" matters. S and G are two distinct random rooms. Draws whose
// shortest S-G path is not unique are rejected (the target must be well defined); after 16
// rejections the maze is left perfect, where the path is always unique.
//
// Encoding: ids 0 "#", 1 ".", 2 "S", 3 "G", 4 "*" (path), 5 "/" (end of row), 6 "|".
//   maze rows joined by "/"  |  the same rows with the shortest path's cells (S, G excluded)
//   shown as "*"
// e.g. "#####/#S..#/###.#/#G..#/#####|#####/#S**#/###*#/#G**#/#####" for side 5. The text
// before "|" is exactly what MazeGrid::parse reads.
// Scored: every answer cell that is open in the maze ('.' there), i.e. where the model must
// decide between "*" (on the path) and "." — targets[t] = tokens[t + 1] for those positions.
// Walls, S, G and "/" are copies of the prompt and are not scored; scoring only the path
// cells would let "all *" count as solved.
// Options: gridSize (default 9, odd, 5..63).
#include "core/tasks/maze_grid.h"
#include "core/tasks/task.h"

namespace seqscope {

class MazeTask : public Task {
 public:
  explicit MazeTask(const TaskOptions& options);

  std::string name() const override { return "maze"; }
  int vocabSize() const override { return 7; }
  int maxLength() const override { return 2 * gridLength() + 1; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;

  // One random maze with S and G whose shortest path is unique (what sample() encodes).
  MazeGrid generate(Rng& rng) const;
  // Token id of a maze character (# . S G * / |); -1 for anything else.
  static int tokenOf(char c);
  int gridSize() const { return size_; }
  int gridLength() const { return size_ * size_ + size_ - 1; }  // cells plus row separators

 private:
  int size_;
};

}  // namespace seqscope
