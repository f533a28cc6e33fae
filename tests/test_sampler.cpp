// The samplers (core/sample): LLaDA diffusion invariants on a random model and on the shipped
// addition diffusion model (committed tokens never change, each step commits the scheduled
// count, blocks finish left to right, low_confidence commits the most confident slots,
// steps = L commits one token per step), the AR sampler against teacher forcing, seeded
// reproducibility, cancellation, the JSON trace, and bad input.
#include <QtTest>
#include <filesystem>

#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/parameters.h"
#include "core/util/rng.h"
#include "core/sample/diffusion_sampler.h"
#include "core/sample/sampler.h"
#include "core/trace/generation_trace_json.h"
#include "core/train/arch_presets.h"
#include "test_support.h"

using namespace seqscope;

namespace {

// A random bidirectional model over 10 tokens + mask (id 10), trained length 16.
LanguageModel randomModel(bool diffusion, std::uint64_t seed = 3) {
  ArchOptions a;
  a.dModel = 32;
  a.layers = 2;
  a.heads = 2;
  a.causal = !diffusion;
  ModelConfig c = makeArchConfig("attention", a, 11, 16);
  c.sequenceLength = 16;
  if (diffusion) {
    c.objective = "diffusion";
    c.maskTokenId = 10;
  }
  LanguageModel m(c);
  Rng rng(seed);
  initParameters(m.parameters(), rng);
  return m;
}

std::string shippedModel(const std::string& name) {
  return testing::sourceDir() + "/resources/models/" + name;
}

// Checks every invariant of a diffusion trace; returns a description of the first failure.
std::string checkDiffusionTrace(const GenerationTrace& t, const SamplerOptions& o) {
  const int P = t.promptLength, L = t.generationLength, B = t.blockLength;
  if (int(t.frames.size()) != o.steps + 1) return "frame count";
  const auto& f0 = t.frames[0];
  for (int i = P; i < P + L; ++i)
    if (!f0.masked[std::size_t(i)] || f0.tokens[std::size_t(i)] != t.maskId) return "start not fully masked";
  const int blocks = L / B, perBlock = o.steps / blocks;
  const std::vector<int> schedule = DiffusionSampler::schedule(B, perBlock);
  for (std::size_t k = 1; k < t.frames.size(); ++k) {
    const auto& prev = t.frames[k - 1];
    const auto& cur = t.frames[k];
    if (cur.nfe != int(k) || cur.step != int(k)) return "nfe/step count";
    // Committed (and prompt) tokens never change.
    for (int i = 0; i < P + L; ++i)
      if (!prev.masked[std::size_t(i)] &&
          (cur.masked[std::size_t(i)] || cur.tokens[std::size_t(i)] != prev.tokens[std::size_t(i)]))
        return "a committed token changed at step " + std::to_string(k);
    // Exactly the scheduled count, all newly unmasked, inside the current block.
    const int block = int(k - 1) / perBlock;
    if (int(cur.committed.size()) != schedule[std::size_t(int(k - 1) % perBlock)])
      return "step " + std::to_string(k) + " committed " + std::to_string(cur.committed.size());
    int newlyUnmasked = 0;
    for (int i = P; i < P + L; ++i) newlyUnmasked += prev.masked[std::size_t(i)] && !cur.masked[std::size_t(i)];
    if (newlyUnmasked != int(cur.committed.size())) return "unmasked count differs from committed";
    for (int pos : cur.committed) {
      if (!prev.masked[std::size_t(pos)] || cur.masked[std::size_t(pos)]) return "committed a non-masked slot";
      if (pos < P + block * B || pos >= P + (block + 1) * B) return "committed outside the current block";
      if (cur.tokens[std::size_t(pos)] == t.maskId) return "committed the mask token";
    }
    // Blocks finish left to right: every earlier block is complete.
    for (int i = P; i < P + block * B; ++i)
      if (cur.masked[std::size_t(i)]) return "an earlier block is unfinished";
    // low_confidence: nothing left masked in the block was more confident than a committed slot.
    if (o.remasking == "low_confidence") {
      float least = 2;
      for (int pos : cur.committed) least = std::min(least, cur.confidence[std::size_t(pos)]);
      for (int i = P + block * B; i < P + (block + 1) * B; ++i)
        if (cur.masked[std::size_t(i)] && cur.confidence[std::size_t(i)] > least) return "a more confident slot stayed masked";
    }
    // At the end of a block the block is complete.
    if (int(k) % perBlock == 0)
      for (int i = P + block * B; i < P + (block + 1) * B; ++i)
        if (cur.masked[std::size_t(i)]) return "block not finished after its steps";
  }
  return "";
}

}  // namespace

