// Tiny Recursive Model: the gradient of the one gradient cycle against central finite
// differences (double precision), the no-gradient cycles contributing nothing, halting, the
// refinement trace, determinism, checkpoints, augmentations, and the checkers and parsers
// that guard user input.
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "core/error.h"
#include "core/tasks/maze_augment.h"
#include "core/tasks/sudoku_augment.h"
#include "core/tasks/sudoku_solver.h"
#include "core/trm/answer_check.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_task.h"
#include "core/trm/trm_solver.h"
#include "core/trace/refinement_trace_json.h"
#include "core/trm/trm_trainer.h"
#include "grad_checks.h"
#include "test_support.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

TrmConfig tinyConfig(const std::string& variant) {
  TrmConfig c;
  c.task = "sudoku4";
  c.variant = variant;
  c.hiddenSize = 8;
  c.intermediateSize = 12;
  c.numHeads = 2;
  c.cells = 16;
  c.rows = c.cols = 4;
  c.inputVocab = 5;
  c.numClasses = 4;
  c.latentSteps = 2;
  c.cycles = 2;
  c.supervisionSteps = 3;
  return c;
}

TrmModel randomModel(const std::string& variant, std::uint64_t seed = 5) {
  TrmModel m(tinyConfig(variant));
  Rng rng(seed);
  m.initialize(rng);
  return m;
}

const std::vector<int> kInputs{1, 0, 0, 4, 0, 4, 1, 0, 0, 1, 4, 0, 4, 0, 0, 1};
const std::vector<int> kTargets{0, 3, 1, 3, 2, 3, 0, 1, 1, 0, 3, 2, 3, -1, 0, 0};

// dL/dw for every parameter the gradient cycle reaches, against central differences of
// `loss` (which must hold the cycle's start state fixed).
double worstError(TrmModel& model, const Gradients& grads, const std::function<double()>& loss,
                  std::string& where) {
  double worst = 0;
  for (const Parameter& p : model.parameters()) {
    if (p.name == "y_init" || p.name == "z_init") continue;  // constants of the cycle
    const Mat* g = grads.find(*p.value);
    if (!g) throw std::runtime_error("no gradient for " + p.name);
    const Eigen::Index step = std::max<Eigen::Index>(1, p.value->size() / 6);
    for (Eigen::Index i = 0; i < p.value->size(); i += step) {
      Real& slot = p.value->data()[i];
      const Real saved = slot;
      const double h = 1e-6;
      slot = saved + h;
      const double up = loss();
      slot = saved - h;
      const double down = loss();
      slot = saved;
      const double err = gradError(g->data()[i], (up - down) / (2 * h));
      if (err > worst) {
        worst = err;
        where = p.name + "[" + std::to_string(i) + "]";
      }
    }
  }
  return worst;
}

bool sameFrames(const RefinementTrace& a, const RefinementTrace& b) {
  if (a.frames.size() != b.frames.size() || a.halted != b.halted) return false;
  for (std::size_t i = 0; i < a.frames.size(); ++i) {
    const auto &f = a.frames[i], &g = b.frames[i];
    if (f.answer != g.answer || f.changed != g.changed || f.confidence != g.confidence ||
        f.haltProbability != g.haltProbability || f.yNorm != g.yNorm || f.zNorm != g.zNorm ||
        f.meter.cumulativeFlops != g.meter.cumulativeFlops ||
        f.meter.liveBytes != g.meter.liveBytes)
      return false;
  }
  return true;
}

void setHaltBias(TrmModel& m, Real bias) {
  for (const Parameter& p : m.parameters()) {
    if (p.name == "q_head.weight") p.value->setZero();
    if (p.name == "q_head.bias") p.value->setConstant(bias);
  }
}

}  // namespace

class TestTrm : public QObject {
  Q_OBJECT

