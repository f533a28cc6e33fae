// The generated tasks: determinism, target alignment, and that every answer is right —
// checked against independent computations written here (sums, pair lookups, a relaxation
// distance for mazes, the solver's solution count for Sudokus).
#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "core/tasks/addition_task.h"
#include "core/tasks/english_task.h"
#include "core/tasks/english_words_task.h"
#include "core/trace/generation_trace.h"
#include "core/tasks/maze_grid.h"
#include "core/tasks/maze_task.h"
#include "core/tasks/mqar_task.h"
#include "core/tasks/selective_copy_task.h"
#include "core/tasks/sudoku_grid.h"
#include "core/tasks/sudoku_solver.h"
#include "core/tasks/sudoku_task.h"
#include "core/tasks/task.h"
#include "test_support.h"

using namespace seqscope;


namespace {

// Fewer of the slow generators, so the whole test stays well under its time budget.
int examplesFor(const std::string& name) { return name == "sudoku9" ? 10 : name == "sudoku6" ? 25 : 60; }

std::vector<Example> draw(const Task& task, std::uint64_t seed, int n) {
  Rng rng(seed);
  std::vector<Example> out;
  for (int i = 0; i < n; ++i) out.push_back(task.sample(rng));
  return out;
}

SudokuGrid gridFrom(const std::vector<int>& tokens, int from, int size) {
  SudokuGrid g(size);
  for (int i = 0; i < size * size; ++i) g.set(i, tokens[std::size_t(from + i)]);
  return g;
}

// Shortest distances by repeated relaxation (Bellman-Ford style sweeps until nothing
// changes): no queue, no visiting order, so it shares nothing with MazeGrid's BFS.
std::vector<int> relaxedDistances(const MazeGrid& m, MazeGrid::Cell from) {
  const int inf = 1 << 28;
  std::vector<int> d(std::size_t(m.rows() * m.cols()), inf);
  d[std::size_t(from.r * m.cols() + from.c)] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (int r = 0; r < m.rows(); ++r)
      for (int c = 0; c < m.cols(); ++c) {
        if (!m.isOpen(r, c)) continue;
        int best = d[std::size_t(r * m.cols() + c)];
        const int nr[4] = {r - 1, r + 1, r, r}, nc[4] = {c, c, c - 1, c + 1};
        for (int k = 0; k < 4; ++k)
          if (m.isOpen(nr[k], nc[k])) best = std::min(best, d[std::size_t(nr[k] * m.cols() + nc[k])] + 1);
        if (best < d[std::size_t(r * m.cols() + c)]) d[std::size_t(r * m.cols() + c)] = best, changed = true;
      }
  }
  return d;
}

// Checks that `path` is a walk S..G over open cells with unit steps, no cell twice, and
// exactly as long as the independent distance.
void checkShortestPath(const MazeGrid& m) {
  const auto path = m.shortestPath();
  QVERIFY(path.front() == m.start());
  QVERIFY(path.back() == m.goal());
  std::set<std::pair<int, int>> seen;
  for (std::size_t i = 0; i < path.size(); ++i) {
    QVERIFY(m.isOpen(path[i].r, path[i].c));
    QVERIFY(seen.insert({path[i].r, path[i].c}).second);
    if (i) QCOMPARE(std::abs(path[i].r - path[i - 1].r) + std::abs(path[i].c - path[i - 1].c), 1);
  }
  const auto d = relaxedDistances(m, m.start());
  QCOMPARE(int(path.size()) - 1, d[std::size_t(m.goal().r * m.cols() + m.goal().c)]);
  // BFS distances agree with the relaxation everywhere reachable.
  const auto bfs = m.distancesFrom(m.start());
  for (std::size_t i = 0; i < d.size(); ++i)
    if (bfs[i] >= 0) QCOMPARE(bfs[i], d[i]);
}

}  // namespace

class TestTasks : public QObject {
  Q_OBJECT

 private slots:
  void allTasksConstruct() {
    QCOMPARE(int(knownTasks().size()), 11);
    for (const auto& name : knownTasks()) {
      auto task = makeTask(name);
      QCOMPARE(task->name(), name);
      const Vocabulary v = task->vocabulary();
      QCOMPARE(v.size(), task->vocabSize());
      QVERIFY2(v.isCharacterLevel() || v.isWordLevel(), name.c_str());  // defaults read as text
      std::set<std::string> labels;
      for (int i = 0; i < v.size(); ++i) labels.insert(v.label(i));
      QCOMPARE(int(labels.size()), v.size());  // no two tokens print the same
    }
  }

