#pragma once
// The command-line front end: `seqscope SUBCOMMAND [options]`. Each subcommand parses its
// own options (all have --help), reports user errors as one line on stderr naming the
// problem, and returns a non-zero exit code for them.
namespace seqscope::cli {

bool isSubcommand(int argc, char** argv);
int run(int argc, char** argv);

}  // namespace seqscope::cli