  void checkGradientCycle(const std::string& variant) {
    TrmModel model = randomModel(variant);
    TrmModel::State s0 = model.initialState();
    s0.z += randomLike(s0.z.rows(), s0.z.cols(), 3, 0.5);  // a non-trivial carried latent
    TrmModel::State s = s0;
    Gradients grads;
    model.gradientCycle(kInputs, kTargets, s, 1.0, 0.5, grads);
    std::string where;
    const double worst = worstError(
        model, grads, [&] { return model.cycleLoss(kInputs, kTargets, s0, 1.0, 0.5); }, where);
    QVERIFY2(worst < 1e-5, qPrintable(QString("%1: worst relative error %2 at %3")
                                          .arg(variant.c_str())
                                          .arg(worst)
                                          .arg(where.c_str())));
    // The state handed on is the cycle's output (detached).
    TrmModel::State again = s0;
    model.cycle(model.embed(kInputs), again);
    QVERIFY((again.y - s.y).norm() < 1e-12);
    QVERIFY((again.z - s.z).norm() < 1e-12);
  }

 private slots:
  void gradientCycleMatchesFiniteDifferencesMlp() { checkGradientCycle("mlp"); }
  void gradientCycleMatchesFiniteDifferencesAttention() { checkGradientCycle("attention"); }

  void noGradientCyclesLeaveGradientsUntouched() {
    TrmModel model = randomModel("mlp");
    const Mat x = model.embed(kInputs);
    // One supervision step as training runs it: T - 1 = 1 cycle without gradient, then the
    // gradient cycle. Its gradient must equal the gradient cycle's alone from the state the
    // no-gradient cycle reached, bit for bit.
    TrmModel::State s = model.initialState();
    Gradients before;
    model.gradientCycle(kInputs, kTargets, s, 1.0, 0.5, before);  // something already accumulated
    Gradients grads = before;
    TrmModel::State mid = s;
    model.cycle(x, mid);
    TrmModel::State a = mid, b = mid;
    model.gradientCycle(kInputs, kTargets, a, 1.0, 0.5, grads);
    Gradients alone;
    model.gradientCycle(kInputs, kTargets, b, 1.0, 0.5, alone);
    for (const Parameter& p : model.parameters()) {
      const Mat* g = grads.find(*p.value);
      const Mat* g0 = before.find(*p.value);
      const Mat* g1 = alone.find(*p.value);
      QCOMPARE(bool(g), bool(g1));
      if (!g) continue;
      QVERIFY2(((*g - *g0) - *g1).cwiseAbs().maxCoeff() < 1e-12, p.name.c_str());
    }
    // The no-gradient cycle does depend on the weights: differentiating through it (finite
    // differences of the whole step) gives a different gradient. So equality above means the
    // no-gradient cycle's contribution was left out, as TRM prescribes.
    auto fullStep = [&] {
      TrmModel::State t = s;
      model.cycle(model.embed(kInputs), t);
      return model.cycleLoss(kInputs, kTargets, t, 1.0, 0.5);
    };
    std::string where;
    QVERIFY(worstError(model, alone, fullStep, where) > 1e-3);
    // And a no-gradient cycle with a Gradients around leaves it as it was.
    const Gradients snapshot = grads;
    model.cycle(x, mid);
    for (const Parameter& p : model.parameters())
      if (const Mat* g = grads.find(*p.value))
        QCOMPARE(*g, *const_cast<Gradients&>(snapshot).find(*p.value));
  }

  void haltingStopsWhenTheHeadSaysSo() {
    TrmModel model = randomModel("mlp");
    const std::string puzzle = "1..4.41..14.4..1";
    setHaltBias(model, Real(10));  // sigmoid(10) > 0.5: stop after the first step
    RefinementTrace t = solve(model, puzzle, SolveOptions{5, true});
    QCOMPARE(int(t.frames.size()), model.config().cycles);
    QCOMPARE(supervisionStepsOf(t), 1);
    QVERIFY(t.halted);
    setHaltBias(model, Real(-10));  // never stops: runs to the limit, not halted
    t = solve(model, puzzle, SolveOptions{5, true});
    QCOMPARE(int(t.frames.size()), 5 * model.config().cycles);
    QVERIFY(!t.halted);
    setHaltBias(model, Real(10));  // --no-halt ignores the head
    t = solve(model, puzzle, SolveOptions{4, false});
    QCOMPARE(supervisionStepsOf(t), 4);
    QVERIFY(!t.halted);
    // Cancelling from the frame callback stops at once.
    int seen = 0;
    t = solve(model, puzzle, SolveOptions{5, false},
              [&](const RefinementTrace&) { return ++seen < 3; });
    QCOMPARE(int(t.frames.size()), 3);
  }