  void sameSeedSameExamplesDifferentSeedsDiffer() {
    for (const auto& name : knownTasks()) {
      auto task = makeTask(name);
      const int n = 5;
      const auto a = draw(*task, 42, n), b = draw(*task, 42, n), c = draw(*task, 43, n);
      bool differ = false;
      for (int i = 0; i < n; ++i) {
        QVERIFY2(a[std::size_t(i)].tokens == b[std::size_t(i)].tokens, name.c_str());
        QVERIFY2(a[std::size_t(i)].targets == b[std::size_t(i)].targets, name.c_str());
        differ = differ || a[std::size_t(i)].tokens != c[std::size_t(i)].tokens;
      }
      QVERIFY2(differ, name.c_str());
      // The evaluation stream differs from the training stream.
      QVERIFY(draw(*task, 42 + kEvalSeedOffset, 1)[0].tokens != a[0].tokens);
    }
  }

  void targetsInRangeAndAligned() {
    for (const auto& name : knownTasks()) {
      auto task = makeTask(name);
      for (const Example& ex : draw(*task, 7, examplesFor(name))) {
        const int n = int(ex.tokens.size());
        QCOMPARE(int(ex.targets.size()), n);
        QVERIFY(n >= 2 && n <= task->maxLength());
        int scored = 0;
        for (int t = 0; t < n; ++t) {
          QVERIFY(ex.tokens[std::size_t(t)] >= 0 && ex.tokens[std::size_t(t)] < task->vocabSize());
          const int y = ex.targets[std::size_t(t)];
          if (y < 0) {
            QCOMPARE(y, -1);
            continue;
          }
          ++scored;
          QVERIFY2(t + 1 < n, name.c_str());
          QVERIFY2(y < task->vocabSize(), name.c_str());
          QCOMPARE(y, ex.tokens[std::size_t(t) + 1]);
        }
        QVERIFY2(scored > 0, name.c_str());
        if (name != "english" && name != "english_words") QCOMPARE(n, task->maxLength());  // fixed-length tasks
      }
    }
  }

  void mqarQueriesAnswerTheirPairedValue() {
    for (const TaskOptions& o : {TaskOptions{}, TaskOptions{.numPairs = 30, .numQueries = 30, .vocab = 64},
                                 TaskOptions{.numPairs = 1, .numQueries = 1, .vocab = 4}}) {
      MqarTask task(o);
      for (const Example& ex : draw(task, 11, 100)) {
        std::map<int, int> pairs;
        for (int i = 0; i < task.numPairs(); ++i) {
          const int k = ex.tokens[std::size_t(2 * i)], v = ex.tokens[std::size_t(2 * i + 1)];
          QVERIFY(task.isKey(k) && task.isValue(v));
          QVERIFY(pairs.emplace(k, v).second);  // keys distinct
        }
        const int sep = 2 * task.numPairs();
        QCOMPARE(ex.tokens[std::size_t(sep)], task.separator());
        std::set<int> asked;
        int scored = 0;
        for (int q = sep + 1; q < int(ex.tokens.size()); q += 2) {
          const int key = ex.tokens[std::size_t(q)];
          QVERIFY(pairs.count(key));
          QVERIFY(asked.insert(key).second);  // queries distinct
          QCOMPARE(ex.targets[std::size_t(q)], pairs[key]);
          QCOMPARE(ex.targets[std::size_t(q) + 1], -1);
          ++scored;
        }
        QCOMPARE(scored, task.numQueries());
        for (int t = 0; t <= sep; ++t) QCOMPARE(ex.targets[std::size_t(t)], -1);
      }
    }
  }

