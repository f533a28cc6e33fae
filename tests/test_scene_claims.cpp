// Each built-in scene makes a claim in its title, description and narration; these tests run
// the scene's own models on the scene's own input and check the claim with numbers, so a
// retrained checkpoint or an edited scene that stops being true fails here, not in a lecture.
#include <QtTest>

#include "core/run/pane_run.h"
#include "core/tasks/task.h"
#include "core/trm/answer_check.h"
#include "core/scene/scene.h"
#include "test_support.h"

using namespace seqscope;

namespace {

std::string resource(const std::string& relative) { return testing::sourceDir() + "/resources/" + relative; }

Scene builtIn(const char* file) { return Scene::load(resource(std::string("scenes/") + file)); }

// Runs pane `index` of the scene on the scene's input (or the pane's own).
PaneTrace runPane(const Scene& scene, int index) {
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

Judgement judged(const GenerationTrace& g) {
  return makeTask(g.task)->judge(g.text(int(g.frames.size()) - 1));
}

std::size_t layerBytes(const DecodeTrace& d, int frame, int layer) {
  return d.frames[std::size_t(frame)]->layers[std::size_t(layer)].bytes;
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
      const PaneTrace t = runPane(scene, i);
      QVERIFY(t.decode() && t.decode()->complete());
      const DecodeTrace& d = *t.decode();
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
    const PaneTrace t = runPane(scene, 0);
    const DecodeTrace& d = *t.decode();
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
    const PaneTrace r = PaneRun::run(retnet, resource("models/mqar-retnet"), scene.input);
    QCOMPARE(r.decode()->answersUpTo(int(r.decode()->frames.size()) - 1).correct, 4);
  }

  // Scene 1: both additions are right, diffusion's in 2 steps and AR's in 5; both English
  // models (one token per word) write grammatical sentences in 24 steps; the diffusion model's
  // first step commits a word beyond the next one (it chooses the order); a diffusion step
  // costs many AR steps (FLOPs of the cost model, not a timing).
  void diffusionAndAutoregressive() {
    const Scene scene = builtIn("1-diffusion-vs-autoregressive.json");
    const PaneTrace englishDiffusion = runPane(scene, 0), englishAr = runPane(scene, 1);
    const PaneTrace additionDiffusion = runPane(scene, 2), additionAr = runPane(scene, 3);
    for (const PaneTrace* t : {&additionDiffusion, &additionAr}) {
      const Judgement j = judged(*t->generation());
      QVERIFY2(j.allRight(), j.summary.c_str());
      QCOMPARE(j.summary, std::string("123+045 = 168"));
    }
    QCOMPARE(additionDiffusion.generation()->frames.back().step, 2);
    QCOMPARE(additionAr.generation()->frames.back().step, 5);
    const Judgement ar = judged(*englishAr.generation()), diffusion = judged(*englishDiffusion.generation());
    qInfo("English: AR %s (%s); diffusion %s (%s)", ar.summary.c_str(), englishAr.generation()->text(1000).c_str(),
          diffusion.summary.c_str(), englishDiffusion.generation()->text(1000).c_str());
    QVERIFY(ar.allRight());
    QVERIFY(diffusion.allRight());
    QVERIFY(diffusion.total >= 2);
    QCOMPARE(englishDiffusion.generation()->frames.back().step, 24);
    QCOMPARE(englishAr.generation()->frames.back().step, 24);
    // Step 1 commits a slot past the first one: the order is the model's.
    const GenerationTrace& g = *englishDiffusion.generation();
    QCOMPARE(int(g.frames[1].committed.size()), 1);
    qInfo("diffusion step 1 committed slot %d of %d: %s (%s)", g.frames[1].committed[0] - g.promptLength,
          g.generationLength, g.vocabulary[std::size_t(g.frames[1].tokens[std::size_t(g.frames[1].committed[0])])].c_str(),
          g.text(1).c_str());
    QVERIFY(g.frames[1].committed[0] > g.promptLength);
    // The narration at step 12: the first eight steps lay out the skeleton (pads, periods,
    // "the"); content words come later.
    for (int k = 1; k <= 8; ++k) {
      const std::string& w = g.vocabulary[std::size_t(g.frames[std::size_t(k)].tokens[std::size_t(g.frames[std::size_t(k)].committed[0])])];
      QVERIFY2(w == "_" || w == "." || w == "the", qPrintable(QStringLiteral("step %1 committed %2").arg(k).arg(QString::fromStdString(w))));
    }
    // FLOPs of one step: the last diffusion step against the last AR step (cumulative meters).
    const auto dm = englishDiffusion.meters(), am = englishAr.meters();
    const double perDiffusionStep = dm.back().cumulativeFlops - dm[dm.size() - 2].cumulativeFlops;
    const double perArStep = am.back().cumulativeFlops - am[am.size() - 2].cumulativeFlops;
    qInfo("FLOPs per step: diffusion %.3g, AR %.3g (x%.0f)", perDiffusionStep, perArStep, perDiffusionStep / perArStep);
    QVERIFY(perDiffusionStep > 10 * perArStep);
    QVERIFY(dm.back().cumulativeFlops > 10 * am.back().cumulativeFlops);  // the same 24 steps
  }

  // Scene 2: attention's cache grows with the tokens, the recurrent states do not; on this
  // long input Gated DeltaNet answers more than half of the 24 queries, attention very few.
  void attentionAndState() {
    const Scene scene = builtIn("2-attention-vs-state.json");
    const PaneTrace attention = runPane(scene, 0), gdn = runPane(scene, 1), mamba2 = runPane(scene, 2);
    const DecodeTrace& a = *attention.decode();
    QCOMPARE(int(a.frames.size()), 65);
    QCOMPARE(layerBytes(a, 64, 1), layerBytes(a, 16, 1) * 65 / 17);
    for (const PaneTrace* t : {&gdn, &mamba2})
      QCOMPARE(layerBytes(*t->decode(), 64, 1), layerBytes(*t->decode(), 0, 1));
    const int attentionRight = a.answersUpTo(64).correct, gdnRight = gdn.decode()->answersUpTo(64).correct;
    qInfo("answers: attention %d, Gated DeltaNet %d, Mamba-2 %d of %d", attentionRight, gdnRight,
          mamba2.decode()->answersUpTo(64).correct, a.answersUpTo(64).total);
    QCOMPARE(a.answersUpTo(64).total, 24);
    QVERIFY(gdnRight > 12);
    QVERIFY(attentionRight <= 4);
  }

  // Scene 4: the two forms agree, and the state does not grow.
  void linearAttentionIsAnRnn() {
    const Scene scene = builtIn("4-linear-attention-is-an-rnn.json");
    const PaneTrace t = runPane(scene, 0);
    QVERIFY(t.decode()->parallelVsRecurrent >= 0 && t.decode()->parallelVsRecurrent < 1e-4);
    const int last = int(t.decode()->frames.size()) - 1;
    QCOMPARE(layerBytes(*t.decode(), last, 0), layerBytes(*t.decode(), 0, 0));
  }

  // Scene 5: the recurrent layers' states keep their size and the attention layer's cache grows
  // to most of the model's memory; layer 3 spreads its weight almost evenly over what it read;
  // Gated DeltaNet layer 1's implicit attention is mostly on the last few characters.
  void hybrid() {
    const Scene scene = builtIn("5-hybrid.json");
    const PaneTrace t = runPane(scene, 3);
    const DecodeTrace& d = *t.decode();
    const int last = int(d.frames.size()) - 1;
    QCOMPARE(last, 60);
    std::size_t recurrent = 0;
    for (int l = 0; l < 3; ++l) {
      QCOMPARE(layerBytes(d, last, l), layerBytes(d, 0, l));
      recurrent += layerBytes(d, last, l);
    }
    qInfo("layer bytes at the end: 3 x %zu, attention %zu", layerBytes(d, last, 0), layerBytes(d, last, 3));
    QVERIFY(layerBytes(d, last, 3) > recurrent);
    auto meanOfHeads = [&](int layer) {
      const auto& heads = (*d.attention)[std::size_t(layer)].weights;
      Mat mean = Mat::Zero(heads[0].rows(), heads[0].cols());
      for (const Mat& w : heads) mean += w / Real(heads.size());
      return mean;
    };
    const Mat spread = meanOfHeads(3), local = meanOfHeads(1);
    double near = 0, all = 0;
    for (int i = 10; i <= last; ++i) {
      // Layer 3 spreads its weight almost evenly: entropy within 10% of the uniform row's.
      double entropy = 0;
      for (int j = 0; j <= i; ++j)
        if (spread(i, j) > 0) entropy -= spread(i, j) * std::log(spread(i, j));
      QVERIFY2(entropy > 0.9 * std::log(double(i + 1)), qPrintable(QStringLiteral("row %1: entropy %2").arg(i).arg(entropy)));
      for (int j = 0; j <= i; ++j) {
        all += std::abs(local(i, j));
        if (i - j < 4) near += std::abs(local(i, j));
      }
    }
    qInfo("implicit attention of layer 1 within 4 characters: %.2f of its mass", near / all);
    QVERIFY(near / all > 0.5);
  }

  // Scene 6: on its Sudoku the TRM solves what the single pass does not (and its draft gets
  // better from cycle 1 to 2); on its maze the single pass finds the shortest path and the TRM
  // halts after one step with a broken path, as the scene says.
  void recursionOnSudokuAndMaze() {
    const Scene scene = builtIn("6-trm-refinement.json");
    QCOMPARE(int(scene.panes.size()), 4);
    const PaneTrace trm = runPane(scene, 0), once = runPane(scene, 1);
    const PaneTrace trmMaze = runPane(scene, 2), onceMaze = runPane(scene, 3);
    const RefinementTrace& s = *trm.refinement();
    const int last = int(s.frames.size()) - 1;
    QVERIFY(verdictAt(s, last).solved);
    QVERIFY(s.halted);
    QCOMPARE(last, 3);  // 2 supervision steps of 2 cycles
    const int draft = verdictAt(s, 0).wrongCount, second = verdictAt(s, 1).wrongCount;
    qInfo("TRM Sudoku: %d, then %d cells clash", draft, second);
    QVERIFY(draft > 40 && second < draft);
    const GridVerdict single = verdictAt(*once.refinement(), 0);
    qInfo("single pass Sudoku: %s", single.summary.c_str());
    QCOMPARE(int(once.refinement()->frames.size()), 1);
    QVERIFY(!single.solved && single.wrongCount > 0);

    const RefinementTrace& m = *trmMaze.refinement();
    QCOMPARE(int(m.frames.size()), 2);  // one supervision step: it halted
    QVERIFY(m.halted);
    QCOMPARE(verdictAt(m, 1).summary, std::string("path broken"));
    QVERIFY(verdictAt(*onceMaze.refinement(), 0).solved);
    // The maze is a generated one with one shortest path (the scene says so).
    QVERIFY(!m.solution.empty());
  }
};

QTEST_GUILESS_MAIN(TestSceneClaims)
#include "test_scene_claims.moc"