  void traceHasOneFramePerRecursion() {
    TrmModel model = randomModel("attention");
    const TrmConfig& c = model.config();
    const std::string puzzle = "1..4.41..14.4..1";
    const RefinementTrace t = solve(model, puzzle, SolveOptions{3, false});
    QCOMPARE(t.task, std::string("sudoku4"));
    QCOMPARE(t.rows, 4);
    QCOMPARE(t.puzzle, puzzle);
    QCOMPARE(int(t.frames.size()), 3 * c.cycles);
    const double perCycle = (c.latentSteps + 1) * model.networkFlops() + model.decodeFlops();
    QVERIFY(perCycle > 0);
    std::string previous = puzzle;
    // Replay the recursion to check the norms and halting probability of each frame.
    const Mat x = model.embed(TrmTask("sudoku4").parse(puzzle).inputs);
    TrmModel::State s = model.initialState();
    for (std::size_t i = 0; i < t.frames.size(); ++i) {
      const RefinementFrame& f = t.frames[i];
      model.cycle(x, s);
      QCOMPARE(f.supervisionStep, int(i) / c.cycles);
      QCOMPARE(f.cycle, int(i) % c.cycles);
      QCOMPARE(int(f.answer.size()), 16);
      QCOMPARE(int(f.changed.size()), 16);
      QCOMPARE(int(f.confidence.size()), 16);
      for (int k = 0; k < 16; ++k) {
        QVERIFY(f.answer[std::size_t(k)] >= '1' && f.answer[std::size_t(k)] <= '4');
        QCOMPARE(int(f.changed[std::size_t(k)]),
                 int(f.answer[std::size_t(k)] != previous[std::size_t(k)]));
        QVERIFY(f.confidence[std::size_t(k)] >= 0.25f - 1e-6f &&
                f.confidence[std::size_t(k)] <= 1.0f);
      }
      previous = f.answer;
      QVERIFY(std::abs(f.yNorm - float(s.y.norm())) < 1e-4f);
      QVERIFY(std::abs(f.zNorm - float(s.z.norm())) < 1e-4f);
      QVERIFY(std::abs(f.haltProbability - float(1 / (1 + std::exp(-model.haltLogit(s.y))))) <
              1e-6f);
      QCOMPARE(f.meter.position, 16);
      QCOMPARE(f.meter.liveBytes, std::size_t(2 * 16 * c.hiddenSize) * sizeof(Real));
      QVERIFY(std::abs(f.meter.cumulativeFlops - perCycle * double(i + 1)) < 1e-6 * perCycle);
      QVERIFY(f.meter.stepSeconds >= 0);
    }
    // The JSON form carries the same frames.
    const nlohmann::json j = refinementTraceToJson(t);
    QCOMPARE(j["frames"].size(), t.frames.size());
    QCOMPARE(j["frames"][1]["answer"].get<std::string>(), t.frames[1].answer);
    QCOMPARE(j["supervision_steps"].get<int>(), 3);
  }

  void sameSeedSameTrace() {
    TrmTrainOptions o;
    o.task = "sudoku4";
    o.hiddenSize = 8;
    o.steps = 4;
    o.batchSize = 4;
    o.warmupSteps = 1;
    o.evalEvery = 0;
    o.evalExamples = 4;
    o.supervisionSteps = 3;
    const TrmModel a = TrmTrainer::train(o), b = TrmTrainer::train(o);
    o.seed = 2;
    const TrmModel c = TrmTrainer::train(o);
    const std::string puzzle = "..3.3..2.3..2.4.";
    const RefinementTrace ta = solve(a, puzzle, SolveOptions{3, false}),
                          tb = solve(b, puzzle, SolveOptions{3, false}),
                          tc = solve(c, puzzle, SolveOptions{3, false});
    QVERIFY(sameFrames(ta, tb));
    QVERIFY(!sameFrames(ta, tc));
  }