  void copyTasksRepeatTheSymbols() {
    auto copy = makeTask("copy", {.vocab = 5, .length = 12});
    for (const Example& ex : draw(*copy, 3, 50)) {
      QCOMPARE(int(ex.tokens.size()), 25);
      QCOMPARE(ex.tokens[12], 5);
      for (int i = 0; i < 12; ++i) QCOMPARE(ex.tokens[std::size_t(13 + i)], ex.tokens[std::size_t(i)]);
      QCOMPARE(int(std::count_if(ex.targets.begin(), ex.targets.end(), [](int y) { return y >= 0; })), 12);
    }
    SelectiveCopyTask sel(TaskOptions{.vocab = 4, .length = 30, .numSymbols = 7});
    for (const Example& ex : draw(sel, 3, 50)) {
      std::vector<int> symbols;
      for (int i = 0; i < 30; ++i)
        if (ex.tokens[std::size_t(i)] != sel.blank()) symbols.push_back(ex.tokens[std::size_t(i)]);
      QCOMPARE(int(symbols.size()), 7);
      QCOMPARE(ex.tokens[30], sel.separator());
      const std::vector<int> answer(ex.tokens.begin() + 31, ex.tokens.end());
      QVERIFY(answer == symbols);
      for (int t = 30; t < 37; ++t) QCOMPARE(ex.targets[std::size_t(t)], symbols[std::size_t(t - 30)]);
    }
  }

  void inductionTargetFollowsTheOnlyEarlierTrigger() {
    auto task = makeTask("induction", {.vocab = 3, .length = 10});
    for (const Example& ex : draw(*task, 5, 200)) {
      const int L = 10, trigger = ex.tokens[L], target = ex.tokens[L + 1];
      QVERIFY(trigger != target);
      int count = 0, where = -1;
      for (int i = 0; i < L; ++i)
        if (ex.tokens[std::size_t(i)] == trigger) ++count, where = i;
      QCOMPARE(count, 1);
      QVERIFY(where <= L - 2);
      QCOMPARE(ex.tokens[std::size_t(where) + 1], target);
      QCOMPARE(ex.targets[L], target);
      QCOMPARE(int(std::count_if(ex.targets.begin(), ex.targets.end(), [](int y) { return y >= 0; })), 1);
    }
  }

  void additionAnswersAreTrueSums() {
    for (int digits : {1, 3, 9}) {
      AdditionTask task({.digits = digits});
      const Vocabulary v = task.vocabulary();
      std::set<std::uint64_t> sums;
      for (const Example& ex : draw(task, 9, 200)) {
        std::uint64_t a = 0, b = 0, reversedSum = 0, place = 1;
        int t = 0;
        for (int i = 0; i < digits; ++i) a = a * 10 + std::uint64_t(ex.tokens[std::size_t(t++)]);
        QCOMPARE(ex.tokens[std::size_t(t++)], int(AdditionTask::kPlus));
        for (int i = 0; i < digits; ++i) b = b * 10 + std::uint64_t(ex.tokens[std::size_t(t++)]);
        QCOMPARE(ex.tokens[std::size_t(t++)], int(AdditionTask::kEquals));
        const int eq = t - 1;
        for (int i = 0; i <= digits; ++i, place *= 10) {  // units digit first
          const int d = ex.tokens[std::size_t(t++)];
          QVERIFY(d >= 0 && d <= 9);
          reversedSum += std::uint64_t(d) * place;
        }
        QCOMPARE(ex.tokens[std::size_t(t)], int(AdditionTask::kEnd));
        QCOMPARE(t + 1, int(ex.tokens.size()));
        QCOMPARE(reversedSum, a + b);
        sums.insert(a + b);
        for (int i = 0; i < int(ex.tokens.size()); ++i)
          QCOMPARE(ex.targets[std::size_t(i)] >= 0, i >= eq && i < t);
      }
      QVERIFY(sums.size() > 1);
      if (digits == 3) {  // the text reads as documented: 3 + 3 digits, "=", 4 reversed, "."
        const std::string s = v.decode(draw(task, 1, 1)[0].tokens);
        QCOMPARE(int(s.size()), 13);
        QCOMPARE(s[3], '+');
        QCOMPARE(s[7], '=');
        QCOMPARE(s[12], '.');
      }
    }
  }

