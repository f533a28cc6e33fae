// The training engine end to end: a tiny model learns to copy (loss falls at least 10x),
// the run is deterministic, resumes exactly, and bad options fail cleanly.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/train/trainer.h"
#include "test_support.h"

using namespace seqscope;

namespace {

TrainOptions copyRun(std::int64_t steps) {
  TrainOptions o;
  o.task = "copy";
  o.taskOptions.length = 6;
  o.taskOptions.vocab = 8;
  o.arch = "attention";
  o.archOptions.dModel = 32;
  o.archOptions.layers = 2;
  o.archOptions.heads = 2;
  o.steps = steps;
  o.batchSize = 16;
  o.learningRate = 1e-2;
  o.warmupSteps = 20;
  o.evalEvery = 0;
  o.evalExamples = 64;
  return o;
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void copyLossFallsTenfold() {
    std::vector<double> losses;
    const LanguageModel m = Trainer::train(copyRun(400), [&](const TrainProgress& p) { losses.push_back(p.loss); });
    QCOMPARE(int(losses.size()), 400);
    auto mean = [&](std::size_t from, std::size_t n) {
      double s = 0;
      for (std::size_t i = from; i < from + n; ++i) s += losses[i];
      return s / double(n);
    };
    const double first = mean(0, 10), last = mean(losses.size() - 10, 10);
    qInfo("copy: mean loss of the first 10 steps %.4f, of the last 10 steps %.4f (%.1fx)", first, last,
          first / last);
    QVERIFY2(first / last >= 10.0, qPrintable(QString("loss fell only %1x").arg(first / last)));
  }

  void deterministicAndResumable() {
    const std::string a = tmp_.path().toStdString() + "/a", b = tmp_.path().toStdString() + "/b";
    TrainOptions o = copyRun(30);
    o.outDir = a;
    o.checkpointEvery = 10;
    const LanguageModel full = Trainer::train(o);
    // Same run in two halves: stop at 20 by asking for 20 steps... then resume to 30.
    TrainOptions first = o;
    first.outDir = b;
    first.steps = 30;
    // Interrupt after step 20 by throwing from the progress callback.
    try {
      Trainer::train(first, [](const TrainProgress& p) {
        if (p.step == 20) throw std::runtime_error("stop");
      });
      QFAIL("the callback should have stopped training");
    } catch (const std::runtime_error&) {
    }
    const LanguageModel resumed = Trainer::train(first);
    const std::vector<int> tokens{1, 2, 3, 4};
    QCOMPARE(double((full.forward(tokens) - resumed.forward(tokens)).cwiseAbs().maxCoeff()), 0.0);
    QVERIFY(std::filesystem::exists(a + "/train_log.jsonl"));
    QVERIFY(std::filesystem::exists(a + "/vocab.txt"));
    // The checkpoint on disk is the final model.
    const LanguageModel loaded = Checkpoint::load(a);
    QCOMPARE(double((full.forward(tokens) - loaded.forward(tokens)).cwiseAbs().maxCoeff()), 0.0);
  }

  // --init-from: a run starts where a checkpoint of the same architecture stands (its first
  // loss is that model's, far below a fresh one's); another architecture is refused by name.
  void initFromStartsAtTheCheckpoint() {
    const std::string dir = tmp_.path().toStdString() + "/init";
    TrainOptions o = copyRun(300);
    o.outDir = dir;
    std::vector<double> trained;
    Trainer::train(o, [&](const TrainProgress& p) { trained.push_back(p.loss); });
    TrainOptions fresh = copyRun(1), warm = copyRun(1);
    warm.initFrom = dir;
    double freshLoss = 0, warmLoss = 0;
    Trainer::train(fresh, [&](const TrainProgress& p) { freshLoss = p.loss; });
    Trainer::train(warm, [&](const TrainProgress& p) { warmLoss = p.loss; });
    qInfo("first loss: fresh %.4f, from the checkpoint %.4f (its last training loss %.4f)", freshLoss, warmLoss,
          trained.back());
    QVERIFY(warmLoss < 0.25 * freshLoss);
    TrainOptions other = copyRun(1);
    other.arch = "retnet";
    other.initFrom = dir;
    try {
      Trainer::train(other);
      QFAIL("another architecture's checkpoint was accepted");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("--init-from") != std::string::npos, e.what());
    }
  }

  void badOptions() {
    TrainOptions o = copyRun(10);
    o.task = "chess";
    SEQSCOPE_EXPECT_ERROR(Trainer::train(o), "chess");
    o = copyRun(10);
    o.arch = "lstm";
    SEQSCOPE_EXPECT_ERROR(Trainer::train(o), "unknown architecture", "lstm");
    o = copyRun(10);
    o.learningRate = -1;
    SEQSCOPE_EXPECT_ERROR(Trainer::train(o), "--lr");
    o = copyRun(10);
    o.archOptions.heads = 5;
    SEQSCOPE_EXPECT_ERROR(Trainer::train(o), "--heads");
    o = copyRun(10);
    o.outDir = "/proc/seqscope-cannot-write-here";
    SEQSCOPE_EXPECT_ERROR(Trainer::train(o), "/proc/seqscope-cannot-write-here");
  }

  void divergenceKeepsLastGoodCheckpoint() {
    TrainOptions o = copyRun(40);
    o.outDir = tmp_.path().toStdString() + "/diverge";
    o.checkpointEvery = 10;
    o.learningRate = 0.9;  // far too high
    o.clipNorm = 1e6;
    o.warmupSteps = 0;
    try {
      Trainer::train(o);
      // Some seeds survive even this; then there is nothing to check.
    } catch (const Error& e) {
      const std::string msg = e.what();
      QVERIFY(msg.find("diverged") != std::string::npos);
      QVERIFY(msg.find("last good checkpoint") != std::string::npos);
    }
  }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "test_training.moc"
