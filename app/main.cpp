// One binary for the command line and the GUI (docs/ARCHITECTURE.md): a known subcommand runs under
// QCoreApplication and needs no display; anything else opens the window.
#include "app/cli/cli.h"
#include "app/gui/gui_main.h"

int main(int argc, char** argv) {
  if (seqscope::cli::isSubcommand(argc, argv)) return seqscope::cli::run(argc, argv);
  return seqscope::gui::run(argc, argv);
}
