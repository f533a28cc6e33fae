#include "core/trm/trm_task.h"

#include <cctype>
#include <optional>

#include "core/error.h"
#include "core/tasks/maze_augment.h"
#include "core/tasks/maze_grid.h"
#include "core/tasks/sudoku_augment.h"
#include "core/tasks/sudoku_solver.h"

namespace seqscope {
namespace {

constexpr int kMazeSide = 9;  // MazeTask's default: 4 x 4 rooms, 81 cells
const char kMazeInputs[] = "#.SG";

std::string stripSeparators(const std::string& text) {
  std::string s;
  for (char ch : text)
    if (ch != '/') s += ch;
  return s;
}

}  // namespace

const std::vector<std::string>& TrmTask::names() {
  static const std::vector<std::string> n{"sudoku4", "sudoku9", "maze"};
  return n;
}

TrmTask::TrmTask(const std::string& name) : name_(name) {
  if (name == "sudoku4" || name == "sudoku9") {
    side_ = name == "sudoku4" ? 4 : 9;
    sudoku_ = std::make_unique<SudokuTask>(side_, TaskOptions{});
  } else if (name == "maze") {
    side_ = kMazeSide;
    TaskOptions o;
    o.gridSize = kMazeSide;
    maze_ = std::make_unique<MazeTask>(o);
  } else {
    throw Error("unknown recursive-model task '" + name + "' (expected sudoku4, sudoku9 or maze)");
  }
}

TrmExample TrmTask::fromSudoku(const SudokuGrid& puzzle, const SudokuGrid* solution) const {
  TrmExample ex;
  for (int i = 0; i < cells(); ++i) {
    ex.inputs.push_back(puzzle.at(i));
    ex.puzzle += puzzle.at(i) ? char('0' + puzzle.at(i)) : '.';
    ex.targets.push_back(solution ? solution->at(i) - 1 : -1);
    if (solution) ex.solution += char('0' + solution->at(i));
  }
  return ex;
}

TrmExample TrmTask::fromMaze(const std::string& maze, const std::string* solved) const {
  TrmExample ex;
  ex.puzzle = maze;
  for (int i = 0; i < cells(); ++i) {
    const char ch = maze[std::size_t(i)];
    ex.inputs.push_back(int(std::string(kMazeInputs).find(ch)));
    ex.targets.push_back(solved && ch == '.' ? ((*solved)[std::size_t(i)] == '*' ? 1 : 0) : -1);
  }
  if (solved) ex.solution = *solved;
  return ex;
}

TrmExample TrmTask::sample(Rng& rng, bool augment) const {
  if (sudoku_) {
    SudokuTask::Puzzle p = sudoku_->generate(rng);
    if (augment) p = augmentSudoku(p, rng);
    return fromSudoku(p.puzzle, &p.solution);
  }
  const MazeGrid m = maze_->generate(rng);
  std::string maze = stripSeparators(m.toString()),
              solved = stripSeparators(m.withPath(m.shortestPath()));
  if (augment) augmentMaze(maze, solved, side_, rng);
  return fromMaze(maze, &solved);
}

TrmExample TrmTask::parse(const std::string& text) const {
  if (sudoku_) {
    std::string cellsText;
    for (char ch : text)
      if (!std::isspace(static_cast<unsigned char>(ch))) cellsText += ch;
    if (int(cellsText.size()) != cells())
      throw Error("a " + name_ + " puzzle has " + std::to_string(cells()) + " cells (digits 1-" +
                  std::to_string(side_) + ", 0 or . for blank), got " +
                  std::to_string(cellsText.size()) + " characters");
    const SudokuGrid grid = SudokuGrid::parse(cellsText, side_);  // names a bad character
    if (grid.hasContradiction()) {
      const std::string why = grid.problem();
      throw Error(
          "the givens contradict each other" +
          (why.empty() ? std::string(" (some cell or digit has no place left)") : ": " + why));
    }
    // A well-posed puzzle (one solution) gets it, so that a user's or a scene's puzzle is
    // checked like a generated one; the search takes milliseconds at 9x9.
    const SudokuSolver solver(grid);
    if (solver.countSolutions(2) == 1) {
      const std::optional<SudokuGrid> solution = solver.solve();
      return fromSudoku(grid, &*solution);
    }
    return fromSudoku(grid, nullptr);
  }
  if (text.find_first_not_of("#.SG*/") != std::string::npos) {
    const std::size_t at = text.find_first_not_of("#.SG*/");
    throw Error(
        "character '" + std::string(1, text[at]) + "' at position " + std::to_string(at + 1) +
        " is not part of a maze (use # wall, . open, S start, G goal, rows separated by /)");
  }
  std::string unmarked = text;
  for (char& ch : unmarked)
    if (ch == '*') ch = '.';
  const MazeGrid grid = MazeGrid::parse(unmarked);  // names missing S/G, ragged rows, unreachable G
  if (grid.rows() != side_ || grid.cols() != side_)
    throw Error("this model solves " + std::to_string(side_) + "x" + std::to_string(side_) +
                " mazes, got " + std::to_string(grid.rows()) + "x" + std::to_string(grid.cols()));
  const std::string maze = stripSeparators(grid.toString());
  // One shortest path: it is the answer (several: none is, and nothing is marked wrong).
  if (grid.countShortestPaths(2) == 1) {
    const std::string solved = stripSeparators(grid.withPath(grid.shortestPath()));
    return fromMaze(maze, &solved);
  }
  return fromMaze(maze, nullptr);
}

bool TrmTask::isDecided(const TrmExample& ex, int cell) const {
  return sudoku_ || ex.puzzle[std::size_t(cell)] == '.';
}

std::string TrmTask::decode(const std::vector<int>& classes, const TrmExample& ex) const {
  std::string out(std::size_t(cells()), '?');
  for (int i = 0; i < cells(); ++i) {
    const int k = classes[std::size_t(i)];
    if (sudoku_)
      out[std::size_t(i)] = char('1' + k);
    else
      out[std::size_t(i)] = isDecided(ex, i) ? (k == 1 ? '*' : '.') : ex.puzzle[std::size_t(i)];
  }
  return out;
}

std::string TrmTask::toText(const std::string& answer) const {
  if (sudoku_) return answer;
  std::string t;
  for (int r = 0; r < side_; ++r)
    t += (r ? "/" : "") + answer.substr(std::size_t(r * side_), std::size_t(side_));
  return t;
}

bool TrmTask::isSolution(const TrmExample& ex, const std::string& answer) const {
  if (sudoku_) {
    SudokuGrid puzzle(side_), grid(side_);
    for (int i = 0; i < cells(); ++i) {
      puzzle.set(i, ex.inputs[std::size_t(i)]);
      grid.set(i, answer[std::size_t(i)] - '0');
    }
    return grid.solves(puzzle);
  }
  // Marked cells must form a path S..G of the shortest length: every marked cell plus S and
  // G reachable along marked cells, and exactly distance - 1 cells marked.
  const MazeGrid grid = MazeGrid::parse(toText(ex.puzzle));
  const std::vector<int> dist = grid.distancesFrom(grid.start());
  const int goal = grid.goal().r * side_ + grid.goal().c;
  int marked = 0;
  for (char ch : answer) marked += ch == '*';
  if (marked != dist[std::size_t(goal)] - 1) return false;
  // Walk from S: each step must go to a marked (or goal) cell one further from S.
  MazeGrid::Cell at = grid.start();
  for (int step = 1; step <= dist[std::size_t(goal)]; ++step) {
    bool moved = false;
    const int dr[4] = {-1, 0, 0, 1}, dc[4] = {0, -1, 1, 0};
    for (int k = 0; k < 4 && !moved; ++k) {
      const int r = at.r + dr[k], c = at.c + dc[k];
      if (!grid.isOpen(r, c) || dist[std::size_t(r * side_ + c)] != step) continue;
      const char ch = answer[std::size_t(r * side_ + c)];
      if (ch == '*' || (r == grid.goal().r && c == grid.goal().c)) {
        at = {r, c};
        moved = true;
      }
    }
    if (!moved) return false;
  }
  return at == grid.goal();
}

}  // namespace seqscope
