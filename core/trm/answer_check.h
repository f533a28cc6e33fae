#pragma once
// Whether a grid answer is right, by the puzzle's rules and not by comparison with one stored
// solution (a user's puzzle has none): a Sudoku is solved when every cell is filled and no
// row, column or box repeats a digit (givens count as given; a filled cell that repeats one
// breaks the rule, the given does not); a maze's marked path ('*') must
// lead from S to G through open cells, one step at a time, as short as the shortest path.
// The cells that break a rule (a Sudoku digit that clashes with another in its row, column or
// box; a stray or forking maze cell) are listed, so the view can paint them red.
#include <cstdint>
#include <string>
#include <vector>

namespace seqscope {

struct GridVerdict {
  bool solved = false;
  std::vector<std::uint8_t> wrong;  // per cell: 1 where the cell breaks a rule
  int wrongCount = 0;
  std::string summary;              // "solved", "3 cells clash", "path broken", ...
};

// task: "sudoku4", "sudoku6", "sudoku9" or "maze"; puzzle and answer one char per cell,
// row-major, rows x cols. An unknown task or mismatched sizes give solved = false and a
// summary saying so (a verdict is for display; it never throws).
GridVerdict checkGridAnswer(const std::string& task, int rows, int cols, const std::string& puzzle,
                            const std::string& answer);

}  // namespace seqscope
