// Each built-in scene makes a claim in its title, description and narration; these tests run
// the scene's own models on the scene's own input and check the claim with numbers, so a
// retrained checkpoint or an edited scene that stops being true fails here, not in a lecture.
#include <QtTest>

#include "core/run/pane_run.h"
#include "core/trm/answer_check.h"
#include "core/scene/scene.h"
#include "test_support.h"

using namespace seqscope;

namespace {

std::string resource(const std::string& relative) { return testing::sourceDir() + "/resources/" + relative; }

Scene builtIn(const char* file) { return Scene::load(resource(std::string("scenes/") + file)); }

// Runs pane `index` of the scene on the scene's input (or the pane's own).
PaneTraces runPane(const Scene& scene, int index) {
  const PaneSpec& spec = scene.panes[std::size_t(index)];
  return PaneRun::run(spec, resource("models/" + spec.model), spec.input.empty() ? scene.input : spec.input);
}

// "b→D ✓ d→F ✓ …": what the model answered, for the failure message.
QString answers(const DecodeTrace& d) {
  QStringList out;
  for (int p : d.answerPositions)
    out << QStringLiteral("%1→%2%3")
               .arg(QString::fromStdString(d.tokenLabels[std::size_t(p)]),
                    QString::fromStdString(d.frames[std::size_t(p)]->predictedLabel),
                    d.answerVerdict(p) == 1 ? "✓" : "✗");
  return out.join(' ');
}

GridVerdict verdictAt(const RefinementTrace& t, int frame) {
  return checkGridAnswer(t.task, t.rows, t.cols, t.puzzle, t.frames[std::size_t(frame)].answer);
}

}  // namespace

class TestSceneClaims : public QObject {
  Q_OBJECT

 private slots:
  // Scene 3: attention and Gated DeltaNet answer every query; linear attention, which cannot
  // tell which value followed which key, does not; attention's layer 1 puts the most weight of
  // each query on the value that followed the same key earlier.
  void associativeRecall() {
    const Scene scene = builtIn("3-associative-recall.json");
    QCOMPARE(int(scene.panes.size()), 4);
    for (int i : {0, 1, 2, 3}) {
      const PaneTraces t = runPane(scene, i);
      QVERIFY(t.decode && t.decode->complete());
      const DecodeTrace& d = *t.decode;
      QCOMPARE(int(d.answerPositions.size()), 4);
      const AnswerTally tally = d.answersUpTo(int(d.frames.size()) - 1);
      qInfo("%s: %d/4 %s", scene.panes[std::size_t(i)].model.c_str(), tally.correct, qPrintable(answers(d)));
      if (scene.panes[std::size_t(i)].model == "mqar-linear_attention")
        QVERIFY2(tally.correct < 4, qPrintable(answers(d)));
      else
        QVERIFY2(tally.correct == 4, qPrintable(answers(d)));
    }
    // Where attention looks: in layer 0 (the pane's layer), mean of heads, each of the first
    // three queries puts more weight on its own pair (key and value) than on any other pair.
    // The last query needs no look-up: its pair is the only one not asked yet, and the model
    // looks at the earlier queries instead (the scene says so).
    const PaneSpec& spec = scene.panes[0];
    QCOMPARE(spec.layer, 0);
    QCOMPARE(spec.head, -1);
    const PaneTraces t = runPane(scene, 0);
    const DecodeTrace& d = *t.decode;
    const auto& heads = (*d.attention)[std::size_t(spec.layer)].weights;
    Mat mean = Mat::Zero(heads[0].rows(), heads[0].cols());
    for (const Mat& w : heads) mean += w / Real(heads.size());
    const int separator = 8;
    for (std::size_t i = 0; i + 1 < d.answerPositions.size(); ++i) {
      const int q = d.answerPositions[i];
      int own = -1, best = -1;
      double bestWeight = -1;
      for (int j = 0; j < separator; j += 2) {
        if (d.tokens[std::size_t(j)] == d.tokens[std::size_t(q)]) own = j;
        const double w = mean(q, j) + mean(q, j + 1);
        if (w > bestWeight) bestWeight = w, best = j;
      }
      qInfo("query %d '%s': its pair at %d, most weight on the pair at %d (%.2f)", q,
            d.tokenLabels[std::size_t(q)].c_str(), own, best, bestWeight);
      QCOMPARE(best, own);
    }
    // The last query: more weight on the earlier queries (after the separator) than on any pair.
    const int last = d.answerPositions.back();
    double pairs = 0;
    for (int j = 0; j < separator; j += 2) pairs = std::max(pairs, double(mean(last, j) + mean(last, j + 1)));
    const double queries = mean.row(last).segment(separator + 1, last - separator).sum();
    qInfo("last query %d: %.2f on the queries, at most %.2f on a pair", last, queries, pairs);
    QVERIFY(queries > pairs);

    // The narration's last step: RetNet (linear attention plus a decay) answers all four.
    PaneSpec retnet = scene.panes[3];
    retnet.model = "mqar-retnet";
    const PaneTraces r = PaneRun::run(retnet, resource("models/mqar-retnet"), scene.input);
    QCOMPARE(r.decode->answersUpTo(int(r.decode->frames.size()) - 1).correct, 4);
  }

  // Scene 6: on its Sudoku the TRM solves what the single pass does not (and its draft gets
  // better from cycle 1 to 2); on its maze the single pass finds the shortest path and the TRM
  // halts after one step with a broken path, as the scene says.
  void recursionOnSudokuAndMaze() {
    const Scene scene = builtIn("6-trm-refinement.json");
    QCOMPARE(int(scene.panes.size()), 4);
    const PaneTraces trm = runPane(scene, 0), once = runPane(scene, 1);
    const PaneTraces trmMaze = runPane(scene, 2), onceMaze = runPane(scene, 3);
    const RefinementTrace& s = *trm.refinement;
    const int last = int(s.frames.size()) - 1;
    QVERIFY(verdictAt(s, last).solved);
    QVERIFY(s.halted);
    QCOMPARE(last, 3);  // 2 supervision steps of 2 cycles
    const int draft = verdictAt(s, 0).wrongCount, second = verdictAt(s, 1).wrongCount;
    qInfo("TRM Sudoku: %d, then %d cells break a rule", draft, second);
    QVERIFY(draft > 40 && second < draft);
    const GridVerdict single = verdictAt(*once.refinement, 0);
    qInfo("single pass Sudoku: %s", single.summary.c_str());
    QCOMPARE(int(once.refinement->frames.size()), 1);
    QVERIFY(!single.solved && single.wrongCount > 0);

    const RefinementTrace& m = *trmMaze.refinement;
    QCOMPARE(int(m.frames.size()), 2);  // one supervision step: it halted
    QVERIFY(m.halted);
    QCOMPARE(verdictAt(m, 1).summary, std::string("path broken"));
    QVERIFY(verdictAt(*onceMaze.refinement, 0).solved);
    // The maze is a generated one with one shortest path (the scene says so).
    QVERIFY(!m.solution.empty());
  }
};

QTEST_GUILESS_MAIN(TestSceneClaims)
#include "test_scene_claims.moc"
