// RefinementView: the pure grid layout (panel beside or below, cell <-> pixel, box lines) and
// the painted frame checked pixel by pixel on offscreen images: givens, confidence colours,
// changed-cell outlines, wrong-cell corners, maze walls, path and endpoints.
#include <QDir>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>

#include "gui_test_main.h"
#include "views/color_map.h"
#include "views/refinement_geometry.h"
#include "views/refinement_view.h"
#include "views/trace_view_style.h"

using namespace seqscope;

namespace {

RefinementGeometry::Margins someMargins() {
  RefinementGeometry::Margins m;
  m.title = 24;
  m.panelWidth = 200;
  m.panelHeight = 150;
  return m;
}

// 4x4 Sudoku. Frame 0: two wrong digits, at (0,2) and (1,1); frame 1 fixes (1,1) only.
const std::string kSolution4 = "1234341221434321";
const std::string kPuzzle4 = "1..43....1.3...1";
std::shared_ptr<RefinementTrace> sudokuTrace() {
  auto t = std::make_shared<RefinementTrace>();
  t->task = "sudoku4";
  t->modelName = "trm-sudoku4";
  t->rows = t->cols = 4;
  t->puzzle = kPuzzle4;
  t->solution = kSolution4;
  std::string answer = kSolution4;
  answer[2] = '2';
  answer[5] = '2';
  for (int frame = 0; frame < 2; ++frame) {
    RefinementFrame f;
    f.supervisionStep = 0;
    f.cycle = frame;
    if (frame == 1) answer[5] = '4';
    f.answer = answer;
    f.changed.assign(16, 0);
    if (frame == 1) f.changed[5] = 1;
    for (int i = 0; i < 16; ++i) f.confidence.push_back(0.1f + 0.05f * float(i));
    f.haltProbability = frame == 0 ? 0.2f : 0.75f;
    f.yNorm = 3.5f + float(frame);
    f.zNorm = 11.25f;
    t->frames.push_back(f);
  }
  t->halted = true;
  return t;
}

const char* kMaze[] = {"#####", "#S*.#", "#.*##", "#.*G#", "#####"};
std::shared_ptr<RefinementTrace> mazeTrace() {
  auto t = std::make_shared<RefinementTrace>();
  t->task = "maze";
  t->rows = t->cols = 5;
  std::string answer;
  for (const char* row : kMaze) answer += row;
  t->solution = answer;
  for (char& c : answer)
    if (c == '*') c = '.';
  t->puzzle = answer;
  RefinementFrame f;
  f.answer = t->solution;
  f.changed.assign(25, 0);
  f.changed[12] = 1;  // (2, 2)
  f.confidence.assign(25, 0.9f);
  t->frames.push_back(f);
  return t;
}

// Inside a cell, away from its centred text and from its corners.
QPoint fillPoint(const QRectF& cell) {
  return QPoint(int(cell.left() + cell.width() * 0.2), int(cell.bottom() - cell.height() * 0.25));
}

}  // namespace

class TestRefinementView : public QObject {
  Q_OBJECT

