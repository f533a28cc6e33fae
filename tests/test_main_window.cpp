// The explorer window end to end, offscreen: a small hybrid model written to a temporary
// folder, analysed on the worker thread, shown in the two heatmaps; errors shown, not thrown;
// stale results dropped.
#include <QSignalSpy>
#include <QTemporaryDir>

#include "app/gui/analysis_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/result_heatmaps.h"
#include "core/io/checkpoint.h"
#include "core/io/vocabulary.h"
#include "core/util/rng.h"
#include "gui_test_main.h"
#include "views/heatmap_view.h"

using namespace seqscope;

namespace {

const char* kConfig = R"({
  "model_type": "seqscope", "vocab_size": 32, "hidden_size": 32, "num_hidden_layers": 2,
  "intermediate_size": 64, "tie_word_embeddings": true,
  "layer_types": ["gated_deltanet", "attention"],
  "attention": {"num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "causal": true},
  "gated_deltanet": {"num_heads": 2, "head_k_dim": 8, "head_v_dim": 12, "conv_kernel": 4}
})";
const std::string kChars = "abcdefghijklmnopqrstuvwxyz .,!?\n";

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString model_;

  static bool waitForResult(MainWindow& w) {
    QSignalSpy spy(&w, &MainWindow::resultShown);
    return spy.wait(20000);
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    model_ = dir_.filePath("tiny-hybrid");
    LanguageModel model(ModelConfig::fromJson(nlohmann::json::parse(kConfig), "test config"));
    Rng rng(7);
    initParameters(model.parameters(), rng);
    Checkpoint::save(model, model_.toStdString());
    std::vector<std::string> tokens;
    for (char c : kChars) tokens.emplace_back(1, c);
    QCOMPARE(int(tokens.size()), 32);
    Vocabulary(tokens).save(model_.toStdString() + "/vocab.txt");
  }

  void showsImplicitAttentionAndState() {
    MainWindow w(model_);
    w.resize(1400, 900);
    QVERIFY(waitForResult(w));
    QVERIFY(w.errorText().isEmpty());
    const auto r = w.shownResult();
    QVERIFY(r);
    const int T = int(MainWindow::defaultPrompt().size());
    QCOMPARE(int(r->tokens.size()), T);
    QCOMPARE(r->layer, 0);
    // Left: layer 0's implicit attention, T x T, causal mask, labelled with the prompt.
    const HeatmapData& a = w.attentionView()->data();
    QCOMPARE(a.rows(), T);
    QCOMPARE(a.cols(), T);
    QVERIFY(a.isMasked(0, 1));
    QVERIFY(!a.isMasked(1, 0));
    QCOMPARE(a.rowLabels.join(""), MainWindow::defaultPrompt());
    // Right: Gated DeltaNet's S of head 0, d_k x d_v.
    const HeatmapData& s = w.stateView()->data();
    QCOMPARE(s.rows(), 8);
    QCOMPARE(s.cols(), 12);
    QVERIFY(s.colorMap->isDiverging());
    QVERIFY(s.values.cwiseAbs().maxCoeff() > 0);
    // The measurements are real: a state was held and time passed; both forms agree.
    QVERIFY(r->decodeStateBytes > 0);
    QVERIFY(r->forwardMs > 0);
    QVERIFY(r->parallelVsRecurrent < 1e-3);
    // The window can be drawn.
    QVERIFY(!w.grab().isNull());
  }

  void attentionLayerShowsSoftmaxWeightsAndKvCache() {
    MainWindow w(model_);
    QVERIFY(waitForResult(w));
    w.selectLayer(1);
    QVERIFY(waitForResult(w));
    QCOMPARE(w.shownResult()->layer, 1);
    const HeatmapData& a = w.attentionView()->data();
    const int T = a.rows();
    for (int i = 0; i < T; ++i) QVERIFY(std::abs(a.values.row(i).sum() - 1.0f) < 1e-4f);
    QCOMPARE(a.colorMap, &ColorMap::viridis());
    // Query head 3 of a 4-query / 2-KV-head layer reads KV head 1.
    w.selectHead(3);
    QVERIFY(w.stateView()->data().title.contains("key cache"));
    const auto& slices = w.shownResult()->stateSlices;
    QCOMPARE(QString::fromStdString(
                 slices[std::size_t(ResultHeatmaps::sliceForHead(*w.shownResult(), 3))].name),
             QString("K head 1"));
    QCOMPARE(w.stateView()->data().rows(), T);  // one cached row per token
  }

  void badCharacterShowsAMessage() {
    MainWindow w(model_);
    QVERIFY(waitForResult(w));
    w.setPrompt("the CAT");
    QVERIFY(waitForResult(w));
    QVERIFY2(w.errorText().contains("'C'"), qPrintable(w.errorText()));
    QVERIFY(w.errorText().contains("position 4"));
    QVERIFY(w.attentionView()->data().rows() > 0);  // the last good result stays
    w.setPrompt("the cat");
    QVERIFY(waitForResult(w));
    QVERIFY(w.errorText().isEmpty());
    QCOMPARE(w.attentionView()->data().rows(), 7);
  }

  void missingModelShowsAMessage() {
    MainWindow w(dir_.filePath("no-such-model"));
    QVERIFY(waitForResult(w));
    QVERIFY2(w.errorText().contains("no-such-model"), qPrintable(w.errorText()));
    QVERIFY(!w.shownResult());
    QVERIFY(w.attentionView()->placeholder().contains("no-such-model"));
    QVERIFY(!w.grab().isNull());
  }

  void staleResultsAreDropped() {
    AnalysisRunner runner;
    QSignalSpy spy(&runner, &AnalysisRunner::resultReady);
    AnalysisRequest request{model_, "a", 0};
    runner.request(request);
    request.prompt = "ab";
    runner.request(request);
    request.prompt = "abc";
    const std::uint64_t last = runner.request(request);
    QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy() && spy.count() > 0, 20000);
    QTest::qWait(50);
    QCOMPARE(spy.count(), 1);  // only the newest request's result arrives
    const auto result = spy.at(0).at(0).value<std::shared_ptr<const AnalysisResult>>();
    QCOMPARE(result->generation, last);
    QCOMPARE(int(result->tokens.size()), 3);
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
