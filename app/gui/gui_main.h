#pragma once

namespace seqscope::gui {

// Starts QApplication and the main window; argv may name a scene or model directory.
int run(int argc, char** argv);

}  // namespace seqscope::gui
