#include "core/tasks/maze_augment.h"

namespace seqscope {

std::string mazeSymmetry(const std::string& cells, int side, int k) {
  std::string out(cells.size(), '#');
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      int sr = r, sc = c;
      for (int q = 0; q < k % 4; ++q) {  // output (r, c) of a clockwise turn reads (side-1-c, r)
        const int t = sr;
        sr = side - 1 - sc;
        sc = t;
      }
      if (k >= 4) sc = side - 1 - sc;
      out[std::size_t(r * side + c)] = cells[std::size_t(sr * side + sc)];
    }
  return out;
}

void augmentMaze(std::string& maze, std::string& solved, int side, Rng& rng) {
  const int k = int(rng.below(8));
  maze = mazeSymmetry(maze, side, k);
  solved = mazeSymmetry(solved, side, k);
}

}  // namespace seqscope
