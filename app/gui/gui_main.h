#pragma once

namespace seqscope::gui {

// Starts QApplication and the main window; argv may name a scene or model directory.
int run(int argc, char** argv);

// The look the window always has (Fusion, light palette, type of at least 13 pt), for an
// existing QApplication: run() uses it, and tests that measure legibility use the same.
void setUpAppearance();

}  // namespace seqscope::gui
