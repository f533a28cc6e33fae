#include "core/tasks/maze_task.h"

#include "core/tasks/task_util.h"

namespace seqscope {
namespace {

constexpr char kChars[] = "#.SG*/|";

}  // namespace

MazeTask::MazeTask(const TaskOptions& o) {
  size_ = taskutil::option("maze", "gridSize", o.gridSize, 9, 5, 63);
  if (size_ % 2 == 0)
    throw Error("task 'maze': option gridSize must be odd (rooms sit at odd coordinates), got " +
                std::to_string(size_));
}

int MazeTask::tokenOf(char c) {
  for (int i = 0; i < 7; ++i)
    if (kChars[i] == c) return i;
  return -1;
}

MazeGrid MazeTask::generate(Rng& rng) const {
  const int g = size_, rooms = (g - 1) / 2;
  auto cell = [&](std::string& s, int r, int c) -> char& { return s[std::size_t(r * g + c)]; };
  for (int attempt = 0;; ++attempt) {
    std::string s(std::size_t(g * g), '#');
    // Randomised depth-first search over rooms (explicit stack, no recursion limit).
    std::vector<char> seen(std::size_t(rooms * rooms), 0);
    std::vector<int> stack{int(rng.below(std::uint64_t(rooms * rooms)))};
    seen[std::size_t(stack[0])] = 1;
    cell(s, 2 * (stack[0] / rooms) + 1, 2 * (stack[0] % rooms) + 1) = '.';
    while (!stack.empty()) {
      const int cur = stack.back(), cr = cur / rooms, cc = cur % rooms;
      int next[4], count = 0;
      const int dr[4] = {-1, 0, 0, 1}, dc[4] = {0, -1, 1, 0};
      for (int k = 0; k < 4; ++k) {
        const int r = cr + dr[k], c = cc + dc[k];
        if (r >= 0 && r < rooms && c >= 0 && c < rooms && !seen[std::size_t(r * rooms + c)])
          next[count++] = r * rooms + c;
      }
      if (!count) {
        stack.pop_back();
        continue;
      }
      const int nb = next[rng.below(std::uint64_t(count))], nr = nb / rooms, nc = nb % rooms;
      seen[std::size_t(nb)] = 1;
      cell(s, 2 * nr + 1, 2 * nc + 1) = '.';
      cell(s, cr + nr + 1, cc + nc + 1) = '.';  // the wall between the two rooms
      stack.push_back(nb);
    }
    if (attempt < 16) {
      // Braid: walls between two rooms sit at (odd, even) or (even, odd) inside the border.
      for (int r = 1; r < g - 1; ++r)
        for (int c = 1; c < g - 1; ++c)
          if ((r % 2) != (c % 2) && cell(s, r, c) == '#' && rng.below(6) == 0) cell(s, r, c) = '.';
    }
    const int a = int(rng.below(std::uint64_t(rooms * rooms)));
    int b = int(rng.below(std::uint64_t(rooms * rooms - 1)));
    if (b >= a) ++b;
    cell(s, 2 * (a / rooms) + 1, 2 * (a % rooms) + 1) = 'S';
    cell(s, 2 * (b / rooms) + 1, 2 * (b % rooms) + 1) = 'G';
    std::string text;
    for (int r = 0; r < g; ++r) text += (r ? "/" : "") + s.substr(std::size_t(r * g), std::size_t(g));
    MazeGrid maze = MazeGrid::parse(text);
    if (maze.countShortestPaths(2) == 1) return maze;
  }
}

Example MazeTask::sample(Rng& rng) const {
  const MazeGrid maze = generate(rng);
  const std::string prompt = maze.toString(), answer = maze.withPath(maze.shortestPath());
  const int len = gridLength();
  Example ex = taskutil::blankExample(maxLength());
  for (int i = 0; i < len; ++i) {
    ex.tokens[std::size_t(i)] = tokenOf(prompt[std::size_t(i)]);
    ex.tokens[std::size_t(len + 1 + i)] = tokenOf(answer[std::size_t(i)]);
  }
  ex.tokens[std::size_t(len)] = tokenOf('|');
  for (int i = 0; i < len; ++i)
    if (prompt[std::size_t(i)] == '.') {
      const int t = len + i;  // the position that predicts answer cell i
      ex.targets[std::size_t(t)] = ex.tokens[std::size_t(t + 1)];
    }
  return ex;
}

Vocabulary MazeTask::vocabulary() const {
  std::vector<std::string> t;
  for (int i = 0; i < 7; ++i) t.push_back(std::string(1, kChars[i]));
  return Vocabulary(std::move(t));
}

}  // namespace seqscope
