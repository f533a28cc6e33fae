// The token-by-token trace the attention and state views show, on a shipped model: one frame
// per token, meters that are the real state bytes, parallel and recurrent forms that agree,
// softmax rows that sum to one, cancellation, and bad input.
#include <QtTest>
#include <atomic>

#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/io/vocabulary.h"
#include "core/run/decode_tracer.h"
#include "core/run/pane_run.h"
#include "test_support.h"

using namespace seqscope;

class TestDecodeTracer : public QObject {
  Q_OBJECT

  static std::string model(const char* name) {
    return testing::sourceDir() + "/resources/models/" + name;
  }

 private slots:
  void framesMetersAndMaps() {
    const std::string dir = model("mqar-hybrid");  // 3 Gated DeltaNet layers + attention
    const LanguageModel m = Checkpoint::load(dir);
    const Vocabulary vocab = Vocabulary::loadFromModelDir(dir);
    const std::vector<int> tokens = vocab.encodeCharacters("aKbDcMdF|bDdFaKcM");
    const int T = int(tokens.size());
    const DecodeTrace trace = DecodeTracer(m, "mqar-hybrid", vocab).run(tokens, {});
    QCOMPARE(int(trace.frames.size()), T);
    QVERIFY(trace.complete());
    QCOMPARE(trace.tokenLabels[8], std::string("|"));
    QVERIFY2(trace.parallelVsRecurrent >= 0 && trace.parallelVsRecurrent < 1e-4,
             qPrintable(QString::number(trace.parallelVsRecurrent)));

    // Meters: the bytes are what an independent decode state holds after t+1 tokens.
    LanguageModel::DecodeState state = m.newState();
    double lastFlops = 0;
    for (int t = 0; t < T; ++t) {
      m.step(state, tokens[std::size_t(t)]);
      const DecodeFrame& f = *trace.frames[std::size_t(t)];
      QCOMPARE(f.position, t);
      QCOMPARE(f.meter.position, t + 1);
      QCOMPARE(f.meter.liveBytes, state.bytes());
      QVERIFY(f.meter.cumulativeFlops > lastFlops);
      QVERIFY(f.meter.stepSeconds > 0);
      lastFlops = f.meter.cumulativeFlops;
      QCOMPARE(int(f.layers.size()), m.numLayers());
      for (int l = 0; l < m.numLayers(); ++l) {
        const LayerSnapshot& s = f.layers[std::size_t(l)];
        QCOMPARE(s.bytes, state.layers[std::size_t(l)]->bytes());
        QCOMPARE(s.norms.size(), s.slices.size());
        for (std::size_t k = 0; k < s.slices.size(); ++k)
          QCOMPARE(s.norms[k], float(s.slices[k].values.norm()));
      }
    }
    // The recurrent layers' state is the same size at every token; the KV cache grows.
    QCOMPARE(trace.frames.front()->layers[0].bytes, trace.frames.back()->layers[0].bytes);
    QVERIFY(trace.frames.back()->layers[3].bytes > trace.frames.front()->layers[3].bytes);

    // Softmax rows sum to one over the keys a causal query sees.
    QVERIFY(trace.attention);
    const LayerAttention& a = (*trace.attention)[3];
    QVERIFY(!a.weights.empty());
    for (const Mat& w : a.weights) {
      QCOMPARE(int(w.rows()), T);
      for (int t = 0; t < T; ++t) {
        QVERIFY(std::abs(w.row(t).head(t + 1).sum() - 1.0f) < 1e-5f);
        if (t + 1 < T) QVERIFY(w.row(t).tail(T - t - 1).cwiseAbs().maxCoeff() < 1e-7f);
      }
    }
  }

  void progressCancels() {
    const std::string dir = model("mqar-gated_deltanet");
    const LanguageModel m = Checkpoint::load(dir);
    const Vocabulary vocab = Vocabulary::loadFromModelDir(dir);
    int calls = 0;
    const DecodeTrace trace = DecodeTracer(m, "x", vocab).run(
        vocab.encodeCharacters("aKbDcMdF|bDdF"), {}, [&](const DecodeTrace& soFar) {
          ++calls;
          return soFar.frames.size() < 3;
        });
    QCOMPARE(int(trace.frames.size()), 3);
    QVERIFY(!trace.complete());
    QVERIFY(trace.parallelVsRecurrent < 0);  // unknown: the run did not reach the end
  }

  void paneRunPublishesGrowingSnapshots() {
    PaneSpec spec{.model = "mqar-attention", .run = "read", .view = "attention"};
    std::vector<int> counts;
    PaneRun::Options options;
    options.publishSeconds = 0;  // every frame
    const PaneTrace last = PaneRun::run(spec, model("mqar-attention"), "aKbD|aK",
                                         [&](const PaneTrace& t) {
                                           counts.push_back(t.frameCount());
                                           return true;
                                         },
                                         options);
    QVERIFY(last.finished());
    QCOMPARE(last.frameCount(), 7);
    QCOMPARE(counts.back(), 7);
    for (std::size_t i = 1; i < counts.size(); ++i) QVERIFY(counts[i] >= counts[i - 1]);
    QCOMPARE(int(last.meters().size()), 7);
    QCOMPARE(last.modelName(), std::string("mqar-attention"));
  }

  void paneRunCancelFlagStopsWithinAStep() {
    std::atomic<bool> cancel{false};
    PaneRun::Options options;
    options.cancel = &cancel;
    options.publishSeconds = 0;
    PaneSpec spec{.model = "m", .run = "read", .view = "state"};
    const PaneTrace t = PaneRun::run(spec, model("mqar-gated_deltanet"), "aKbDcMdF|bDdF",
                                      [&](const PaneTrace& s) {
                                        if (s.frameCount() >= 2) cancel = true;
                                        return true;
                                      },
                                      options);
    QVERIFY(!t.finished());
    QVERIFY(t.frameCount() <= 3);
  }

  void badInput() {
    PaneSpec spec{.model = "m", .run = "read", .view = "state"};
    SEQSCOPE_EXPECT_ERROR(PaneRun::run(spec, "/nonexistent/model", "abc"), "/nonexistent/model",
                          "does not exist");
    SEQSCOPE_EXPECT_ERROR(PaneRun::run(spec, model("mqar-attention"), "aK#"), "#");
    SEQSCOPE_EXPECT_ERROR(PaneRun::run(spec, model("mqar-attention"), ""), "empty");
    const LanguageModel m = Checkpoint::load(model("mqar-attention"));
    const Vocabulary vocab = Vocabulary::loadFromModelDir(model("mqar-attention"));
    SEQSCOPE_EXPECT_ERROR(DecodeTracer(m, "x", vocab).run({0, 999}, {}), "999");
    SEQSCOPE_EXPECT_ERROR(DecodeTracer(m, "x", vocab).run({}, {}), "no tokens");
  }
};

QTEST_GUILESS_MAIN(TestDecodeTracer)
#include "test_decode_tracer.moc"