  // The word-level English: the same grammar one token per word, every example grammatical
  // by the judge, text encoded and decoded word by word (no space before "."), and a
  // generation's text spaced the same way with masks as words.
  void englishWordsAreTheSameGrammar() {
    EnglishWordsTask task({});
    QCOMPARE(task.maxLength(), 25);
    const Vocabulary v = task.vocabulary();
    QVERIFY(v.isWordLevel());
    QVERIFY(!v.isCharacterLevel());
    QCOMPARE(v.size(), 91);  // 90 word forms ("the" once) and "."
    int sentences = 0;
    for (const Example& ex : draw(task, 22, 100)) {
      QVERIFY(int(ex.tokens.size()) <= 25);
      const std::string text = v.decode(ex.tokens);
      QCOMPARE(text.back(), '.');
      QVERIFY2(text.find(" .") == std::string::npos, text.c_str());
      const Judgement j = task.judge(text);
      QVERIFY2(j.allRight(), text.c_str());
      sentences += j.total;
      QCOMPARE(v.encode(text), ex.tokens);
    }
    QVERIFY(sentences >= 150);
    QCOMPARE(v.encode("the  cats run."), (std::vector<int>{0, 12, v.encode("run")[0], 90}));
    QVERIFY_THROWS_EXCEPTION(Error, v.encode("the cats fly."));
    GenerationTrace t;
    t.vocabulary = {"the", "cat", "runs", ".", "_"};
    t.frames.push_back(GenerationFrame{});
    t.frames[0].tokens = {0, 1, 2, 3, 4, 0};
    t.frames[0].masked = {0, 0, 1, 0, 0, 0};
    QCOMPARE(t.text(0), std::string("the cat \u25A2. the"));
    QCOMPARE(task.judge("the cat runs. the").summary, std::string("1 of 1 sentence grammatical"));
    QVERIFY_THROWS_EXCEPTION(Error, EnglishWordsTask(TaskOptions{.length = 5}));
  }

  void englishFollowsTheGrammar() {
    EnglishTask task({});
    QVERIFY(EnglishTask::longestSentence() <= 128);
    QVERIFY(EnglishTask::longestSentence() > 40);
    const Vocabulary v = task.vocabulary();
    for (const Example& ex : draw(task, 21, 100)) {
      const std::string text = v.decode(ex.tokens);
      QVERIFY(int(text.size()) <= 128);
      QCOMPARE(text.back(), '.');
      QVERIFY(text.find("  ") == std::string::npos);
      // Every character after the first is scored.
      QCOMPARE(ex.targets.front(), ex.tokens[1]);
      QCOMPARE(ex.targets.back(), -1);
      std::size_t begin = 0;
      while (begin < text.size()) {
        const std::size_t end = text.find('.', begin);
        const std::string s = text.substr(begin, end - begin);
        const std::string det = s.substr(0, s.find(' '));
        QVERIFY2(det == "the" || det == "a" || det == "some" || det == "two", s.c_str());
        // Number agreement: a singular determiner never takes "are", a plural one never "is".
        if (det == "a") QVERIFY2(s.find(" are ") == std::string::npos, s.c_str());
        if (det == "some" || det == "two") QVERIFY2(s.find(" is ") == std::string::npos, s.c_str());
        begin = end + 2;  // ". "
      }
    }
    Rng rng(1);
    QVERIFY(EnglishTask::sentence(rng).back() == '.');
  }

  void sudokuGeneratedPuzzlesAreUniqueAndSolved() {
    for (int size : {4, 6, 9}) {
      SudokuTask task(size, {});
      const int cells = size * size, n = examplesFor("sudoku" + std::to_string(size));
      int atTarget = 0, filledSum = 0;
      for (const Example& ex : draw(task, 13, n)) {
        const SudokuGrid puzzle = gridFrom(ex.tokens, 0, size);
        const SudokuGrid solution = gridFrom(ex.tokens, cells + 1, size);
        QCOMPARE(ex.tokens[std::size_t(cells)], task.separator());
        QVERIFY(puzzle.isValid());
        QVERIFY(!puzzle.hasContradiction());
        QVERIFY(puzzle.filled() >= task.givens());
        atTarget += puzzle.filled() == task.givens();
        filledSum += puzzle.filled();
        QVERIFY(solution.isSolved());
        QVERIFY(solution.solves(puzzle));
        QCOMPARE(SudokuSolver(puzzle).countSolutions(5), 1);
        const auto solved = SudokuSolver(puzzle).solve();
        QVERIFY(solved && solved->cells() == solution.cells());
        for (int t = 0; t < int(ex.tokens.size()); ++t)
          QCOMPARE(ex.targets[std::size_t(t)] >= 0, t >= cells && t < 2 * cells);
      }
      qInfo("sudoku%d: %d/%d puzzles at %d givens, mean %.2f", size, atTarget, n, task.givens(),
            double(filledSum) / n);
      QVERIFY(atTarget * 2 >= n);  // the target is usually reached
    }
    // Harder puzzles still come out unique: 4x4 down to 4 givens where possible.
    SudokuTask hard(4, {.givens = 4});
    for (const Example& ex : draw(hard, 2, 20))
      QCOMPARE(SudokuSolver(gridFrom(ex.tokens, 0, 4)).countSolutions(5), 1);
  }

