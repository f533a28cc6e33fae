#pragma once
// The trace of a Tiny Recursive Model solving one puzzle: one immutable frame per recursion
// (cycle) of every supervision step. Produced by core/trm/, painted by
// views/refinement_view, written as JSON by `seqscope solve --trace`.
#include <cstdint>
#include <string>
#include <vector>

#include "core/trace/meter_sample.h"

namespace seqscope {

struct RefinementFrame {
  int supervisionStep = 0;          // 0-based supervision step
  int cycle = 0;                    // 0-based recursion (cycle) inside the supervision step
  std::string answer;               // decoded answer grid, row-major, one char per cell
                                    // (Sudoku '1'..'9'; maze '#', '.', 'S', 'G', '*')
  std::vector<std::uint8_t> changed;  // 1 where the cell differs from the previous frame
  std::vector<float> confidence;    // per cell: probability of the decoded symbol
  float haltProbability = 0;        // sigmoid of the halting head after this frame
  float yNorm = 0;                  // L2 norm of the answer state y
  float zNorm = 0;                  // L2 norm of the latent z
  MeterSample meter;
};

struct RefinementTrace {
  std::string task;                 // "sudoku4", "sudoku9", "maze"
  std::string modelName;
  int rows = 0, cols = 0;
  std::string puzzle;               // the input grid, one char per cell ('.' for blanks)
  std::string solution;             // the reference solution when known, else empty
  bool halted = false;              // the halting head stopped before the step limit
  std::vector<RefinementFrame> frames;

  int frameCount() const { return int(frames.size()); }
  // One meter sample per frame, with the halting probability and the share of cells right.
  std::vector<MeterSample> meters() const;
};

}  // namespace seqscope
