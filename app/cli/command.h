#pragma once
#include <QCommandLineParser>
#include <QStringList>
#include <optional>

namespace seqscope::cli {

// Exit codes shared by all subcommands.
enum ExitCode { kOk = 0, kFailed = 1, kUsage = 2 };

// Parses `args` (the arguments after the subcommand) and handles --help. Returns nothing
// when the command should go on, or the exit code to stop with (help shown, bad option).
std::optional<int> parseArguments(QCommandLineParser& parser, const QString& name, const QString& description,
                const QStringList& args);

// The option's value as a finite number, or nothing when it is not one (every command's
// numeric options go through here, so they accept and refuse the same spellings).
std::optional<double> numberOption(const QCommandLineParser& parser, const QCommandLineOption& option);

// Prints "seqscope NAME: message" to stderr.
void printError(const QString& name, const QString& message);

int infoCommand(const QStringList& args);
int forwardCommand(const QStringList& args);
int benchCommand(const QStringList& args);
int initCommand(const QStringList& args);
int trainCommand(const QStringList& args);
int evalCommand(const QStringList& args);
int chartCommand(const QStringList& args);
int generateCommand(const QStringList& args);
int solveCommand(const QStringList& args);
int exportCommand(const QStringList& args);

}  // namespace seqscope::cli