class TestSampler : public QObject {
  Q_OBJECT

 private slots:
  void scheduleSpreadsEvenly() {
    QCOMPARE(DiffusionSampler::schedule(5, 2), (std::vector<int>{3, 2}));
    QCOMPARE(DiffusionSampler::schedule(4, 4), (std::vector<int>{1, 1, 1, 1}));
    QCOMPARE(DiffusionSampler::schedule(8, 3), (std::vector<int>{3, 3, 2}));
  }

  void invariantsOnRandomModel_data() {
    QTest::addColumn<int>("steps");
    QTest::addColumn<int>("block");
    QTest::addColumn<QString>("remasking");
    QTest::addColumn<double>("temperature");
    QTest::newRow("steps=L one block") << 12 << 12 << "low_confidence" << 0.0;
    QTest::newRow("steps=L/2") << 6 << 12 << "low_confidence" << 0.0;
    QTest::newRow("steps=L/4 blocks of 6") << 4 << 6 << "low_confidence" << 0.0;
    QTest::newRow("steps=L blocks of 3") << 12 << 3 << "low_confidence" << 0.0;
    QTest::newRow("random remasking") << 6 << 4 << "random" << 0.0;
    QTest::newRow("temperature 1") << 5 << 12 << "low_confidence" << 1.0;
  }
  void invariantsOnRandomModel() {
    QFETCH(int, steps);
    QFETCH(int, block);
    QFETCH(QString, remasking);
    QFETCH(double, temperature);
    const LanguageModel m = randomModel(true);
    SamplerOptions o;
    o.generationLength = 12;
    o.steps = steps;
    o.blockLength = block;
    o.remasking = remasking.toStdString();
    o.temperature = temperature;
    const GenerationTrace t = generate(m, Vocabulary(), {1, 2, 3, 4}, o);
    QCOMPARE(t.sampler, std::string("diffusion"));
    const std::string failure = checkDiffusionTrace(t, o);
    QVERIFY2(failure.empty(), failure.c_str());
    QCOMPARE(t.frames.back().nfe, steps);
    if (steps == 12)
      for (std::size_t k = 1; k < t.frames.size(); ++k) QCOMPARE(int(t.frames[k].committed.size()), 1);
    // Meters: no cache held, FLOPs one full forward per step.
    for (std::size_t k = 1; k < t.frames.size(); ++k) {
      QCOMPARE(t.frames[k].meter.liveBytes, std::size_t(0));
      QVERIFY(t.frames[k].meter.cumulativeFlops > t.frames[k - 1].meter.cumulativeFlops);
      QVERIFY(t.frames[k].meter.stepSeconds >= 0);
    }
  }

  void invariantsOnTrainedModel() {
    const std::string dir = shippedModel("addition-diffusion");
    if (!std::filesystem::exists(dir + "/config.json")) QSKIP("addition-diffusion is not trained yet");
    const LanguageModel m = Checkpoint::load(dir);
    const Vocabulary v = Vocabulary::loadFromModelDir(dir);
    for (int steps : {5, 2}) {
      SamplerOptions o;
      o.steps = steps;
      const GenerationTrace t = generate(m, v, v.encodeCharacters("123+045="), o);
      QCOMPARE(t.generationLength, 5);
      const std::string failure = checkDiffusionTrace(t, o);
      QVERIFY2(failure.empty(), failure.c_str());
      const std::vector<int> answer = generatedTokens(t);
      QCOMPARE(int(answer.size()), 5);
      for (int id : answer) QVERIFY(id != m.config().maskTokenId);
      if (steps == 5)
        for (std::size_t k = 1; k < t.frames.size(); ++k) QCOMPARE(int(t.frames[k].committed.size()), 1);
    }
  }

