#pragma once
// Runs the real seqscope binary (SEQSCOPE_BINARY, set by tests/CMakeLists.txt) for the
// command-line tests, with its exit code, stdout and stderr.
#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace seqscope::testing {

struct CliResult {
  int exitCode = -1;  // -1: timed out, -2: crashed
  QByteArray out, err;
};

// env: the child's environment (default: this process's).
inline CliResult runSeqscope(const QStringList& args, int timeoutMs = 120000,
                             const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(QStringLiteral(SEQSCOPE_BINARY), args);
  CliResult r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

}  // namespace seqscope::testing