  void checkpointRoundTrip() {
    QTemporaryDir tmp;
    TrmModel model = randomModel("attention");
    const std::string dir = tmp.path().toStdString() + "/trm-test";
    TrmCheckpoint::save(model, dir);
    QVERIFY(TrmCheckpoint::isTrm(dir));
    const TrmModel back = TrmCheckpoint::load(dir);
    QCOMPARE(back.name, std::string("trm-test"));
    const std::string puzzle = "1..4.41..14.4..1";
    // Weights are stored as float32: the same up to float rounding (this test runs in double).
    ParameterList a = model.parameters(), b = const_cast<TrmModel&>(back).parameters();
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].name, b[i].name);
      QVERIFY((*a[i].value - *b[i].value).cwiseAbs().maxCoeff() <=
              1e-6 * (1 + a[i].value->cwiseAbs().maxCoeff()));
    }
    const RefinementTrace ta = solve(model, puzzle, SolveOptions{2, false}),
                          tb = solve(back, puzzle, SolveOptions{2, false});
    QCOMPARE(ta.frames.size(), tb.frames.size());
    QVERIFY(std::abs(ta.frames.back().yNorm - tb.frames.back().yNorm) < 1e-3f);
    SEQSCOPE_EXPECT_ERROR(TrmCheckpoint::load(tmp.path().toStdString() + "/none"),
                          "not a model directory");
  }

  void sudokuCheckerRejectsInvalidGrids() {
    const TrmTask task("sudoku4");
    const TrmExample ex = task.parse("1..4.41..14.4..1");
    const std::string good = "1234341221434321";
    QVERIFY(task.isSolution(ex, good));
    QVERIFY(!task.isSolution(ex, "1234341221434312"));  // last row breaks columns 3 and 4
    QVERIFY(!task.isSolution(ex, "2134341221434321"));  // digit twice in a row and a column
    QVERIFY(SudokuGrid::parse("2134342112434312").isSolved());
    QVERIFY(!task.isSolution(ex, "2134342112434312"));  // a valid grid that changes the givens
    QVERIFY(!SudokuGrid::parse("1134341221434321").isValid());
    QVERIFY(!SudokuGrid::parse("1234341221434320").isSolved());
  }

  // Answers are judged by the puzzle's rules: repeated digits are marked, givens must stay,
  // a maze path must be connected from S to G and as short as the shortest.
  void gridAnswersAreCheckedByTheRules() {
    const std::string puzzle = "1..4.41..14.4..1", solved = "1234341221434321";
    GridVerdict v = checkGridAnswer("sudoku4", 4, 4, puzzle, solved);
    QVERIFY(v.solved);
    QCOMPARE(v.summary, std::string("solved"));
    std::string bad = solved;
    bad[1] = '1';  // row 0 now has two 1s (a given and this one)
    v = checkGridAnswer("sudoku4", 4, 4, puzzle, bad);
    QVERIFY(!v.solved);
    QVERIFY(v.wrong[1] && !v.wrong[0]);  // the given is not what is wrong
    QCOMPARE(v.summary, std::string("1 cell clashes"));
    bad = solved;
    bad[0] = '2';  // what the model wrote on a given does not count: the given stands
    QVERIFY(checkGridAnswer("sudoku4", 4, 4, puzzle, bad).solved);
    bad = solved;
    bad[2] = '.';
    QCOMPARE(checkGridAnswer("sudoku4", 4, 4, puzzle, bad).summary, std::string("1 cells left blank"));
    QVERIFY(!checkGridAnswer("sudoku9", 4, 4, puzzle, solved).solved);  // sizes do not match

    // A 5x5 maze with one shortest path S (1,1) -> G (3,3) via the right column.
    const std::string m = "#####" "#S..#" "#.#.#" "#..G#" "#####";
    const std::string path = "#####" "#S**#" "#.#*#" "#..G#" "#####";
    QVERIFY(checkGridAnswer("maze", 5, 5, m, path).solved);
    const std::string broken = "#####" "#S**#" "#.#.#" "#..G#" "#####";
    QCOMPARE(checkGridAnswer("maze", 5, 5, m, broken).summary, std::string("path broken"));
    const std::string stray = "#####" "#S**#" "#*#*#" "#..G#" "#####";
    QVERIFY(!checkGridAnswer("maze", 5, 5, m, stray).solved);
    const std::string other = "#####" "#S..#" "#*#.#" "#**G#" "#####";  // the other way: same length
    QVERIFY(checkGridAnswer("maze", 5, 5, m, other).solved);

    // A parsed puzzle with one solution gets it, so a scene's puzzle is checked like a generated one.
    QCOMPARE(TrmTask("sudoku4").parse("1..4.4.2.14.4..1").solution, solved);
    QVERIFY(TrmTask("sudoku4").parse(puzzle).solution.empty());  // two solutions (1234 and 1324 first)
  }

  void augmentationsKeepSolutionsValid() {
    Rng rng(7);
    for (const char* name : {"sudoku4", "sudoku9"}) {
      const TrmTask task(name);
      for (int i = 0; i < 6; ++i) {
        const TrmExample ex = task.sample(rng, true);
        QVERIFY(task.isSolution(ex, ex.solution));
        std::string text = ex.puzzle;
        QCOMPARE(SudokuSolver(SudokuGrid::parse(text)).countSolutions(2), 1);  // still unique
      }
    }
    const TrmTask maze("maze");
    for (int i = 0; i < 8; ++i) {
      const TrmExample ex = maze.sample(rng, true);
      QVERIFY(maze.isSolution(ex, ex.solution));
    }
    // The eight symmetries are distinct and invertible on an asymmetric grid.
    const std::string g = "abcdefghi";
    QCOMPARE(mazeSymmetry(g, 3, 1), std::string("gdahebifc"));
    std::set<std::string> images;
    for (int k = 0; k < 8; ++k) images.insert(mazeSymmetry(g, 3, k));
    QCOMPARE(int(images.size()), 8);
    QCOMPARE(mazeSymmetry(mazeSymmetry(mazeSymmetry(mazeSymmetry(g, 3, 1), 3, 1), 3, 1), 3, 1), g);
  }

  void badPuzzlesAreRejected() {
    const TrmTask s4("sudoku4"), s9("sudoku9"), maze("maze");
    SEQSCOPE_EXPECT_ERROR(s4.parse("1234"), "16 cells", "got 4");
    SEQSCOPE_EXPECT_ERROR(s9.parse(std::string(80, '.')), "81 cells", "got 80");
    SEQSCOPE_EXPECT_ERROR(s4.parse("1..4.41..14.4..x"), "x");
    SEQSCOPE_EXPECT_ERROR(s4.parse("1..5.41..14.4..1"), "5");
    SEQSCOPE_EXPECT_ERROR(s4.parse("11.............."), "contradict", "twice");
    const std::string ok =
        "#########/#S......#/#.#####.#/#.......#/#.#####.#/#.......#/#.#####.#/#......G#/#########";
    QCOMPARE(maze.parse(ok).puzzle.size(), std::size_t(81));
    std::string noS = ok, noG = ok;
    noS[std::size_t(ok.find('S'))] = '.';
    noG[std::size_t(ok.find('G'))] = '.';
    SEQSCOPE_EXPECT_ERROR(maze.parse(noS), "S");
    SEQSCOPE_EXPECT_ERROR(maze.parse(noG), "G");
    SEQSCOPE_EXPECT_ERROR(maze.parse("#####/#S.G#/#####"), "9x9");
    SEQSCOPE_EXPECT_ERROR(maze.parse(ok.substr(0, 20) + "x" + ok.substr(21)), "'x'");
  }

  void evaluationReportsTheStepCurve() {
    const TrmModel model = randomModel("mlp");
    const TrmEvalResult r = TrmTrainer::evaluate(model, TrmTask("sudoku4"), 5, 1, 4);
    QCOMPARE(r.n, 5);
    QCOMPARE(int(r.accuracyBySteps.size()), 4);
    QVERIFY(r.meanSteps >= 1 && r.meanSteps <= 4);
    SEQSCOPE_EXPECT_ERROR(TrmTrainer::evaluate(model, TrmTask("maze"), 5, 1), "trained on sudoku4");
  }
};

QTEST_APPLESS_MAIN(TestTrm)
#include "test_trm.moc"
