#pragma once
// The eight symmetries of a square maze (four rotations, each optionally mirrored). They map
// walls to walls and keep distances, so the unique shortest path of the original maps to the
// unique shortest path of the image.
#include <string>

#include "core/util/rng.h"

namespace seqscope {

// `cells`: side * side characters, row-major, no separators. k in 0..7: rotation by k % 4
// quarter turns clockwise, then a left-right mirror when k >= 4.
std::string mazeSymmetry(const std::string& cells, int side, int k);
// A random symmetry (the same one) applied to a maze and its solved copy, in place.
void augmentMaze(std::string& maze, std::string& solved, int side, Rng& rng);

}  // namespace seqscope
