#include "core/tasks/sudoku_solver.h"

#include <bit>

namespace seqscope {
namespace {

// Search state: digits used per row, column and box as bit masks, so a cell's candidates are
// one AND/NOT away. Recursion depth is at most the number of blanks (<= 81).
class Search {
 public:
  Search(const SudokuGrid& g, Rng* rng, int limit)
      : g_(g), n_(g.size()), rng_(rng), limit_(limit),
        row_(std::size_t(n_), 0u), col_(std::size_t(n_), 0u), box_(std::size_t(n_), 0u) {
    all_ = ((1u << (n_ + 1)) - 1) & ~1u;
    for (int r = 0; r < n_; ++r)
      for (int c = 0; c < n_; ++c) {
        const int v = g_.at(r, c);
        if (!v) continue;
        const unsigned bit = 1u << v;
        if ((row_[std::size_t(r)] | col_[std::size_t(c)] | box_[std::size_t(g_.box(r, c))]) & bit)
          clash_ = true;  // clashing givens: no solution
        mark(r, c, bit);
      }
  }

  int run() {
    if (!clash_) search();
    return found_;
  }
  const std::optional<SudokuGrid>& first() const { return first_; }

 private:
  void mark(int r, int c, unsigned bit) {
    row_[std::size_t(r)] ^= bit;
    col_[std::size_t(c)] ^= bit;
    box_[std::size_t(g_.box(r, c))] ^= bit;
  }
  unsigned free(int r, int c) const {
    return all_ & ~(row_[std::size_t(r)] | col_[std::size_t(c)] | box_[std::size_t(g_.box(r, c))]);
  }

  void search() {
    int best = -1, bestCount = n_ + 1;
    unsigned bestMask = 0;
    for (int i = 0; i < n_ * n_; ++i) {
      if (g_.at(i)) continue;
      const unsigned m = free(i / n_, i % n_);
      const int k = std::popcount(m);
      if (k == 0) return;  // dead end
      if (k < bestCount) best = i, bestCount = k, bestMask = m;
      if (k == 1) break;
    }
    if (best < 0) {  // no blank left: a solution
      if (found_++ == 0) first_ = g_;
      return;
    }
    int digits[9], count = 0;
    for (int d = 1; d <= n_; ++d)
      if (bestMask & (1u << d)) digits[count++] = d;
    if (rng_)
      for (int i = count; i > 1; --i) std::swap(digits[i - 1], digits[rng_->below(std::uint64_t(i))]);
    const int r = best / n_, c = best % n_;
    for (int k = 0; k < count && found_ < limit_; ++k) {
      const unsigned bit = 1u << digits[k];
      g_.set(best, digits[k]);
      mark(r, c, bit);
      search();
      mark(r, c, bit);
      g_.set(best, 0);
    }
  }

  SudokuGrid g_;
  int n_;
  Rng* rng_;
  int limit_;
  std::vector<unsigned> row_, col_, box_;
  unsigned all_ = 0;
  bool clash_ = false;
  int found_ = 0;
  std::optional<SudokuGrid> first_;
};

}  // namespace

int SudokuSolver::countSolutions(int limit) const {
  if (limit <= 0) return 0;
  return Search(puzzle_, nullptr, limit).run();
}

std::optional<SudokuGrid> SudokuSolver::solve() const {
  Search s(puzzle_, nullptr, 1);
  s.run();
  return s.first();
}

SudokuGrid SudokuSolver::randomSolution(int size, Rng& rng) {
  Search s(SudokuGrid(size), &rng, 1);
  s.run();
  return *s.first();  // the empty grid always has a solution
}

}  // namespace seqscope
