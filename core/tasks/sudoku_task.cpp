#include "core/tasks/sudoku_task.h"

#include <numeric>

#include "core/tasks/sudoku_solver.h"
#include "core/tasks/task_util.h"

namespace seqscope {

SudokuTask::SudokuTask(int size, const TaskOptions& o) : size_(size) {
  const std::string task = "sudoku" + std::to_string(size);
  if (size != 4 && size != 6 && size != 9)
    throw Error("sudoku size must be 4, 6 or 9 (got " + std::to_string(size) + ")");
  taskutil::option(task, "gridSize", o.gridSize, size, size, size);
  const int fallback = size == 4 ? 8 : size == 6 ? 18 : 34;
  givens_ = taskutil::option(task, "givens", o.givens, fallback, 1, size * size);
}

SudokuTask::Puzzle SudokuTask::generate(Rng& rng) const {
  const int cells = size_ * size_;
  SudokuGrid solution = SudokuSolver::randomSolution(size_, rng);
  SudokuGrid puzzle = solution;
  std::vector<int> order(static_cast<std::size_t>(cells));
  std::iota(order.begin(), order.end(), 0);
  taskutil::shuffle(order, rng);
  int filled = cells;
  for (int i : order) {
    if (filled <= givens_) break;
    puzzle.set(i, 0);
    if (SudokuSolver(puzzle).countSolutions(2) == 1) --filled;
    else puzzle.set(i, solution.at(i));
  }
  return {std::move(puzzle), std::move(solution)};
}

Example SudokuTask::sample(Rng& rng) const {
  const Puzzle p = generate(rng);
  const int cells = size_ * size_;
  Example ex = taskutil::blankExample(maxLength());
  for (int i = 0; i < cells; ++i) {
    ex.tokens[std::size_t(i)] = p.puzzle.at(i);
    ex.tokens[std::size_t(cells + 1 + i)] = p.solution.at(i);
  }
  ex.tokens[std::size_t(cells)] = separator();
  taskutil::scoreNext(ex, cells, 2 * cells);
  return ex;
}

Vocabulary SudokuTask::vocabulary() const {
  std::vector<std::string> t;
  for (int d = 0; d <= size_; ++d) t.push_back(std::string(1, char('0' + d)));
  t.push_back("|");
  return Vocabulary(std::move(t));
}

}  // namespace seqscope