  void sameSeedSameTrace() {
    const LanguageModel m = randomModel(true);
    SamplerOptions o;
    o.generationLength = 8;
    o.steps = 4;
    o.remasking = "random";
    o.temperature = 0.8;
    o.seed = 42;
    const GenerationTrace a = generate(m, Vocabulary(), {5, 6}, o);
    const GenerationTrace b = generate(m, Vocabulary(), {5, 6}, o);
    QCOMPARE(a.frames.size(), b.frames.size());
    for (std::size_t k = 0; k < a.frames.size(); ++k) {
      QCOMPARE(a.frames[k].tokens, b.frames[k].tokens);
      QCOMPARE(a.frames[k].committed, b.frames[k].committed);
      QCOMPARE(a.frames[k].confidence, b.frames[k].confidence);
    }
    // Another seed draws other noise: over a few seeds at least one trace differs.
    bool differs = false;
    for (std::uint64_t s = 1; s <= 5 && !differs; ++s) {
      o.seed = 42 + s;
      const GenerationTrace c = generate(m, Vocabulary(), {5, 6}, o);
      for (std::size_t k = 0; k < c.frames.size(); ++k)
        differs = differs || c.frames[k].committed != a.frames[k].committed || c.frames[k].tokens != a.frames[k].tokens;
    }
    QVERIFY(differs);
  }

  void arMatchesTeacherForcing() {
    const LanguageModel m = randomModel(false, 9);
    SamplerOptions o;
    o.generationLength = 6;
    const GenerationTrace t = generate(m, Vocabulary(), {3, 1, 4}, o);
    QCOMPARE(t.sampler, std::string("ar"));
    QCOMPARE(int(t.frames.size()), 7);
    // Greedy decoding with the KV cache = argmax of the parallel forward over its own output.
    const std::vector<int>& seq = t.frames.back().tokens;
    const Mat logits = m.forward(seq);
    for (int k = 0; k < 6; ++k) {
      Eigen::Index best = 0;
      logits.row(2 + k).maxCoeff(&best);
      QCOMPARE(seq[std::size_t(3 + k)], int(best));
    }
    // One token per step, left to right; the KV cache grows with every token fed.
    for (int k = 1; k <= 6; ++k) {
      const auto& f = t.frames[std::size_t(k)];
      QCOMPARE(f.committed, std::vector<int>{2 + k});
      QCOMPARE(f.nfe, k);
      QCOMPARE(f.meter.position, 2 + k);
      QVERIFY(f.meter.liveBytes > t.frames[std::size_t(k - 1)].meter.liveBytes);
    }
    QCOMPARE(t.frames[1].meter.tokensThisStep, 3);  // the prompt is prefilled in step 1
  }

  void cancelStopsPromptly() {
    for (bool diffusion : {true, false}) {
      const LanguageModel m = randomModel(diffusion);
      SamplerOptions o;
      o.generationLength = 10;
      int calls = 0;
      const GenerationTrace t = generate(m, Vocabulary(), {1, 2}, o, [&](const GenerationTrace&) { return ++calls < 3; });
      QCOMPARE(calls, 3);
      QCOMPARE(int(t.frames.size()), 3);
      QVERIFY(t.cancelled);
    }
  }

  void traceJson() {
    const LanguageModel m = randomModel(true);
    SamplerOptions o;
    o.generationLength = 4;
    o.steps = 2;
    const nlohmann::json j = generationTraceToJson(generate(m, Vocabulary(), {1}, o));
    QCOMPARE(int(j["frames"].size()), 3);
    QCOMPARE(j["nfe"].get<int>(), 2);
    const auto& f0 = j["frames"][0];
    QCOMPARE(f0["step"].get<int>(), 0);
    QCOMPARE(f0["masked"], nlohmann::json({false, true, true, true, true}));
    QCOMPARE(f0["text"][1].get<std::string>(), std::string("[M]"));
    QCOMPARE(int(j["frames"][1]["committed"].size()), 2);
    QVERIFY(j["frames"][2]["meter"].contains("cumulative_flops"));
  }

