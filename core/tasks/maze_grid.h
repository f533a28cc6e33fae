#pragma once
// A rectangular grid maze in text form: rows separated by '/', '#' wall, '.' open, 'S' the
// start, 'G' the goal ('*' is read as open too, so a maze with its path marked parses back).
// Moves are the four orthogonal steps between non-wall cells. parse() validates everything a
// user can get wrong and shortestPath() is a breadth-first search.
#include <string>
#include <vector>

namespace seqscope {

class MazeGrid {
 public:
  struct Cell {
    int r = 0, c = 0;
    bool operator==(const Cell&) const = default;
  };

  // Throws Error naming the problem: empty text, a row of the wrong length (not
  // rectangular), a character other than # . S G *, no or several S or G, or a goal that
  // cannot be reached from the start.
  static MazeGrid parse(const std::string& text);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  char at(int r, int c) const { return cells_[std::size_t(r * cols_ + c)]; }
  bool isOpen(int r, int c) const { return r >= 0 && r < rows_ && c >= 0 && c < cols_ && at(r, c) != '#'; }
  Cell start() const { return start_; }
  Cell goal() const { return goal_; }

  // Steps from `from` to every cell (row-major), -1 where unreachable or a wall.
  std::vector<int> distancesFrom(Cell from) const;
  // A shortest path S..G, both ends included. Where several exist the choice is fixed (the
  // first neighbour in up, left, right, down order that is one step closer to G).
  std::vector<Cell> shortestPath() const;
  // Number of distinct shortest S..G paths, counted up to `limit`.
  int countShortestPaths(int limit) const;

  std::string toString() const;  // rows joined by '/'
  // The maze with the path's cells marked '*' (S and G keep their letters).
  std::string withPath(const std::vector<Cell>& path) const;

 private:
  int rows_ = 0, cols_ = 0;
  std::string cells_;  // row-major, no separators
  Cell start_, goal_;
};

}  // namespace seqscope
