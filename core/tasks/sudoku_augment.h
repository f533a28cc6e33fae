#pragma once
// Symmetries of Sudoku that map a valid puzzle and its solution to another valid pair: a
// relabelling of the digits, a permutation of the rows inside each band (a band is a row of
// boxes) and of the bands, the same for columns inside stacks and of the stacks, and, for
// square boxes (4x4, 9x9), transposition. Training on transformed pairs is what the TRM paper
// relies on to learn from few puzzles; here it also decorrelates the generator's output.
#include "core/tasks/sudoku_task.h"
#include "core/util/rng.h"

namespace seqscope {

// A random symmetry applied to both grids (the same one), drawn from `rng`.
SudokuTask::Puzzle augmentSudoku(const SudokuTask::Puzzle& pair, Rng& rng);

}  // namespace seqscope
