#include "core/tasks/maze_grid.h"

#include <algorithm>
#include <deque>

#include "core/error.h"

namespace seqscope {
namespace {

constexpr int kDr[4] = {-1, 0, 0, 1}, kDc[4] = {0, -1, 1, 0};  // up, left, right, down

}  // namespace

MazeGrid MazeGrid::parse(const std::string& text) {
  if (text.empty()) throw Error("maze text is empty");
  MazeGrid m;
  std::vector<std::string> rows(1);
  for (char ch : text) {
    if (ch == '/') rows.emplace_back();
    else rows.back().push_back(ch);
  }
  m.rows_ = int(rows.size());
  m.cols_ = int(rows[0].size());
  if (m.cols_ == 0) throw Error("maze row 1 is empty");
  int starts = 0, goals = 0;
  for (int r = 0; r < m.rows_; ++r) {
    const std::string& row = rows[std::size_t(r)];
    if (int(row.size()) != m.cols_)
      throw Error("maze is not rectangular: row " + std::to_string(r + 1) + " has " +
                  std::to_string(row.size()) + " cells, row 1 has " + std::to_string(m.cols_));
    for (int c = 0; c < m.cols_; ++c) {
      const char ch = row[std::size_t(c)];
      if (ch == 'S') m.start_ = {r, c}, ++starts;
      else if (ch == 'G') m.goal_ = {r, c}, ++goals;
      else if (ch != '#' && ch != '.' && ch != '*')
        throw Error("bad maze character '" + std::string(1, ch) + "' in row " + std::to_string(r + 1) +
                    ", column " + std::to_string(c + 1) + " (expected # . S G or *)");
    }
    m.cells_ += row;
  }
  if (starts != 1) throw Error("maze must have exactly one start S, found " + std::to_string(starts));
  if (goals != 1) throw Error("maze must have exactly one goal G, found " + std::to_string(goals));
  if (m.distancesFrom(m.start_)[std::size_t(m.goal_.r * m.cols_ + m.goal_.c)] < 0)
    throw Error("maze goal G is not reachable from the start S");
  return m;
}

std::vector<int> MazeGrid::distancesFrom(Cell from) const {
  std::vector<int> dist(cells_.size(), -1);
  if (!isOpen(from.r, from.c)) return dist;
  std::deque<Cell> queue{from};
  dist[std::size_t(from.r * cols_ + from.c)] = 0;
  while (!queue.empty()) {
    const Cell cur = queue.front();
    queue.pop_front();
    const int d = dist[std::size_t(cur.r * cols_ + cur.c)];
    for (int k = 0; k < 4; ++k) {
      const int r = cur.r + kDr[k], c = cur.c + kDc[k];
      if (!isOpen(r, c) || dist[std::size_t(r * cols_ + c)] >= 0) continue;
      dist[std::size_t(r * cols_ + c)] = d + 1;
      queue.push_back({r, c});
    }
  }
  return dist;
}

std::vector<MazeGrid::Cell> MazeGrid::shortestPath() const {
  // Distances to G, then walk downhill from S: every step lands one closer, so the walk is
  // a shortest path.
  const std::vector<int> toGoal = distancesFrom(goal_);
  std::vector<Cell> path{start_};
  Cell cur = start_;
  while (!(cur == goal_)) {
    const int d = toGoal[std::size_t(cur.r * cols_ + cur.c)];
    for (int k = 0; k < 4; ++k) {
      const int r = cur.r + kDr[k], c = cur.c + kDc[k];
      if (isOpen(r, c) && toGoal[std::size_t(r * cols_ + c)] == d - 1) {
        cur = {r, c};
        break;
      }
    }
    path.push_back(cur);
  }
  return path;
}

int MazeGrid::countShortestPaths(int limit) const {
  // Paths to each cell in BFS order: the sum over neighbours one step closer to S, capped so
  // the count cannot overflow on open grids.
  const std::vector<int> dist = distancesFrom(start_);
  std::vector<int> order;
  for (int i = 0; i < int(cells_.size()); ++i)
    if (dist[std::size_t(i)] >= 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return dist[std::size_t(a)] < dist[std::size_t(b)]; });
  std::vector<int> ways(cells_.size(), 0);
  for (int i : order) {
    if (dist[std::size_t(i)] == 0) {
      ways[std::size_t(i)] = 1;
      continue;
    }
    const int r0 = i / cols_, c0 = i % cols_;
    int w = 0;
    for (int k = 0; k < 4; ++k) {
      const int r = r0 + kDr[k], c = c0 + kDc[k];
      if (isOpen(r, c) && dist[std::size_t(r * cols_ + c)] == dist[std::size_t(i)] - 1)
        w = std::min(limit, w + ways[std::size_t(r * cols_ + c)]);
    }
    ways[std::size_t(i)] = w;
  }
  return ways[std::size_t(goal_.r * cols_ + goal_.c)];
}

std::string MazeGrid::toString() const {
  std::string s;
  for (int r = 0; r < rows_; ++r) {
    if (r) s.push_back('/');
    s += cells_.substr(std::size_t(r * cols_), std::size_t(cols_));
  }
  return s;
}

std::string MazeGrid::withPath(const std::vector<Cell>& path) const {
  MazeGrid marked = *this;
  for (const Cell& p : path)
    if (!(p == start_) && !(p == goal_)) marked.cells_[std::size_t(p.r * cols_ + p.c)] = '*';
  return marked.toString();
}

}  // namespace seqscope
