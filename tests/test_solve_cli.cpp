// `seqscope solve` end to end through the real binary: --json and --trace on a freshly
// trained tiny model, and every kind of bad input exiting 1 with a message that names the
// problem (never a hang: each run has a timeout).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.h"

using namespace std::string_literals;

namespace {

using seqscope::testing::runSeqscope;
using Result = seqscope::testing::CliResult;

const char* kMaze =
    "#########/#S......#/#.#####.#/#.......#/#.#####.#/#.......#/#.#####.#/#......G#/#########";

}  // namespace

class TestSolveCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString sudoku_, maze_;

  // A tiny TRM trained for a few steps: enough to exercise the command, not to solve.
  QString train(const QString& task, const QString& arch) {
    const QString dir = tmp_.path() + "/" + task;
    const Result r = runSeqscope({"train", "--task", task, "--arch", arch, "--out", dir, "--steps",
                                  "2", "--batch-size", "2", "--d-model", "8", "--heads", "2",
                                  "--sup-steps", "3", "--eval-every", "0"});
    if (r.exitCode != 0) qWarning("%s", r.err.constData());
    return r.exitCode == 0 ? dir : QString();
  }

  void expectFailure(const QStringList& args, const char* fragment) {
    const Result r = runSeqscope(args, 60000);
    QVERIFY2(r.exitCode == 1,
             qPrintable(args.join(' ') + " exited " + QString::number(r.exitCode)));
    QVERIFY2(r.err.startsWith(("seqscope " + args.first() + ": ").toUtf8()), r.err.constData());
    QVERIFY2(r.err.contains(fragment),
             qPrintable("\"" + QString(r.err) + "\" lacks \"" + fragment + "\""));
  }

 private slots:
  void initTestCase() {
    sudoku_ = train("sudoku4", "trm-mlp");
    maze_ = train("maze", "trm-attention");
    QVERIFY(!sudoku_.isEmpty() && !maze_.isEmpty());
  }

  void jsonAndTrace() {
    const QString tracePath = tmp_.path() + "/trace.json";
    Result r = runSeqscope({"solve", "--model", sudoku_, "--puzzle", "1..4.41..14.4..1",
                            "--max-steps", "2", "--no-halt", "--json", "--trace", tracePath});
    QCOMPARE(r.exitCode, 0);
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["solution"].get<std::string>().size(), std::size_t(16));
    QCOMPARE(j["supervision_steps"].get<int>(), 2);
    QCOMPARE(j["halted"].get<bool>(), false);
    std::ifstream in(tracePath.toStdString());
    const auto t = nlohmann::json::parse(in);
    QCOMPARE(t["frames"].size(), std::size_t(2 * 2));  // 2 steps x T = 2 cycles (train default)
    QCOMPARE(t["frames"][3]["answer"].get<std::string>(), j["solution"].get<std::string>());
    for (const char* key : {"supervision_step", "cycle", "changed", "confidence",
                            "halt_probability", "y_norm", "z_norm", "meter"})
      QVERIFY2(t["frames"][0].contains(key), key);
    r = runSeqscope({"solve", "--model", maze_, "--puzzle", kMaze, "--json"});
    QCOMPARE(r.exitCode, 0);
    const auto m = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(m["solution"].get<std::string>().size(), std::string(kMaze).size());
    r = runSeqscope({"eval", "--model", sudoku_, "--task", "sudoku4", "--n", "5", "--json"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(nlohmann::json::parse(r.out.toStdString())["accuracy_by_steps"].size(),
             std::size_t(3));
  }

  void badInput() {
    expectFailure({"solve", "--model", sudoku_, "--puzzle", "1..4.41"}, "16 cells");
    expectFailure({"solve", "--model", sudoku_, "--puzzle", "1..4.41..14.4..z"}, "z");
    expectFailure({"solve", "--model", sudoku_, "--puzzle", "11..............", "--json"},
                  "contradict");
    std::string noStart = kMaze, noGoal = kMaze;
    noStart[noStart.find('S')] = '.';
    noGoal[noGoal.find('G')] = '.';
    expectFailure({"solve", "--model", maze_, "--puzzle", QString::fromStdString(noStart)}, "S");
    expectFailure({"solve", "--model", maze_, "--puzzle", QString::fromStdString(noGoal)}, "G");
    expectFailure({"solve", "--model", maze_, "--puzzle", "#####/#S.G#/#####"}, "9x9");
    expectFailure({"solve", "--model", maze_, "--puzzle", "1..4.41..14.4..1"},
                  "not part of a maze");
    expectFailure({"solve", "--model", tmp_.path() + "/missing", "--puzzle", "1..4.41..14.4..1"},
                  "not a model directory");
    expectFailure({"eval", "--model", sudoku_, "--task", "maze", "--n", "2"}, "sudoku4");
    const Result usage = runSeqscope({"solve", "--puzzle", "1..4"});
    QCOMPARE(usage.exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(TestSolveCli)
#include "test_solve_cli.moc"