  void sudokuSolverCounts() {
    // There are exactly 288 complete 4x4 Sudoku grids.
    QCOMPARE(SudokuSolver(SudokuGrid(4)).countSolutions(1000), 288);
    QCOMPARE(SudokuSolver(SudokuGrid(9)).countSolutions(2), 2);
    const std::string p = "530070000600195000098000060800060003400803001700020006060000280000419005000080079";
    const std::string s = "534678912672195348198342567859761423426853791713924856961537284287419635345286179";
    const SudokuGrid puzzle = SudokuGrid::parse(p);
    QCOMPARE(puzzle.size(), 9);
    QCOMPARE(SudokuSolver(puzzle).countSolutions(2), 1);
    QCOMPARE(SudokuSolver(puzzle).solve()->toString(), s);
    QVERIFY(SudokuGrid::parse(s).solves(puzzle));
    Rng rng(3);
    for (int size : {4, 6, 9}) QVERIFY(SudokuSolver::randomSolution(size, rng).isSolved());
  }

  void sudokuCheckerRejectsInvalidGrids() {
    SEQSCOPE_EXPECT_ERROR(SudokuGrid::parse("123"), "16, 36 or 81", "got 3");
    SEQSCOPE_EXPECT_ERROR(SudokuGrid::parse("1234341221434321x", 4), "'x'", "position 16");
    SEQSCOPE_EXPECT_ERROR(SudokuGrid::parse("12343412214343210", 4), "16 cells", "got 17");
    SEQSCOPE_EXPECT_ERROR(SudokuGrid::parse("5000 0000 0000 0000"), "'5'", "1-4");
    SEQSCOPE_EXPECT_ERROR(SudokuGrid(5), "4, 6 or 9");
    // Blanks as '0' or '.', whitespace ignored.
    QCOMPARE(SudokuGrid::parse("1.3. .... .... ....").toString(), std::string("1030000000000000"));

    const SudokuGrid row = SudokuGrid::parse("1100 0000 0000 0000");
    QVERIFY(!row.isValid());
    QVERIFY(row.problem().find("row 1") != std::string::npos);
    QVERIFY(row.hasContradiction());
    QCOMPARE(SudokuSolver(row).countSolutions(2), 0);
    const SudokuGrid col = SudokuGrid::parse("0200 0000 0000 0200");
    QVERIFY(col.problem().find("column 2") != std::string::npos);
    const SudokuGrid box = SudokuGrid::parse("1000 0100 0000 0000");
    QVERIFY(box.problem().find("box 1") != std::string::npos);
    // 6x6 boxes are 2 rows by 3 columns: (0,0) and (1,2) share a box, (0,0) and (2,1) don't.
    QVERIFY(!SudokuGrid::parse("100000001000" + std::string(24, '0')).isValid());
    QVERIFY(SudokuGrid::parse("100000000000010000" + std::string(18, '0')).isValid());

    // Contradictory givens without a clash: the top-left cell sees 2 and 3 in its row, 4 in
    // its column and 1 in its box, so nothing fits.
    const SudokuGrid dead = SudokuGrid::parse("0230 0100 4000 0000");
    QVERIFY(dead.isValid());
    QVERIFY(dead.hasContradiction());
    QCOMPARE(SudokuSolver(dead).countSolutions(2), 0);
    QVERIFY(!SudokuSolver(dead).solve());
    // A digit with no place left in a unit: row 1 needs a 1, the 1 in the top-left box rules
    // out its first two cells, the 1 in column 3 the third, and the fourth holds a 2; every
    // blank still has candidates.
    const SudokuGrid noPlace = SudokuGrid::parse("0002 1000 0000 0010");
    QVERIFY(noPlace.isValid());
    QVERIFY(noPlace.hasContradiction());
    QCOMPARE(SudokuSolver(noPlace).countSolutions(2), 0);

    const SudokuGrid ok = SudokuGrid::parse("1234 3412 2143 4321");
    QVERIFY(ok.isSolved() && !ok.hasContradiction());
    QVERIFY(!SudokuGrid::parse("1234 3412 2143 4300").isSolved());
    QVERIFY(!SudokuGrid::parse("1234 3412 2143 4300").hasContradiction());
  }