  void fitAlwaysResolves() {
    // The window's input is typed: for every prompt length and whatever steps and block length
    // the scene asked, the fitted options resolve and keep the asked ones when they already did.
    const LanguageModel diffusion = randomModel(true);
    const ModelConfig& c = diffusion.config();  // sequence length 16
    for (int prompt = 1; prompt < c.sequenceLength; ++prompt)
      for (int block : {0, 1, 2, 3, 5, 7, 21, 100})
        for (int steps : {0, 1, 2, 7, 21, 64}) {
          SamplerOptions asked;
          asked.steps = steps;
          asked.blockLength = block;
          SamplerOptions fitted;
          try {
            fitted = fitSamplerOptions(c, prompt, asked);
          } catch (const Error& e) {
            QFAIL(qPrintable(QString("prompt %1, block %2, steps %3: %4").arg(prompt).arg(block).arg(steps).arg(e.what())));
          }
          const int L = c.sequenceLength - prompt;
          QCOMPARE(fitted.generationLength, L);
          QVERIFY(L % fitted.blockLength == 0);
          QVERIFY(fitted.steps >= L / fitted.blockLength && fitted.steps <= L);
          bool resolves = true;
          try {
            resolveSamplerOptions(c, prompt, asked);
          } catch (const Error&) {
            resolves = false;
          }
          if (resolves) {
            const SamplerOptions r = resolveSamplerOptions(c, prompt, asked);
            QCOMPARE(fitted.blockLength, r.blockLength);
            QCOMPARE(fitted.steps, r.steps);
          }
        }
    // Scene 1's English pane asked for blocks of 21 and 21 steps over 63 slots; typing "the cat"
    // leaves 57 slots: blocks of 19 (the divisor nearest 21), 21 steps (7 per block).
    ModelConfig english = c;
    english.sequenceLength = 64;
    SamplerOptions asked;
    asked.steps = 21;
    asked.blockLength = 21;
    SamplerOptions f = fitSamplerOptions(english, 7, asked);
    QCOMPARE(f.generationLength, 57);
    QCOMPARE(f.blockLength, 19);
    QCOMPARE(f.steps, 21);
    // 61 slots (prime): one block of 61 is nearer 21 by ratio than blocks of 1 (which would be
    // left-to-right decoding), and the 21 steps stay.
    f = fitSamplerOptions(english, 3, asked);
    QCOMPARE(f.blockLength, 61);
    QCOMPARE(f.steps, 21);
    // An AR checkpoint is fitted to one step per token; asking it to diffuse is still an error.
    const LanguageModel ar = randomModel(false);
    f = fitSamplerOptions(ar.config(), 4, asked);
    QCOMPARE(f.sampler, std::string("ar"));
    QCOMPARE(f.steps, 12);
    asked.sampler = "diffusion";
    SEQSCOPE_EXPECT_ERROR(fitSamplerOptions(ar.config(), 4, asked), "autoregressive checkpoint");
  }
  void badInput() {
    const LanguageModel diffusion = randomModel(true), ar = randomModel(false);
    SamplerOptions o;
    o.generationLength = 8;
    o.sampler = "diffusion";
    SEQSCOPE_EXPECT_ERROR(generate(ar, Vocabulary(), {1}, o), "autoregressive checkpoint");
    o.sampler = "ar";
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1}, o), "diffusion checkpoint");
    o.sampler = "";
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1, 11}, o), "11");
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1, 10}, o), "mask token");
    o.blockLength = 9;
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1}, o), "larger than the generation length 8");
    o.blockLength = 3;
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1}, o), "must divide the generation length");
    o.blockLength = 2;
    o.steps = 5;
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1}, o), "multiple of the number of blocks 4");
    o.steps = 12;
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1}, o), "exceed");
    o.steps = 4;
    o.remasking = "lowest";
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {1}, o), "remasking");
    o.remasking = "low_confidence";
    o.generationLength = 0;
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), std::vector<int>(16, 1), o), "fills");
    SEQSCOPE_EXPECT_ERROR(generate(diffusion, Vocabulary(), {}, o), "no tokens");
  }
};

QTEST_APPLESS_MAIN(TestSampler)
#include "test_sampler.moc"
