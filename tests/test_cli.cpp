// End to end through the real binary: `seqscope forward --json` reproduces transformers'
// logits, `info --json` and `bench --json` parse, and bad input exits non-zero with a message
// that names the problem.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "test_support.h"

using namespace seqscope::testing;

namespace {

using Result = CliResult;

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void helpAndVersion() {
    Result r = runSeqscope({"--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("forward"));
    QVERIFY(r.out.contains("bench"));
    r = runSeqscope({"--version"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("seqscope "));
    for (const char* sub : {"info", "forward", "bench", "init"}) {
      r = runSeqscope({sub, "--help"});
      QCOMPARE(r.exitCode, 0);
      QVERIFY2(r.out.contains("--"), sub);
    }
  }

  void infoJson() {
    const Result r = runSeqscope({"info", "--json"});
    QCOMPARE(r.exitCode, 0);
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["mixers"].size(), std::size_t(6));
    QVERIFY(j["openmp_threads"].get<int>() >= 1);
    QVERIFY(j["versions"].contains("qt"));
  }

  void forwardMatchesTransformers_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("mode");
    for (const char* name : {"llama", "mistral", "mamba", "mamba2"})
      for (const char* mode : {"parallel", "recurrent"})
        QTest::newRow(qPrintable(QString("%1/%2").arg(name, mode))) << name << mode;
  }

  void forwardMatchesTransformers() {
    QFETCH(QString, fixture);
    QFETCH(QString, mode);
    const std::string dir = fixtureDir(fixture.toStdString());
    std::ifstream in(dir + "/expected_logits.json");
    const auto expected = nlohmann::json::parse(in);
    for (const auto& seq : expected["sequences"]) {
      QStringList ids;
      for (int t : seq["tokens"]) ids << QString::number(t);
      const Result r = runSeqscope({"forward", "--model", QString::fromStdString(dir), "--tokens",
                                    ids.join(' '), "--mode", mode, "--json"});
      QVERIFY2(r.exitCode == 0, r.err.constData());
      const auto got = nlohmann::json::parse(r.out.toStdString());
      const auto& a = got["logits"];
      const auto& b = seq["logits"];
      QCOMPARE(a.size(), b.size());
      double err = 0;
      for (std::size_t t = 0; t < a.size(); ++t) {
        QCOMPARE(a[t].size(), b[t].size());
        for (std::size_t v = 0; v < a[t].size(); ++v)
          err = std::max(err, std::abs(a[t][v].get<double>() - b[t][v].get<double>()));
      }
      QVERIFY2(err < 1e-4, qPrintable(QString("max abs error %1").arg(err)));
    }
  }

  void badInputExitsNonZero_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString llama = QString::fromStdString(fixtureDir("llama"));
    QTest::newRow("missing dir") << QStringList{"forward", "--model", "/nonexistent/model", "--tokens", "1"}
                                 << "/nonexistent/model: not a model directory";
    QTest::newRow("token out of range") << QStringList{"forward", "--model", llama, "--tokens", "1 99"}
                                        << "token id 99";
    QTest::newRow("not a token") << QStringList{"forward", "--model", llama, "--tokens", "1 two"}
                                 << "\"two\" is not a token id";
    QTest::newRow("bad mode") << QStringList{"forward", "--model", llama, "--tokens", "1", "--mode", "sideways"}
                              << "--mode must be parallel or recurrent";
    QTest::newRow("missing option") << QStringList{"forward", "--tokens", "1"} << "--model DIR";
    QTest::newRow("unknown option") << QStringList{"info", "--colour"} << "Unknown option";
    QTest::newRow("unknown mixer") << QStringList{"bench", "--mixers", "lstm"} << "unknown mixer \"lstm\"";
    QTest::newRow("bad length") << QStringList{"bench", "--lengths", "12,abc"} << "\"abc\"";
    QTest::newRow("unknown task") << QStringList{"train", "--task", "chess", "--arch", "mamba", "--out", "/tmp/x"}
                                  << "chess";
    QTest::newRow("unknown arch") << QStringList{"train", "--task", "copy", "--arch", "lstm", "--out", "/tmp/x"}
                                  << "unknown architecture \"lstm\"";
    QTest::newRow("bad hyper-parameter") << QStringList{"train", "--task", "copy", "--arch", "mamba", "--out",
                                                        "/tmp/x", "--lr", "fast"}
                                         << "--lr must be a number";
    QTest::newRow("unwritable output") << QStringList{"train", "--task", "copy", "--arch", "mamba", "--steps", "1",
                                                      "--out", "/proc/seqscope-no"}
                                       << "/proc/seqscope-no";
    QTest::newRow("wrong checkpoint for eval") << QStringList{"eval", "--model", llama, "--task", "mqar"}
                                               << "was not trained on mqar";
  }

  void badInputExitsNonZero() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Result r = runSeqscope(args);
    QVERIFY2(r.exitCode > 0, qPrintable(QString("exit code %1").arg(r.exitCode)));
    QVERIFY2(QString::fromUtf8(r.err).contains(message),
             qPrintable("stderr was: " + QString::fromUtf8(r.err)));
  }

  void corruptCheckpointExitsNonZero() {
    const std::string dir = copyFixture("mamba", tmp_.path().toStdString());
    const std::string f = dir + "/model.safetensors";
    const std::string bytes = readBytes(f);
    writeBytes(f, bytes.substr(0, bytes.size() / 2));
    const Result r = runSeqscope({"forward", "--model", QString::fromStdString(dir), "--tokens", "1 2"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("model.safetensors"));
    QVERIFY(r.err.contains("truncated"));
  }

  void benchJsonSmall() {
    const Result r = runSeqscope({"bench", "--json", "--lengths", "64,128"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QVERIFY(j["gemm_gflops"].get<double>() > 0);
    QCOMPARE(j["results"].size(), std::size_t(12));
    for (const auto& row : j["results"]) {
      QVERIFY(!row["skipped"].get<bool>());
      // The bytes the state really held equal the cost model's figure.
      QCOMPARE(row["state_bytes"].get<std::size_t>(), row["cost_state_bytes"].get<std::size_t>());
      QVERIFY(row["prefill_us_per_token"].get<double>() > 0);
    }
    // Export section: the built-in scene 3-associative-recall (17 frames, one per token),
    // looped to 3 s of 1280x720 MP4 at 30 fps, and once as GIF at the scene's 3 fps, measured.
    const auto& ex = j["export"];
    QCOMPARE(ex["source"].get<std::string>(), std::string("3-associative-recall.json"));
    QCOMPARE(ex["mp4"]["frames"].get<int>(), 90);
    QVERIFY(ex["mp4"]["frames_per_second"].get<double>() > 0);
    QVERIFY(ex["mp4"]["bytes"].get<std::uint64_t>() > 0);
    QCOMPARE(ex["gif"]["frames"].get<int>(), 17);
    QCOMPARE(ex["gif"]["fps"].get<int>(), 3);
    QVERIFY(ex["gif"]["bytes_per_second"].get<double>() > 0);
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
