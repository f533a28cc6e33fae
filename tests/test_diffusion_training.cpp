// The LLaDA objective and diffusion training: masking probability and 1/p weights against a
// hand-computed case, the prompt never masked, checkpoints marked as diffusion models (and
// refused when inconsistent), and a tiny model that learns 1-digit addition by diffusion.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/mixers/attention/attention_config.h"
#include "core/train/generation_eval.h"
#include "core/tasks/addition_task.h"
#include "core/train/diffusion_objective.h"
#include "core/train/loss.h"
#include "core/train/trainer.h"
#include "test_support.h"

using namespace seqscope;

class TestDiffusionTraining : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void layoutAddsPadAndMask() {
    const auto english = makeTask("english", {});
    const DiffusionObjective e(*english);
    QCOMPARE(e.vocabSize(), 30);  // 28 characters + pad "_" + mask
    QCOMPARE(e.padId(), 28);
    QCOMPARE(e.maskId(), 29);
    QCOMPARE(e.vocabulary().label(29), std::string("[M]"));
    const auto addition = makeTask("addition", {});
    const DiffusionObjective a(*addition);
    QCOMPARE(a.padId(), AdditionTask::kPad);  // the task's own pad is reused
    QCOMPARE(a.maskId(), 14);
    Rng rng(1);
    const DiffusionObjective::Clean c = a.clean(addition->sample(rng));
    QCOMPARE(c.promptLength, 8);  // "ddd+ddd="
    QCOMPARE(int(c.tokens.size()), 13);
    // English: the prompt is the first character; the rest is padded to the task length.
    TaskOptions eo;
    eo.length = 64;
    const auto english64 = makeTask("english", eo);
    const DiffusionObjective::Clean ce = DiffusionObjective(*english64).clean(english64->sample(rng));
    QCOMPARE(ce.promptLength, 1);
    QCOMPARE(int(ce.tokens.size()), 64);
  }

  void noiseMasksAnswerOnlyWithProbabilityP() {
    const std::vector<int> clean = {1, 2, 3, 4, 5, 6, 7, 8};
    Rng rng(5);
    // t = 0.5: p = (1 - 1e-3) * 0.5 + 1e-3 = 0.5005.
    auto n = DiffusionObjective::noiseAt(clean, 3, 99, 0.5, rng);
    QCOMPARE(n.p, 0.5005);
    QCOMPARE(n.answerLength, 5);
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(n.tokens[std::size_t(i)], clean[std::size_t(i)]);
      QCOMPARE(n.targets[std::size_t(i)], -1);
    }
    for (int i = 3; i < 8; ++i) {
      const bool masked = n.tokens[std::size_t(i)] == 99;
      QCOMPARE(n.targets[std::size_t(i)], masked ? clean[std::size_t(i)] : -1);
      QCOMPARE(n.weights[std::size_t(i)], masked ? 1.0 / 0.5005 : 0.0);
    }
    // t = 1: every answer token hidden, weight 1 / 1.
    n = DiffusionObjective::noiseAt(clean, 3, 99, 1.0, rng);
    QCOMPARE(n.p, 1.0);
    for (int i = 3; i < 8; ++i) QCOMPARE(n.tokens[std::size_t(i)], 99);
    // Over many draws the masked fraction matches p.
    long masked = 0, total = 0;
    for (int k = 0; k < 2000; ++k) {
      const auto d = DiffusionObjective::noiseAt(clean, 3, 99, 0.3, rng);
      for (int i = 3; i < 8; ++i) masked += d.tokens[std::size_t(i)] == 99;
      total += 5;
    }
    const double p = 0.999 * 0.3 + 0.001;
    QVERIFY(std::abs(double(masked) / double(total) - p) < 0.02);
  }

  void lossWeightMatchesHandComputedCase() {
    // Answer of 3 slots after a 1-token prompt; t = 0.25 gives p = 0.25075. Slots 1 and 3 are
    // masked (forced here). Logits: slot 1 uniform over 4 tokens (CE = ln 4), slot 3 gives its
    // target probability 1/2 (logits ln 1, ln 2, ln 1 -> ln(1 + 2 + 1) - ln 2 = ln 2).
    const double p = 0.999 * 0.25 + 0.001;
    Mat logits = Mat::Zero(4, 4);
    logits(3, 0) = 0;
    logits(3, 1) = Real(std::log(2.0));
    logits(3, 2) = 0;
    logits(3, 3) = -1000;  // probability 0
    const std::vector<int> targets = {-1, 2, -1, 1};
    const std::vector<double> weights = {0, 1 / p, 0, 1 / p};
    Mat d;
    const double scale = 1.0 / 3;  // divided by the answer length, not by the masked count
    const LossResult r = crossEntropy(logits, targets, &d, scale, weights);
    const double expected = (std::log(4.0) + std::log(2.0)) / p;
    QVERIFY(std::abs(r.loss - expected) < 1e-5);
    QVERIFY(std::abs(r.loss * scale - expected / 3) < 1e-5);
    QCOMPARE(r.scored, 2);
    // Gradient: scale * (1/p) * (softmax - onehot); slot 1: 0.25 everywhere, target 0.25 - 1.
    QVERIFY(std::abs(double(d(1, 0)) - scale / p * 0.25) < 1e-5);
    QVERIFY(std::abs(double(d(1, 2)) - scale / p * (0.25 - 1)) < 1e-5);
    QVERIFY(std::abs(double(d(3, 1)) - scale / p * (0.5 - 1)) < 1e-5);
    QCOMPARE(double(d(0, 0)), 0.0);
    QCOMPARE(double(d(2, 1)), 0.0);
  }

  void checkpointIsMarkedDiffusion() {
    TrainOptions o;
    o.task = "addition";
    o.taskOptions.digits = 1;
    o.arch = "attention";
    o.archOptions.dModel = 16;
    o.archOptions.heads = 2;
    o.objective = "diffusion";
    o.steps = 2;
    o.batchSize = 4;
    o.evalExamples = 4;
    o.outDir = tmp_.path().toStdString() + "/marked";
    Trainer::train(o);
    const LanguageModel m = Checkpoint::load(o.outDir);
    QVERIFY(m.config().isDiffusion());
    QCOMPARE(m.config().maskTokenId, 14);
    QCOMPARE(m.config().sequenceLength, 7);  // "d+d=" + 2 sum digits + "."
    QVERIFY(!m.config().mixerConfigAs<AttentionConfig>("attention").causal);
    QCOMPARE(Vocabulary::loadFromModelDir(o.outDir).label(14), std::string("[M]"));
    // A config that claims diffusion but has causal attention, or a mask outside the
    // vocabulary, is refused with the file named.
    std::ifstream in(o.outDir + "/config.json");
    nlohmann::json j = nlohmann::json::parse(in);
    nlohmann::json bad = j;
    bad["attention"]["causal"] = true;
    SEQSCOPE_EXPECT_ERROR(ModelConfig::fromJson(bad, "x/config.json"), "x/config.json", "causal");
    bad = j;
    bad["seqscope_mask_token_id"] = 15;
    SEQSCOPE_EXPECT_ERROR(ModelConfig::fromJson(bad, "x/config.json"), "outside the vocabulary");
    bad = j;
    bad["seqscope_objective"] = "mlm";
    SEQSCOPE_EXPECT_ERROR(ModelConfig::fromJson(bad, "x/config.json"), "seqscope_objective");
    // Only attention has a bidirectional form.
    o.arch = "mamba";
    o.outDir.clear();
    SEQSCOPE_EXPECT_ERROR(Trainer::train(o), "--arch attention");
  }

  void learnsOneDigitAddition() {
    TrainOptions o;
    o.task = "addition";
    o.taskOptions.digits = 1;
    o.arch = "attention";
    o.archOptions.dModel = 32;
    o.archOptions.heads = 2;
    o.objective = "diffusion";
    o.steps = 600;
    o.batchSize = 32;
    o.learningRate = 5e-3;
    o.evalEvery = 0;
    o.evalExamples = 100;
    std::vector<double> losses;
    double evalAccuracy = -1;
    const LanguageModel m = Trainer::train(o, [&](const TrainProgress& p) {
      losses.push_back(p.loss);
      if (p.evalAccuracy >= 0) evalAccuracy = p.evalAccuracy;
    });
    double first = 0, last = 0;
    for (int i = 0; i < 20; ++i) first += losses[std::size_t(i)] / 20;
    for (std::size_t i = losses.size() - 20; i < losses.size(); ++i) last += losses[i] / 20;
    qInfo("1-digit addition by diffusion: loss %.3f -> %.3f, exact match %.2f", first, last, evalAccuracy);
    QVERIFY(last < first / 3);
    QVERIFY2(evalAccuracy >= 0.9, qPrintable(QString::number(evalAccuracy)));
    // The trainer's figure is the sampler's: generation-based evaluation agrees exactly.
    const auto task = makeTask("addition", o.taskOptions);
    QCOMPARE(evaluateByGeneration(m, *task, 100, o.seed).accuracy, evalAccuracy);
  }

  void fixedTrainingSetIsDeterministic() {
    TrainOptions o;
    o.task = "addition";
    o.taskOptions.digits = 1;
    o.arch = "attention";
    o.archOptions.dModel = 16;
    o.archOptions.heads = 2;
    o.steps = 6;
    o.batchSize = 8;
    o.trainSetSize = 12;
    o.evalEvery = 0;
    o.evalExamples = 8;
    for (const char* objective : {"ar", "diffusion"}) {
      o.objective = objective;
      std::vector<double> a, b;
      Trainer::train(o, [&](const TrainProgress& p) { a.push_back(p.loss); });
      Trainer::train(o, [&](const TrainProgress& p) { b.push_back(p.loss); });
      QCOMPARE(a, b);
    }
  }
};

QTEST_APPLESS_MAIN(TestDiffusionTraining)
#include "test_diffusion_training.moc"