  // Generated texts judged by the task's rules: the sum read back in normal order; English
  // sentences parsed by the grammar (agreement included); nothing judged before it is written.
  void generationsAreJudged() {
    const AdditionTask add({.digits = 3});
    Judgement j = add.judge("123+045=8610.");
    QVERIFY(j.allRight());
    QCOMPARE(j.summary, std::string("123+045 = 168"));
    j = add.judge("123+045=8710.");
    QVERIFY(!j.allRight() && j.total == 1);
    QCOMPARE(j.summary, std::string("123+045 = 178, not 168"));
    j = add.judge("123+045=8\u25A2\u25A20.");
    QCOMPARE(j.total, 0);
    QCOMPARE(j.summary, std::string("123+045 = ?"));
    QVERIFY(EnglishTask::isGrammatical("the big cats run."));
    QVERIFY(EnglishTask::isGrammatical("a dog sees some red balls in the park"));
    QVERIFY(EnglishTask::isGrammatical("two birds are happy"));
    QVERIFY(!EnglishTask::isGrammatical("the big cats runs."));   // agreement
    QVERIFY(!EnglishTask::isGrammatical("a cats run."));          // determiner and number
    QVERIFY(!EnglishTask::isGrammatical("the bogs want the sad birds sane the tall birds jump"));
    const EnglishTask english({.length = 64});
    j = english.judge("the cat runs. two dog sings. the ca");
    QCOMPARE(j.total, 2);
    QCOMPARE(j.right, 1);
    QCOMPARE(j.summary, std::string("1 of 2 sentences grammatical"));
    // A sentence that still holds a masked slot is not judged yet.
    j = english.judge("the cat runs. the \u25A2 \u25A2. the ca\u25A2s.");
    QCOMPARE(j.total, 1);
    QVERIFY(j.allRight());
    // Every sentence the task samples is grammatical by the parser.
    Rng rng(3);
    for (int i = 0; i < 200; ++i) QVERIFY(english.judge(english.vocabulary().decode(english.sample(rng).tokens)).allRight());
  }

  void mazeBfsPathIsShortest() {
    for (int side : {5, 9, 15, 21}) {
      MazeTask task({.gridSize = side});
      const Vocabulary v = task.vocabulary();
      const int len = task.gridLength(), rooms = (side - 1) / 2 * ((side - 1) / 2);
      int braided = 0;
      for (const Example& ex : draw(task, 17, 40)) {
        const std::vector<int> promptIds(ex.tokens.begin(), ex.tokens.begin() + len);
        const std::string prompt = v.decode(promptIds);
        const MazeGrid maze = MazeGrid::parse(prompt);  // the prompt is valid maze text
        QCOMPARE(maze.rows(), side);
        checkShortestPath(maze);
        QCOMPARE(maze.countShortestPaths(2), 1);
        const auto path = maze.shortestPath();
        const std::vector<int> answerIds(ex.tokens.begin() + len + 1, ex.tokens.end());
        QCOMPARE(v.decode(answerIds), maze.withPath(path));
        int open = 0, scoredStars = 0, scored = 0;
        for (int i = 0; i < len; ++i) {
          const bool decision = prompt[std::size_t(i)] == '.';
          open += decision;
          const int y = ex.targets[std::size_t(len + i)];
          QCOMPARE(y >= 0, decision);
          scored += y >= 0;
          scoredStars += y == MazeTask::tokenOf('*');
        }
        QCOMPARE(scored, int(ex.targets.size()) - int(std::count(ex.targets.begin(), ex.targets.end(), -1)));
        QCOMPARE(scoredStars, int(path.size()) - 2);
        // A perfect maze has rooms + (rooms - 1) open cells; more means walls were knocked out.
        braided += open + 2 > 2 * rooms - 1;
      }
      qInfo("maze %d: %d/40 braided", side, braided);
      if (side >= 9) QVERIFY(braided > 0);
    }
    // Two routes of different lengths: BFS takes the short one.
    const MazeGrid loop = MazeGrid::parse("#######/#S...G#/#.###.#/#.....#/#######");
    checkShortestPath(loop);
    QCOMPARE(int(loop.shortestPath().size()), 5);
    QCOMPARE(loop.countShortestPaths(5), 1);
    const MazeGrid square = MazeGrid::parse("#####/#S..#/#..G#/#####");
    QCOMPARE(square.countShortestPaths(10), 3);
    checkShortestPath(square);
    QCOMPARE(MazeGrid::parse(square.withPath(square.shortestPath())).toString(), square.withPath(square.shortestPath()));
  }

