#include "core/trm/answer_check.h"

#include <deque>

namespace seqscope {
namespace {

GridVerdict checkSudoku(int n, const std::string& puzzle, const std::string& answer) {
  GridVerdict v;
  v.wrong.assign(answer.size(), 0);
  const int boxRows = n == 6 ? 2 : n == 4 ? 2 : 3, boxCols = n / boxRows;
  // A given is the puzzle's, whatever the model wrote there (the views show the given too).
  auto isGiven = [&](int i) { return puzzle[std::size_t(i)] >= '1' && puzzle[std::size_t(i)] <= '9'; };
  auto digit = [&](int i) {
    const char ch = isGiven(i) ? puzzle[std::size_t(i)] : answer[std::size_t(i)];
    return ch >= '1' && ch < char('1' + n) ? ch - '0' : 0;
  };
  int blanks = 0;
  for (int i = 0; i < n * n; ++i)
    if (digit(i) == 0) ++blanks;
  // A filled cell clashes when another cell of its row, column or box holds the same digit.
  for (int i = 0; i < n * n; ++i) {
    if (digit(i) == 0 || isGiven(i)) continue;
    const int r = i / n, c = i % n;
    for (int j = 0; j < n * n; ++j) {
      if (j == i || digit(j) != digit(i)) continue;
      const int r2 = j / n, c2 = j % n;
      if (r2 == r || c2 == c || (r2 / boxRows == r / boxRows && c2 / boxCols == c / boxCols)) {
        v.wrong[std::size_t(i)] = 1;
        break;
      }
    }
  }
  for (auto w : v.wrong) v.wrongCount += w;
  v.solved = v.wrongCount == 0 && blanks == 0;
  if (v.solved) v.summary = "solved";
  else if (v.wrongCount > 0)
    // "clash", not "wrong": without the solution, a repeated digit does not say which copy is
    // the wrong one (and a given can repeat a filled cell's digit: then the filled cell is marked).
    v.summary = std::to_string(v.wrongCount) + (v.wrongCount == 1 ? " cell clashes" : " cells clash");
  else v.summary = std::to_string(blanks) + " cells left blank";
  return v;
}

GridVerdict checkMaze(int rows, int cols, const std::string& puzzle, const std::string& answer) {
  GridVerdict v;
  const int cells = rows * cols;
  v.wrong.assign(std::size_t(cells), 0);
  int start = -1, goal = -1;
  for (int i = 0; i < cells; ++i) {
    if (puzzle[std::size_t(i)] == 'S') start = i;
    if (puzzle[std::size_t(i)] == 'G') goal = i;
  }
  if (start < 0 || goal < 0) {
    v.summary = "the maze has no S or G";
    return v;
  }
  auto open = [&](int i) { return puzzle[std::size_t(i)] != '#'; };
  auto onPath = [&](int i) { return answer[std::size_t(i)] == '*' || i == start || i == goal; };
  auto neighbours = [&](int i) {
    std::vector<int> out;
    const int r = i / cols, c = i % cols;
    if (r > 0) out.push_back(i - cols);
    if (c > 0) out.push_back(i - 1);
    if (c + 1 < cols) out.push_back(i + 1);
    if (r + 1 < rows) out.push_back(i + cols);
    return out;
  };
  // Shortest distance S..G through open cells (breadth first).
  std::vector<int> dist(std::size_t(cells), -1);
  std::deque<int> queue{start};
  dist[std::size_t(start)] = 0;
  while (!queue.empty()) {
    const int i = queue.front();
    queue.pop_front();
    for (int j : neighbours(i))
      if (open(j) && dist[std::size_t(j)] < 0) dist[std::size_t(j)] = dist[std::size_t(i)] + 1, queue.push_back(j);
  }
  int marked = 0;
  for (int i = 0; i < cells; ++i) {
    if (answer[std::size_t(i)] != '*') continue;
    ++marked;
    if (!open(i)) v.wrong[std::size_t(i)] = 1;  // a path through a wall
  }
  // Walk the marked cells from S: each step to the one marked neighbour not yet visited.
  std::vector<std::uint8_t> seen(std::size_t(cells), 0);
  int at = start, steps = 0;
  bool reached = false;
  seen[std::size_t(start)] = 1;
  while (true) {
    int next = -1, choices = 0;
    for (int j : neighbours(at))
      if (onPath(j) && open(j) && !seen[std::size_t(j)]) next = j, ++choices;
    if (choices != 1) {
      if (choices > 1) v.wrong[std::size_t(at)] = 1;  // the path forks here
      break;
    }
    at = next;
    seen[std::size_t(at)] = 1;
    ++steps;
    if (at == goal) {
      reached = true;
      break;
    }
  }
  for (int i = 0; i < cells; ++i)
    if (answer[std::size_t(i)] == '*' && !seen[std::size_t(i)]) v.wrong[std::size_t(i)] = 1;  // stray cells
  if (!reached && at != start) v.wrong[std::size_t(at)] = 1;  // where the path breaks off
  for (auto w : v.wrong) v.wrongCount += w;
  const int shortest = dist[std::size_t(goal)];
  v.solved = reached && v.wrongCount == 0 && steps == shortest && marked == shortest - 1;
  if (v.solved) v.summary = "shortest path";
  else if (!reached) v.summary = "path broken";
  else if (v.wrongCount > 0) v.summary = std::to_string(v.wrongCount) + " stray path cells";
  else v.summary = "path " + std::to_string(steps - shortest) + " steps too long";
  return v;
}

}  // namespace

GridVerdict checkGridAnswer(const std::string& task, int rows, int cols, const std::string& puzzle,
                            const std::string& answer) {
  const std::size_t cells = std::size_t(rows) * std::size_t(cols);
  if (rows <= 0 || cols <= 0 || puzzle.size() != cells || answer.size() != cells) {
    GridVerdict v;
    v.summary = "the answer does not match the puzzle's size";
    return v;
  }
  if (task == "maze") return checkMaze(rows, cols, puzzle, answer);
  if ((task == "sudoku4" || task == "sudoku6" || task == "sudoku9") && rows == cols &&
      rows == task.back() - '0')
    return checkSudoku(rows, puzzle, answer);
  GridVerdict v;
  v.summary = "no rules known for task '" + task + "'";
  return v;
}

}  // namespace seqscope