 private slots:
  void geometryRoundTrip_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("beside");
    QTest::newRow("9x9 wide") << QSize(960, 540) << 9 << true;
    QTest::newRow("4x4 wide") << QSize(700, 400) << 4 << true;
    QTest::newRow("9x9 tall") << QSize(400, 800) << 9 << false;
    QTest::newRow("maze 21x21 wide") << QSize(1200, 600) << 21 << true;
    QTest::newRow("maze 21x21 tall") << QSize(500, 900) << 21 << false;
  }
  void geometryRoundTrip() {
    QFETCH(QSize, size);
    QFETCH(int, n);
    QFETCH(bool, beside);
    const auto m = someMargins();
    const RefinementGeometry g(size, n, n, m, n == 9 ? 3 : 0, n == 9 ? 3 : 0);
    QCOMPARE(g.panelBeside(), beside);
    QVERIFY(g.cellSize() >= 3);
    QCOMPARE(g.cellSize(), std::floor(g.cellSize()));
    QCOMPARE(g.gridRect().width(), g.cellSize() * n);
    QCOMPARE(g.gridRect().height(), g.cellSize() * n);
    const QRectF inside(m.padding, m.padding, size.width() - 2 * m.padding,
                        size.height() - 2 * m.padding);
    QVERIFY(inside.adjusted(-0.5, -0.5, 0.5, 0.5).contains(g.gridRect()));
    QVERIFY(inside.adjusted(-0.5, -0.5, 0.5, 0.5).contains(g.panelRect()));
    QVERIFY(!g.panelRect().intersects(g.gridRect()));
    QVERIFY(g.titleRect().bottom() <= g.gridRect().top());
    if (beside) {
      QCOMPARE(g.panelRect().left(), g.gridRect().right() + m.gap);
      QCOMPARE(g.panelRect().width(), m.panelWidth);
    } else {
      QCOMPARE(g.panelRect().top(), g.gridRect().bottom() + m.gap);
      QVERIFY(g.panelRect().height() >= m.panelHeight - 0.5);
    }
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c) {
        QCOMPARE(g.cellAt(g.cellCenter(r, c)), (std::optional<RefinementGeometry::Cell>({r, c})));
        QCOMPARE(g.cellAt(g.cellRect(r, c).topLeft()),
                 (std::optional<RefinementGeometry::Cell>({r, c})));
      }
    QVERIFY(!g.cellAt(g.gridRect().topLeft() - QPointF(1, 0)));
    QVERIFY(!g.cellAt(g.gridRect().bottomRight()));
    QVERIFY(!g.cellAt(g.panelRect().center()));
  }

  void geometryPicksTheLargerCells() {
    // Beside and below both computed by hand for a 9x9 grid in 1000 x 500.
    const auto m = someMargins();
    const RefinementGeometry g(QSize(1000, 500), 9, 9, m, 3, 3);
    const double besideCell = std::min((984.0 - 200 - 16) / 9, (484.0 - 24) / 9);
    QVERIFY(g.panelBeside());
    QCOMPARE(g.cellSize(), std::floor(besideCell));
    const RefinementGeometry t(QSize(500, 1000), 9, 9, m, 3, 3);
    QVERIFY(!t.panelBeside());
    QCOMPARE(t.cellSize(), std::floor(std::min(484.0 / 9, (984.0 - 24 - 150 - 16) / 9)));
  }

  void geometryBoxLines() {
    const RefinementGeometry g(QSize(800, 500), 9, 9, someMargins(), 3, 3);
    for (int i = 0; i <= 9; ++i) {
      QCOMPARE(g.isBoxColumnLine(i), i % 3 == 0);
      QCOMPARE(g.isBoxRowLine(i), i % 3 == 0);
    }
    const RefinementGeometry maze(QSize(800, 500), 7, 7, someMargins());
    QVERIFY(maze.isBoxColumnLine(0) && maze.isBoxColumnLine(7));
    QVERIFY(!maze.isBoxColumnLine(3));
  }

  void setFrameClamps() {
    RefinementView view;
    view.setFrame(3);
    QCOMPARE(view.frame(), 0);
    view.setTrace(sudokuTrace());
    view.setFrame(1);
    QCOMPARE(view.frame(), 1);
    view.setFrame(7);
    QCOMPARE(view.frame(), 1);
    view.setFrame(-1);
    QCOMPARE(view.frame(), 0);
    view.setFrame(1);
    view.setTrace(mazeTrace());  // one frame: the kept index clamps
    QCOMPARE(view.frame(), 0);
  }

  void cellStates() {
    RefinementView view;
    view.setTrace(sudokuTrace());
    QCOMPARE(view.boxSize(), 2);
    QVERIFY(!view.isMaze());
    QVERIFY(view.isGiven(0, 0));
    QVERIFY(!view.isGiven(0, 1));
    QVERIFY(view.isWrong(0, 2));
    QVERIFY(view.isWrong(1, 1));
    QCOMPARE(view.correctCells(), 14);
    view.setFrame(1);
    QVERIFY(!view.isWrong(1, 1));
    QCOMPARE(view.correctCells(), 15);
    QVERIFY(view.cellDescription(0, 0).contains("given 1"));
    const QString text = view.cellDescription(0, 2);
    QVERIFY2(text.contains("row 1, column 3"), qPrintable(text));
    QVERIFY2(text.contains("answer \u201c2\u201d"), qPrintable(text));
    QVERIFY2(text.contains("confidence 0.200"), qPrintable(text));
    QVERIFY2(text.contains("the solution has \u201c3\u201d"), qPrintable(text));
    QVERIFY(view.cellDescription(1, 1).contains("changed since previous frame"));
    QVERIFY(view.cellDescription(4, 0).isEmpty());
    // A blank cell is unfinished, not wrong, and not correct either.
    auto blank = sudokuTrace();
    blank->frames[1].answer[6] = '.';
    view.setTrace(blank);
    QVERIFY(!view.isWrong(1, 2));
    QCOMPARE(view.correctCells(), 14);
    auto unknown = sudokuTrace();
    unknown->solution.clear();
    view.setTrace(unknown);
    QVERIFY(!view.isWrong(0, 2));
    QCOMPARE(view.correctCells(), -1);
  }

  void renderSudoku() {
    RefinementView view;
    view.setTrace(sudokuTrace());
    view.setFrame(1);
    const TraceViewStyle style(view.palette());
    for (const QSize size : {QSize(960, 540), QSize(420, 760)}) {
      const QImage image = view.renderToImage(size);
      const RefinementGeometry g = view.geometryFor(size);
      QCOMPARE(g.panelBeside(), size.width() > size.height());
      QVERIFY(g.cellSize() >= 40);
      auto at = [&](QPoint p) { return QColor(image.pixel(p)); };
      // Givens on the neutral tint, the model's digits in the colour of their confidence.
      QCOMPARE(at(fillPoint(g.cellRect(0, 0))), style.contextFill());
      QCOMPARE(at(fillPoint(g.cellRect(3, 3))), style.contextFill());
      for (auto [r, c] : {std::pair{1, 2}, std::pair{2, 2}, std::pair{3, 0}}) {
        const float conf = view.trace()->frames[1].confidence[std::size_t(r * 4 + c)];
        QCOMPARE(at(fillPoint(g.cellRect(r, c))), ColorMap::viridis().color(conf, 0, 1));
      }
      // The cell changed in this frame is outlined; an unchanged one is not.
      const QRectF changed = g.cellRect(1, 1), same = g.cellRect(1, 2);
      const int in = int(std::max(2.0, std::round(g.cellSize() / 12)) / 2) + 2;
      QCOMPARE(at(QPoint(int(changed.left()) + in, int(changed.center().y()))),
               TraceViewStyle::changedOutline());
      QVERIFY(at(QPoint(int(same.left()) + in, int(same.center().y()))) !=
              TraceViewStyle::changedOutline());
      // The wrong cell has a red corner; a right one keeps its fill there.
      const QRectF wrong = g.cellRect(0, 2), right = g.cellRect(2, 2);
      QCOMPARE(at(QPoint(int(wrong.right()) - 4, int(wrong.top()) + 4)),
               TraceViewStyle::wrongMark());
      QCOMPARE(at(QPoint(int(right.right()) - 4, int(right.top()) + 4)),
               ColorMap::viridis().color(view.trace()->frames[1].confidence[10], 0, 1));
      // A box line (thick, text colour) between columns 1 and 2, a thin one between 0 and 1.
      const QPointF boxLine(g.cellRect(2, 2).left(), g.cellCenter(2, 2).y() + g.cellSize() * 0.3);
      QCOMPARE(at(boxLine.toPoint()), style.text());
      QVERIFY(at(QPointF(g.cellRect(2, 1).left(), boxLine.y()).toPoint()) != style.text());
    }
  }

  void haltingBarFollowsTheProbability() {
    // The bar's fill grows with the probability: count its pixels in two frames.
    RefinementView view;
    view.setTrace(sudokuTrace());
    const QSize size(960, 540);
    auto barPixels = [&](int frame) {
      view.setFrame(frame);
      const QImage image = view.renderToImage(size);
      const QRect panel = view.geometryFor(size).panelRect().toAlignedRect();
      int n = 0;
      for (int y = panel.top(); y < panel.bottom(); ++y)
        for (int x = panel.left(); x < panel.right(); ++x)
          n += QColor(image.pixel(x, y)) == RefinementView::haltBarColor();
      return n;
    };
    const int low = barPixels(0), high = barPixels(1);  // p = 0.2, then 0.75
    QVERIFY(low > 0);
    QVERIFY2(std::abs(double(high) / low - 0.75 / 0.2) < 0.3,
             qPrintable(QString("%1 vs %2").arg(high).arg(low)));
  }

  void renderMaze() {
    RefinementView view;
    view.setTrace(mazeTrace());
    QVERIFY(view.isMaze());
    QCOMPARE(view.boxSize(), 0);
    for (const QSize size : {QSize(960, 540), QSize(400, 700)}) {
      const QImage image = view.renderToImage(size);
      const RefinementGeometry g = view.geometryFor(size);
      auto at = [&](QPointF p) { return QColor(image.pixel(p.toPoint())); };
      QCOMPARE(at(g.cellCenter(0, 0)), RefinementView::wallColor());
      QCOMPARE(at(g.cellCenter(2, 3)), RefinementView::wallColor());
      QCOMPARE(at(g.cellCenter(1, 3)), RefinementView::openColor());
      QCOMPARE(at(g.cellCenter(3, 1)), RefinementView::openColor());
      QCOMPARE(at(g.cellCenter(1, 2)), RefinementView::pathColor());
      QCOMPARE(at(g.cellCenter(3, 2)), RefinementView::pathColor());
      // The path joins neighbours: half-way between (1,2) and (2,2) is path too, while the
      // open cell (1,3) next to the path is not joined to it.
      QCOMPARE(at((g.cellCenter(1, 2) + g.cellCenter(2, 2)) / 2), RefinementView::pathColor());
      QCOMPARE(at(g.cellRect(1, 3).center() + QPointF(g.cellSize() * 0.3, 0)),
               RefinementView::openColor());
      QCOMPARE(at(fillPoint(g.cellRect(1, 1))), RefinementView::startColor());
      QCOMPARE(at(fillPoint(g.cellRect(3, 3))), RefinementView::goalColor());
      QVERIFY(view.cellDescription(2, 2).contains("changed"));
    }
    QCOMPARE(view.correctCells(), 25);
  }

  void darkPaletteAndFontScale() {
    RefinementView view;
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    view.setPalette(dark);
    view.setTrace(sudokuTrace());
    const QSize size(960, 540);
    const QImage image = view.renderToImage(size);
    const RefinementGeometry g = view.geometryFor(size);
    QCOMPARE(QColor(image.pixel(2, 2)), dark.color(QPalette::Window));
    QVERIFY(ColorMap::lightness(image.pixel(fillPoint(g.cellRect(0, 0)))) < 40);  // given tint
    QCOMPARE(QColor(image.pixel(fillPoint(g.cellRect(1, 2)))),
             ColorMap::viridis().color(view.trace()->frames[0].confidence[6], 0, 1));
    // Where the panel has room for its lines, the font scale scales it; where it has not, its
    // type gives way to the grid (panelShrink) and the cells stay as large as they were.
    const QSize roomy(1920, 1080);
    const RefinementGeometry normal = view.geometryFor(roomy);
    view.setFontScale(2);
    const RefinementGeometry large = view.geometryFor(roomy);
    QVERIFY(large.gridRect().top() > normal.gridRect().top());
    QVERIFY(large.panelRect().width() > 1.7 * (normal.panelRect().width()));
    QVERIFY(view.geometryFor(size).cellSize() >= 0.9 * g.cellSize());
  }

  void cacheAndWidgetMatchRender() {
    RefinementView view;
    view.setTrace(sudokuTrace());
    view.resize(700, 420);
    view.grab();
    view.setFrame(0);
    view.grab();
    QCOMPARE(view.cacheRedraws(), 1);
    view.setFrame(1);
    const QImage shown = view.grab().toImage();
    QCOMPARE(view.cacheRedraws(), 2);
    const QImage rendered = view.renderToImage(view.size());
    const QPoint p = fillPoint(view.geometryFor(view.size()).cellRect(2, 2));
    QCOMPARE(shown.pixel(p), rendered.pixel(p));
  }

  void hoverReportsTheCellUnderTheMouse() {
    RefinementView view;
    view.setTrace(sudokuTrace());
    view.resize(700, 420);
    QSignalSpy spy(&view, &RefinementView::cellHovered);
    auto moveTo = [&](QPointF pos) {
      QMouseEvent move(QEvent::MouseMove, pos, view.mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
                       Qt::NoModifier);
      QCoreApplication::sendEvent(&view, &move);
    };
    const RefinementGeometry g = view.geometryFor(view.size());
    moveTo(g.cellCenter(2, 3));
    moveTo(g.panelRect().center());
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(0).at(0).toInt(), 2);
    QCOMPARE(spy.at(0).at(1).toInt(), 3);
    QCOMPARE(spy.at(1).at(0).toInt(), -1);
  }

  void inconsistentFramesAreDrawnWithoutReadingPastThem() {
    auto t = std::make_shared<RefinementTrace>();
    t->task = "sudoku9";
    t->rows = t->cols = 3;  // not a 9x9 grid: no boxes
    t->puzzle = std::string(1, '1');  // not = "1": GCC 12 -Wrestrict false positive
    t->solution = "12";
    RefinementFrame f;
    f.answer = "1234";
    f.changed.assign(20, 1);
    t->frames.push_back(f);
    RefinementView view;
    view.setTrace(t);
    QCOMPARE(view.boxSize(), 0);
    QVERIFY(view.isGiven(0, 0));
    QCOMPARE(view.correctCells(), 2);  // cells past the solution compare as unknown
    QVERIFY(!view.isWrong(2, 2));
    QVERIFY(view.cellDescription(1, 0).contains("answer \u201c4\u201d"));
    const QSize size(500, 300);
    const QImage image = view.renderToImage(size);
    const RefinementGeometry g = view.geometryFor(size);
    QCOMPARE(QColor(image.pixel(fillPoint(g.cellRect(0, 1)))), ColorMap::viridis().color(0, 0, 1));
  }

  void placeholderWithoutTrace() {
    RefinementView view;
    const QImage image = view.renderToImage(QSize(300, 200));
    const int bg = qGray(view.palette().color(QPalette::Window).rgb());
    bool anyText = false;
    for (int y = 0; y < image.height() && !anyText; ++y)
      for (int x = 0; x < image.width() && !anyText; ++x)
        anyText = std::abs(qGray(image.pixel(x, y)) - bg) > 100;
    QVERIFY(anyText);
    QVERIFY(view.cellDescription(0, 0).isEmpty());
  }

  // A 9x9 Sudoku and a maze as review images; written to $SEQSCOPE_VIEW_PNG_DIR if set.
  void reviewImages() {
    auto t = std::make_shared<RefinementTrace>();
    t->task = "sudoku9";
    t->modelName = "trm-sudoku9";
    t->rows = t->cols = 9;
    t->puzzle = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79";
    t->solution =
        "534678912672195348198342567859761423426853791713924856961537284287419635345286179";
    std::string answer = t->puzzle;
    for (int frame = 0; frame < 6; ++frame) {
      RefinementFrame f;
      f.supervisionStep = frame / 3;
      f.cycle = frame % 3;
      const std::string before = answer;
      for (std::size_t i = 0; i < answer.size(); ++i) {
        if (t->puzzle[i] != '.') continue;
        // Fill progressively, with a few wrong digits fixed in later frames.
        if ((i * 7 + std::size_t(frame) * 13) % 6 < std::size_t(frame + 1))
          answer[i] =
              (i % 11 == 0 && frame < 4) ? char('1' + (t->solution[i] - '0') % 9) : t->solution[i];
      }
      f.answer = answer;
      for (std::size_t i = 0; i < answer.size(); ++i) {
        f.changed.push_back(answer[i] != before[i]);
        f.confidence.push_back(float(0.3 + 0.1 * frame + 0.1 * double(i % 3)));
      }
      f.haltProbability = 0.15f * float(frame + 1);
      f.yNorm = 10.f + frame;
      f.zNorm = 30.f - frame;
      t->frames.push_back(f);
    }
    RefinementView view;
    view.setTrace(t);
    view.setFrame(3);
    QVERIFY(view.correctCells() > 0);
    QVERIFY(view.geometryFor(QSize(960, 540)).cellSize() >= 40);
    auto maze = std::make_shared<RefinementTrace>();
    maze->task = "maze";
    maze->rows = maze->cols = 11;
    const char* rows[] = {"###########", "#S..#.....#", "#*#.#.###.#", "#*#...#...#",
                          "#*#####.###", "#***#...#.#", "###*#.#.#.#", "#..*..#...#",
                          "#.#*#####.#", "#.#*****G.#", "###########"};
    for (const char* r : rows) maze->solution += r;
    maze->puzzle = maze->solution;
    for (char& c : maze->puzzle)
      if (c == '*') c = '.';
    RefinementFrame f;
    f.answer = maze->solution;
    f.answer[std::size_t(9 * 11 + 5)] = '.';  // one path cell missing: marked wrong
    f.changed.assign(f.answer.size(), 0);
    f.changed[std::size_t(9 * 11 + 4)] = 1;
    f.confidence.assign(f.answer.size(), 0.8f);
    f.haltProbability = 0.9f;
    maze->frames.push_back(f);
    maze->halted = true;
    RefinementView mazeView;
    mazeView.setTrace(maze);
    QCOMPARE(mazeView.correctCells(), 120);
    const QString dir = qEnvironmentVariable("SEQSCOPE_VIEW_PNG_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QVERIFY(view.renderToImage(QSize(960, 540)).save(dir + "/refinement_sudoku_960x540.png"));
    QVERIFY(view.renderToImage(QSize(480, 760)).save(dir + "/refinement_sudoku_480x760.png"));
    QVERIFY(mazeView.renderToImage(QSize(960, 540)).save(dir + "/refinement_maze_960x540.png"));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    view.setPalette(dark);
    mazeView.setPalette(dark);
    QVERIFY(view.renderToImage(QSize(960, 540)).save(dir + "/refinement_sudoku_dark_960x540.png"));
    QVERIFY(
        mazeView.renderToImage(QSize(960, 540)).save(dir + "/refinement_maze_dark_960x540.png"));
    view.setFontScale(2);
    QVERIFY(
        view.renderToImage(QSize(1920, 1080)).save(dir + "/refinement_sudoku_large_1920x1080.png"));
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestRefinementView)
#include "test_refinement_view.moc"