  void mazeParseRejectsBadMazes() {
    SEQSCOPE_EXPECT_ERROR(MazeGrid::parse("#####/#..G#/#####"), "exactly one start S", "found 0");
    SEQSCOPE_EXPECT_ERROR(MazeGrid::parse("#####/#S..#/#####"), "exactly one goal G", "found 0");
    SEQSCOPE_EXPECT_ERROR(MazeGrid::parse("#####/#SSG#/#####"), "exactly one start S", "found 2");
    SEQSCOPE_EXPECT_ERROR(MazeGrid::parse("#####/#S.G#/####"), "not rectangular", "row 3");
    SEQSCOPE_EXPECT_ERROR(MazeGrid::parse("#####/#S?G#/#####"), "'?'", "row 2", "column 3");
    SEQSCOPE_EXPECT_ERROR(MazeGrid::parse("#####/#S#G#/#####"), "not reachable");
    SEQSCOPE_EXPECT_ERROR(MazeGrid::parse(""), "empty");
  }

  void invalidOptionsThrow() {
    SEQSCOPE_EXPECT_ERROR(makeTask("nope"), "unknown task 'nope'", "mqar", "maze");
    SEQSCOPE_EXPECT_ERROR(makeTask("mqar", {.vocab = 2}), "vocab", "between 4 and 8192", "got 2");
    SEQSCOPE_EXPECT_ERROR(makeTask("mqar", {.vocab = 33}), "vocab", "even");
    SEQSCOPE_EXPECT_ERROR(makeTask("mqar", {.numPairs = 17}), "numPairs", "between 1 and 16", "got 17");
    SEQSCOPE_EXPECT_ERROR(makeTask("mqar", {.numPairs = 5, .numQueries = 6}), "numQueries", "between 1 and 5");
    SEQSCOPE_EXPECT_ERROR(makeTask("copy", {.length = -1}), "'copy'", "length", "between 1 and 1024");
    SEQSCOPE_EXPECT_ERROR(makeTask("copy", {.vocab = 1}), "vocab", "between 2 and 1024");
    SEQSCOPE_EXPECT_ERROR(makeTask("selective_copy", {.length = 5, .numSymbols = 6}), "numSymbols", "between 1 and 5");
    SEQSCOPE_EXPECT_ERROR(makeTask("induction", {.vocab = 2}), "'induction'", "vocab", "between 3 and 1024");
    SEQSCOPE_EXPECT_ERROR(makeTask("induction", {.length = 1}), "length", "between 2 and 4096");
    SEQSCOPE_EXPECT_ERROR(makeTask("addition", {.digits = 33}), "digits", "between 1 and 32");
    SEQSCOPE_EXPECT_ERROR(makeTask("english", {.length = 10}), "'english'", "length", "got 10");
    SEQSCOPE_EXPECT_ERROR(makeTask("sudoku4", {.givens = 17}), "'sudoku4'", "givens", "between 1 and 16");
    SEQSCOPE_EXPECT_ERROR(makeTask("sudoku6", {.gridSize = 9}), "gridSize", "between 6 and 6");
    SEQSCOPE_EXPECT_ERROR(makeTask("maze", {.gridSize = 8}), "'maze'", "gridSize", "odd");
    SEQSCOPE_EXPECT_ERROR(makeTask("maze", {.gridSize = 3}), "gridSize", "between 5 and 63");
    // Valid non-defaults are accepted and change the shape.
    QCOMPARE(makeTask("copy", {.vocab = 60, .length = 3})->maxLength(), 7);
    QCOMPARE(makeTask("copy", {.vocab = 60})->vocabulary().label(59), std::string("s59"));
    QCOMPARE(makeTask("sudoku9", {.gridSize = 9})->maxLength(), 163);
  }
};

QTEST_APPLESS_MAIN(TestTasks)
#include "test_tasks.moc"
