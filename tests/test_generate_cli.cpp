// `seqscope generate` and diffusion `eval` through the real binary with the shipped addition
// models: the answer, the JSON trace, and bad input (characters outside the vocabulary,
// steps that do not divide, a block longer than the generation, the wrong sampler for a
// checkpoint) exiting 1 with a message naming the problem.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "test_support.h"

using namespace seqscope::testing;

namespace {

using Result = CliResult;

QString model(const char* name) {
  return QString::fromStdString(sourceDir() + "/resources/models/" + name);
}

}  // namespace

class TestGenerateCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void initTestCase() {
    for (const char* m : {"addition-diffusion", "addition-ar"})
      if (!std::filesystem::exists(model(m).toStdString() + "/config.json")) QSKIP("addition models not trained");
  }

  void generatesAndTraces() {
    const QString trace = tmp_.path() + "/trace.json";
    Result r = runSeqscope({"generate", "--model", model("addition-diffusion"), "--prompt", "123+045=",
                            "--steps", "5", "--trace", trace});
    QCOMPARE(r.exitCode, 0);
    std::ifstream in(trace.toStdString());
    const nlohmann::json j = nlohmann::json::parse(in);
    // The printed answer is the last frame's answer slots.
    std::string last;
    for (int i = 8; i < 13; ++i) last += j["frames"][5]["text"][i].get<std::string>();
    QCOMPARE(r.out.trimmed().toStdString(), last);
    QCOMPARE(j["sampler"].get<std::string>(), std::string("diffusion"));
    QCOMPARE(int(j["frames"].size()), 6);
    QCOMPARE(j["frames"][0]["text"][8].get<std::string>(), std::string("[M]"));
    for (int k = 1; k <= 5; ++k) QCOMPARE(int(j["frames"][k]["committed"].size()), 1);
    // The AR model on the same prompt, one token per step.
    r = runSeqscope({"generate", "--model", model("addition-ar"), "--prompt", "123+045=", "--json"});
    QCOMPARE(r.exitCode, 0);
    const nlohmann::json a = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(a["sampler"].get<std::string>(), std::string("ar"));
    QCOMPARE(a["nfe"].get<int>(), 5);
    // Diffusion in 2 steps: 2 network evaluations.
    r = runSeqscope({"generate", "--model", model("addition-diffusion"), "--prompt", "123+045=", "--steps", "2",
                     "--json"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(nlohmann::json::parse(r.out.toStdString())["nfe"].get<int>(), 2);
  }

  void evalScoresDiffusionByGenerating() {
    const Result r = runSeqscope({"eval", "--model", model("addition-diffusion"), "--task", "addition", "--n", "50",
                                  "--steps", "5", "--json"});
    QCOMPARE(r.exitCode, 0);
    const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["n"].get<int>(), 50);
    QVERIFY(j["accuracy"].get<double>() >= 0 && j["accuracy"].get<double>() <= 1);
  }

  void badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString d = model("addition-diffusion"), a = model("addition-ar");
    QTest::newRow("character outside the vocabulary")
        << QStringList{"--model", d, "--prompt", "12x+045="} << "character 'x' at position 2";
    QTest::newRow("steps do not divide into blocks")
        << QStringList{"--model", d, "--prompt", "123+045=", "--length", "6", "--block-length", "2", "--steps", "4"}
        << "multiple of the number of blocks 3";
    QTest::newRow("block longer than the generation")
        << QStringList{"--model", d, "--prompt", "123+045=", "--block-length", "6"}
        << "larger than the generation length 5";
    QTest::newRow("AR checkpoint to the diffusion sampler")
        << QStringList{"--model", a, "--prompt", "123+045=", "--sampler", "diffusion"} << "autoregressive checkpoint";
    QTest::newRow("diffusion checkpoint to the AR sampler")
        << QStringList{"--model", d, "--prompt", "123+045=", "--sampler", "ar"} << "diffusion checkpoint";
    QTest::newRow("unknown remasking")
        << QStringList{"--model", d, "--prompt", "1", "--remasking", "lowest"} << "unknown remasking";
  }
  void badInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Result r = runSeqscope(QStringList{"generate"} + args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("seqscope generate: "), r.err.constData());
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
  }

  void missingOptionsAreUsageErrors() {
    const Result r = runSeqscope({"generate", "--prompt", "1"});
    QCOMPARE(r.exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(TestGenerateCli)
#include "test_generate_cli.moc"
