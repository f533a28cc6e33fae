#include "core/tasks/sudoku_augment.h"

#include <numeric>

#include "core/tasks/task_util.h"

namespace seqscope {
namespace {

// A permutation of 0..groups*groupSize-1 that shuffles whole groups and, inside each, members.
std::vector<int> blockPermutation(int groups, int groupSize, Rng& rng) {
  std::vector<int> order(static_cast<std::size_t>(groups)),
      inner(static_cast<std::size_t>(groupSize)), out;
  std::iota(order.begin(), order.end(), 0);
  taskutil::shuffle(order, rng);
  for (int g : order) {
    std::iota(inner.begin(), inner.end(), 0);
    taskutil::shuffle(inner, rng);
    for (int i : inner) out.push_back(g * groupSize + i);
  }
  return out;
}

}  // namespace

SudokuTask::Puzzle augmentSudoku(const SudokuTask::Puzzle& pair, Rng& rng) {
  const SudokuGrid& p = pair.puzzle;
  const int n = p.size(), br = p.boxRows(), bc = p.boxCols();
  std::vector<int> digits(std::size_t(n + 1));  // digits[0] = 0 keeps blanks blank
  std::iota(digits.begin(), digits.end(), 0);
  std::vector<int> tail(digits.begin() + 1, digits.end());
  taskutil::shuffle(tail, rng);
  std::copy(tail.begin(), tail.end(), digits.begin() + 1);
  const std::vector<int> rowMap = blockPermutation(n / br, br, rng);
  const std::vector<int> colMap = blockPermutation(n / bc, bc, rng);
  const bool transpose = br == bc && rng.below(2) == 1;
  SudokuTask::Puzzle out{SudokuGrid(n), SudokuGrid(n)};
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      int sr = rowMap[std::size_t(r)], sc = colMap[std::size_t(c)];
      if (transpose) std::swap(sr, sc);
      out.puzzle.set(r, c, digits[std::size_t(pair.puzzle.at(sr, sc))]);
      out.solution.set(r, c, digits[std::size_t(pair.solution.at(sr, sc))]);
    }
  return out;
}

}  // namespace seqscope
