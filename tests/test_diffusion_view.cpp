// DiffusionView: the pure slot layout (wrapping, slot <-> pixel, hit testing) and the painted
// frame checked pixel by pixel on offscreen images: prompt, masked and committed slots, the
// confidence colour, the outline of the slots committed at the shown step.
#include <QDir>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>

#include "gui_test_main.h"
#include "views/color_map.h"
#include "views/diffusion_geometry.h"
#include "views/diffusion_view.h"
#include "views/trace_view_style.h"

using namespace seqscope;

namespace {

DiffusionGeometry::Margins someMargins() {
  DiffusionGeometry::Margins m;
  m.header = 24;
  m.legend = 40;
  return m;
}

// "2+3=" then 6 answer slots in blocks of 3, unmasked over three steps:
//   step 1 commits 4 (0.9) and 6 (0.3); step 2 commits 5 (0.6); step 3 commits 7, 8, 9.
constexpr int kMask = 12;
std::shared_ptr<GenerationTrace> handMadeTrace() {
  auto t = std::make_shared<GenerationTrace>();
  t->sampler = "diffusion";
  t->modelName = "hand-made";
  t->promptLength = 4;
  t->generationLength = 6;
  t->blockLength = 3;
  t->maskId = kMask;
  t->vocabulary = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "=", "[M]", " "};
  const std::vector<int> finalTokens = {2, 10, 3, 11, 5, 13, 0, 0, 1, 13};
  const std::vector<float> finalConfidence = {1, 1, 1, 1, 0.9f, 0.6f, 0.3f, 0.95f, 0.5f, 0.2f};
  const std::vector<std::vector<int>> commits = {{}, {4, 6}, {5}, {7, 8, 9}};
  std::vector<std::uint8_t> masked = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  for (int step = 0; step < 4; ++step) {
    GenerationFrame f;
    f.step = step;
    f.nfe = 2 * step;
    f.committed = commits[std::size_t(step)];
    for (int pos : f.committed) masked[std::size_t(pos)] = 0;
    f.masked = masked;
    for (int pos = 0; pos < 10; ++pos) {
      f.tokens.push_back(masked[std::size_t(pos)] ? kMask : finalTokens[std::size_t(pos)]);
      f.confidence.push_back(masked[std::size_t(pos)] ? 0.15f : finalConfidence[std::size_t(pos)]);
    }
    t->frames.push_back(f);
  }
  return t;
}

// A point inside a slot clear of its text (centre), step number (top right) and outline.
QPoint fillPoint(const QRectF& slot) {
  return QPoint(int(slot.left() + slot.width() * 0.2), int(slot.bottom() - slot.height() * 0.2));
}

bool isNeutralGrey(QRgb c) {
  return std::abs(qRed(c) - qGreen(c)) <= 2 && std::abs(qGreen(c) - qBlue(c)) <= 2;
}

QPalette darkPalette() {
  QPalette pal;
  pal.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
  pal.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
  return pal;
}

}  // namespace

class TestDiffusionView : public QObject {
  Q_OBJECT

 private slots:
  void geometryRoundTripAndWrapping_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("count");
    QTest::addColumn<double>("aspect");
    QTest::newRow("few slots, one row") << QSize(960, 540) << 12 << 1.0;
    QTest::newRow("wraps") << QSize(400, 500) << 40 << 1.0;
    QTest::newRow("wide tokens") << QSize(700, 400) << 30 << 2.5;
    QTest::newRow("many small") << QSize(640, 360) << 1000 << 1.0;
    QTest::newRow("narrow column") << QSize(120, 800) << 25 << 1.0;
  }
  void geometryRoundTripAndWrapping() {
    QFETCH(QSize, size);
    QFETCH(int, count);
    QFETCH(double, aspect);
    const auto m = someMargins();
    const DiffusionGeometry g(size, count, m, {aspect, 56});
    QVERIFY(g.fits());
    QVERIFY(g.columns() >= 1);
    QCOMPARE(g.rows(), (count + g.columns() - 1) / g.columns());
    QCOMPARE(g.slotWidth(), std::max(1.0, std::round(g.slotHeight() * aspect)));
    QVERIFY(g.slotHeight() <= 56);
    // Below the header and legend, inside the widget.
    QVERIFY(g.gridRect().top() >= m.padding + m.header + m.legend + m.gap - 0.5);
    QVERIFY(g.gridRect().left() >= m.padding - 0.5);
    QVERIFY(g.gridRect().right() <= size.width() - m.padding + 0.5);
    QVERIFY(g.gridRect().bottom() <= size.height() - m.padding + 0.5);
    QVERIFY(g.headerRect().bottom() <= g.legendRect().top());
    QVERIFY(g.legendRect().bottom() <= g.gridRect().top());
    for (int i = 0; i < count; i += std::max(1, count / 37)) {
      const QRectF r = g.slotRect(i);
      QVERIFY(g.gridRect().contains(r));
      QCOMPARE(g.slotAt(g.slotCenter(i)), std::optional<int>(i));
      QCOMPARE(g.slotAt(r.topLeft()), std::optional<int>(i));
      // Reading order: left to right, then the next row starts under the first slot.
      QCOMPARE(g.rowOf(i), i / g.columns());
      if (i + g.columns() < count) {
        QCOMPARE(g.slotRect(i + g.columns()).left(), r.left());
        QCOMPARE(g.slotRect(i + g.columns()).top(), r.top() + g.slotHeight() + g.spacing());
      }
      if (g.columnOf(i) + 1 < g.columns() && i + 1 < count) {
        QCOMPARE(g.slotRect(i + 1).left(), r.right() + g.spacing());
        // The spacing between two slots belongs to neither.
        QVERIFY(!g.slotAt(QPointF(r.right() + g.spacing() / 2, r.center().y())));
      }
    }
    // Past the last slot of a partly filled last row, and outside the grid: nothing.
    if (count % g.columns() != 0)
      QVERIFY(!g.slotAt(g.slotCenter(count - 1) + QPointF(g.slotWidth() + g.spacing(), 0)));
    QVERIFY(!g.slotAt(g.gridRect().topLeft() - QPointF(1, 1)));
    QVERIFY(!g.slotAt(QPointF(g.gridRect().left(), g.gridRect().bottom() + 1)));
  }

  void geometrySlotSize() {
    // Few slots in a big widget: the largest slots; more slots: smaller, still fitting.
    const DiffusionGeometry few(QSize(960, 540), 10, someMargins(), {1.0, 56});
    QCOMPARE(few.slotHeight(), 56.0);
    QCOMPARE(few.rows(), 1);
    QCOMPARE(few.columns(), 10);
    QCOMPARE(few.spacing(), 7.0);
    const DiffusionGeometry many(QSize(960, 540), 400, someMargins(), {1.0, 56});
    QVERIFY(many.slotHeight() < 56);
    QVERIFY(many.rows() > 1);
    // The next larger slot would not have fitted (the height is the largest possible).
    const double h = many.slotHeight() + 1, s = std::max(1.0, std::round(h / 8));
    const int cols = int(std::floor((960 - 16 + s) / (h + s)));
    const int rows = (400 + cols - 1) / cols;
    QVERIFY(rows * (h + s) - s > 540 - 16 - 24 - 40 - 10);
    // Far too many slots: reported, not hidden.
    QVERIFY(!DiffusionGeometry(QSize(100, 100), 100000, someMargins(), {1.0, 56}).fits());
    QCOMPARE(DiffusionGeometry(QSize(400, 300), 0, someMargins(), {1.0, 56}).slotAt({200, 150}),
             std::nullopt);
  }

  void setFrameClamps() {
    DiffusionView view;
    QCOMPARE(view.frame(), 0);
    view.setFrame(5);  // no trace
    QCOMPARE(view.frame(), 0);
    view.setTrace(handMadeTrace());
    QCOMPARE(view.frameCount(), 4);
    view.setFrame(2);
    QCOMPARE(view.frame(), 2);
    view.setFrame(99);
    QCOMPARE(view.frame(), 3);
    view.setFrame(-4);
    QCOMPARE(view.frame(), 0);
    // A shorter trace clamps the kept index.
    view.setFrame(3);
    auto shorter = handMadeTrace();
    shorter->frames.resize(2);
    view.setTrace(shorter);
    QCOMPARE(view.frame(), 1);
    view.setTrace(nullptr);
    QCOMPARE(view.frame(), 0);
    QCOMPARE(view.slotCount(), 0);
  }

  void commitOrder() {
    DiffusionView view;
    view.setTrace(handMadeTrace());
    QCOMPARE(view.slotCount(), 10);
    view.setFrame(2);
    QCOMPARE(view.commitFrameOf(0), -1);  // prompt
    QCOMPARE(view.commitFrameOf(4), 1);
    QCOMPARE(view.commitFrameOf(6), 1);
    QCOMPARE(view.commitFrameOf(5), 2);
    QCOMPARE(view.commitFrameOf(7), -1);  // committed only at step 3, not shown yet
    view.setFrame(3);
    QCOMPARE(view.commitFrameOf(7), 3);
    const QString text = view.slotDescription(5);
    QVERIFY2(text.contains("(answer slot 1), block 0"), qPrintable(text));
    QVERIFY2(text.contains("token \u201c\u2423\u201d"), qPrintable(text));  // a visible space
    QVERIFY2(text.contains("confidence 0.600"), qPrintable(text));
    QVERIFY2(text.contains("committed at step 2"), qPrintable(text));
    QVERIFY(!text.contains("this step"));
    QVERIFY(view.slotDescription(9).contains("committed at step 3 (this step)"));
    QVERIFY(view.slotDescription(1).contains("prompt"));
    view.setFrame(0);
    QVERIFY(view.slotDescription(8).contains("masked"));
    QVERIFY(view.slotDescription(8).contains("0.150"));
    QVERIFY(view.slotDescription(10).isEmpty());
  }

  void autoregressiveTraceWithoutCommittedLists() {
    // AR frames hold only the tokens made so far and list nothing in `committed`: the slots
    // still to come count as not generated, and the commit step comes from the frames.
    auto t = std::make_shared<GenerationTrace>();
    t->sampler = "ar";
    t->promptLength = 2;
    t->generationLength = 3;
    t->vocabulary = {"a", "b", "c"};
    for (int step = 0; step <= 3; ++step) {
      GenerationFrame f;
      f.step = step;
      f.nfe = step;
      for (int pos = 0; pos < 2 + step; ++pos) {
        f.tokens.push_back(pos % 3);
        f.confidence.push_back(0.5f);
      }
      t->frames.push_back(f);
    }
    DiffusionView view;
    view.setTrace(t);
    QCOMPARE(view.slotCount(), 5);
    view.setFrame(2);
    QCOMPARE(view.commitFrameOf(2), 1);
    QCOMPARE(view.commitFrameOf(3), 2);
    QCOMPARE(view.commitFrameOf(4), -1);
    QVERIFY(view.slotDescription(4).contains("not generated yet"));
    const QSize size(600, 300);
    const QImage image = view.renderToImage(size);
    const DiffusionGeometry g = view.geometryFor(size);
    QVERIFY(isNeutralGrey(image.pixel(fillPoint(g.slotRect(4)))));
    QCOMPARE(QColor(image.pixel(fillPoint(g.slotRect(3)))), ColorMap::viridis().color(0.5, 0, 1));
  }

  void renderShowsSlotStates() {
    DiffusionView view;
    view.setTrace(handMadeTrace());
    view.setFrame(2);
    // A wide pane (one row) and a narrow one (the slots wrap).
    for (const QSize size : {QSize(960, 540), QSize(330, 420)}) {
      const QImage image = view.renderToImage(size);
      const DiffusionGeometry g = view.geometryFor(size);
      QVERIFY(g.slotHeight() >= 24);
      if (size.width() < 400) QVERIFY(g.rows() > 1);
      const TraceViewStyle style(view.palette());
      QCOMPARE(QColor(image.pixel(fillPoint(g.slotRect(1)))), style.contextFill());  // prompt
      for (int pos : {4, 5, 6}) {  // committed: viridis of the confidence
        const float conf = view.trace()->frames[2].confidence[std::size_t(pos)];
        QCOMPARE(QColor(image.pixel(fillPoint(g.slotRect(pos)))),
                 ColorMap::viridis().color(conf, 0, 1));
      }
      QVERIFY(image.pixel(fillPoint(g.slotRect(4))) != image.pixel(fillPoint(g.slotRect(6))));
      for (int pos : {7, 8, 9}) {  // masked: neutral grey (fill or hatching), no map colour
        const QRgb c = image.pixel(fillPoint(g.slotRect(pos)));
        QVERIFY2(isNeutralGrey(c), qPrintable(QColor(c).name()));
        QVERIFY(QColor(c) == TraceViewStyle::maskedFill() ||
                QColor(c) == TraceViewStyle::maskedHatch());
      }
      // Slot 5 was committed at this step: outlined; slot 4 (an earlier step) is not.
      auto edge = [&](int pos) {
        const QRectF r = g.slotRect(pos);
        return QColor(image.pixel(QPoint(int(r.left()) + 1, int(r.center().y()))));
      };
      QCOMPARE(edge(5), TraceViewStyle::changedOutline());
      QCOMPARE(edge(4), ColorMap::viridis().color(0.9f, 0, 1));
      // A bar in the gap before the second block (position 7), when not at a row start.
      if (g.columnOf(7) > 0) {
        const QRectF r7 = g.slotRect(7);
        QCOMPARE(
            QColor(image.pixel(QPoint(int(r7.left() - g.spacing() / 2), int(r7.center().y())))),
            style.text());
      }
      // Between the other slots: the background.
      const QRectF r4 = view.geometryFor(size).slotRect(4);
      if (g.columnOf(4) + 1 < g.columns())
        QCOMPARE(
            QColor(image.pixel(QPoint(int(r4.right() + g.spacing() / 2), int(r4.center().y())))),
            style.background());
    }
  }

  void darkPaletteKeepsDataColours() {
    DiffusionView view;
    view.setPalette(darkPalette());
    view.setTrace(handMadeTrace());
    view.setFrame(2);
    const QSize size(800, 450);
    const QImage image = view.renderToImage(size);
    const DiffusionGeometry g = view.geometryFor(size);
    QCOMPARE(QColor(image.pixel(2, 2)), darkPalette().color(QPalette::Window));
    const QColor prompt(image.pixel(fillPoint(g.slotRect(0))));
    QVERIFY(ColorMap::lightness(prompt.rgb()) < 40);  // a dark tint, not the light one
    QVERIFY(prompt != darkPalette().color(QPalette::Window));
    QCOMPARE(QColor(image.pixel(fillPoint(g.slotRect(4)))), ColorMap::viridis().color(0.9f, 0, 1));
    // The header text is drawn in the palette's light text colour.
    bool anyLight = false;
    const QRect header = g.headerRect().toAlignedRect();
    for (int y = header.top(); y < header.bottom() && !anyLight; ++y)
      for (int x = header.left(); x < header.right() && !anyLight; ++x)
        anyLight = qGray(image.pixel(x, y)) > 180;
    QVERIFY(anyLight);
  }

  void fontScaleEnlargesEverything() {
    DiffusionView view;
    view.setTrace(handMadeTrace());
    const QSize size(1600, 900);
    const DiffusionGeometry normal = view.geometryFor(size);
    view.setFontScale(2.0);
    QCOMPARE(view.fontScale(), 2.0);
    const DiffusionGeometry large = view.geometryFor(size);
    QVERIFY(large.headerRect().height() > 1.7 * normal.headerRect().height());
    QVERIFY(large.legendRect().height() > 1.7 * normal.legendRect().height());
    QVERIFY(large.slotHeight() > 1.7 * normal.slotHeight());
    view.setFontScale(100);
    QCOMPARE(view.fontScale(), 4.0);
  }

  void cacheAndWidgetMatchRender() {
    DiffusionView view;
    view.setTrace(handMadeTrace());
    view.resize(700, 400);
    view.grab();
    QCOMPARE(view.cacheRedraws(), 1);
    view.grab();
    view.setFrame(0);  // unchanged frame: no redraw
    view.grab();
    QCOMPARE(view.cacheRedraws(), 1);
    view.setFrame(3);
    const QImage shown = view.grab().toImage();
    QCOMPARE(view.cacheRedraws(), 2);
    const QImage rendered = view.renderToImage(view.size());
    const QPoint p = fillPoint(view.geometryFor(view.size()).slotRect(8));
    QCOMPARE(shown.pixel(p), rendered.pixel(p));
  }

  void hoverReportsTheSlotUnderTheMouse() {
    DiffusionView view;
    view.setTrace(handMadeTrace());
    view.resize(600, 300);
    QSignalSpy spy(&view, &DiffusionView::slotHovered);
    auto moveTo = [&](QPointF pos) {
      QMouseEvent move(QEvent::MouseMove, pos, view.mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
                       Qt::NoModifier);
      QCoreApplication::sendEvent(&view, &move);
    };
    const DiffusionGeometry g = view.geometryFor(view.size());
    moveTo(g.slotCenter(6));
    moveTo(g.slotCenter(6) + QPointF(1, 1));  // same slot: no second signal
    moveTo(g.slotCenter(2));
    moveTo(QPointF(2, 2));  // off the slots
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.at(0).at(0).toInt(), 6);
    QCOMPARE(spy.at(1).at(0).toInt(), 2);
    QCOMPARE(spy.at(2).at(0).toInt(), -1);
  }

  void inconsistentFramesAreDrawnWithoutReadingPastThem() {
    // A trace from an older or buggy writer: vectors of different lengths, positions out of
    // range. The view shows what it can (valgrind/ASan runs of this test catch overreads).
    auto t = std::make_shared<GenerationTrace>();
    t->sampler = "diffusion";
    t->promptLength = 2;
    t->generationLength = 6;
    t->maskId = 99;  // beyond the vocabulary
    t->vocabulary = {"x", "y"};
    GenerationFrame f;
    f.tokens = {0, 1, 5, 99};
    f.masked = {0, 0, 0};
    f.confidence = {0.5f};
    f.committed = {2, 42, -3};
    t->frames.push_back(f);
    DiffusionView view;
    view.setTrace(t);
    QCOMPARE(view.slotCount(), 8);
    QCOMPARE(view.commitFrameOf(2), 0);
    QVERIFY(view.slotDescription(2).contains("#5"));  // unknown id shown as its number
    QVERIFY(view.slotDescription(7).contains("masked"));
    const QSize size(500, 300);
    const QImage image = view.renderToImage(size);
    // Slot 2 has no confidence: drawn as the lowest one rather than left out.
    QCOMPARE(QColor(image.pixel(fillPoint(view.geometryFor(size).slotRect(2)))),
             ColorMap::viridis().color(0, 0, 1));
  }

  void placeholderWithoutTrace() {
    DiffusionView view;
    view.setPlaceholder("Waiting for the sampler");
    const QImage image = view.renderToImage(QSize(300, 200));
    const QColor text = view.palette().color(QPalette::WindowText);
    bool anyText = false;
    for (int y = 0; y < image.height() && !anyText; ++y)
      for (int x = 0; x < image.width() && !anyText; ++x)
        anyText = std::abs(qGray(image.pixel(x, y)) - qGray(text.rgb())) < 40;
    QVERIFY(anyText);
    auto empty = std::make_shared<GenerationTrace>();  // a run that made no frame yet
    view.setTrace(empty);
    QCOMPARE(view.frameCount(), 0);
    QVERIFY(view.slotDescription(0).isEmpty());
    view.renderToImage(QSize(300, 200));  // must not touch a frame
  }

  // Renders review images of a longer generation; written to $SEQSCOPE_VIEW_PNG_DIR if set.
  void longerGenerationFitsAndIsSaved() {
    auto t = std::make_shared<GenerationTrace>();
    t->sampler = "diffusion";
    t->modelName = "english-mamba2";
    const std::string prompt = "Once upon a time, ";
    const std::string answer = "there was a little cat who lived by the sea.";
    t->promptLength = int(prompt.size());
    t->generationLength = int(answer.size());
    t->blockLength = 16;
    t->maskId = 128;
    for (int c = 0; c < 128; ++c) t->vocabulary.push_back(std::string(1, char(c)));
    t->vocabulary.push_back("[M]");
    const std::string text = prompt + answer;
    std::vector<std::uint8_t> masked(text.size(), 0);
    for (std::size_t i = prompt.size(); i < text.size(); ++i) masked[i] = 1;
    const int perStep = 4;
    for (int step = 0, done = 0; done < int(answer.size()) || step == 0; ++step) {
      GenerationFrame f;
      f.step = step;
      f.nfe = step;
      if (step > 0) {
        // Blockwise, in a scrambled order inside each block (as low-confidence remasking does).
        for (int k = 0; k < perStep && done < int(answer.size()); ++k) {
          const int blockStart = t->promptLength + (done / t->blockLength) * t->blockLength;
          const int blockEnd = std::min(int(text.size()), blockStart + t->blockLength);
          // The (done * 7)-th still-masked slot of the block, cyclically.
          std::vector<int> open;
          for (int pos = blockStart; pos < blockEnd; ++pos)
            if (masked[std::size_t(pos)]) open.push_back(pos);
          const int pos = open[std::size_t(done * 7) % open.size()];
          masked[std::size_t(pos)] = 0;
          f.committed.push_back(pos);
          ++done;
          if (done % t->blockLength == 0) break;  // a block ends: the next step starts the next
        }
      }
      f.masked = masked;
      for (std::size_t i = 0; i < text.size(); ++i) {
        f.tokens.push_back(masked[i] ? 128 : int(text[i]));
        const double wave = std::sin(double(i));
        f.confidence.push_back(masked[i] ? 0.2f : float(0.35 + 0.6 * wave * wave));
      }
      t->frames.push_back(f);
    }
    DiffusionView view;
    view.setTrace(t);
    view.setFrame(view.frameCount() / 2);
    QVERIFY(view.geometryFor(QSize(960, 540)).fits());
    QVERIFY(view.geometryFor(QSize(480, 540)).fits());
    const QString dir = qEnvironmentVariable("SEQSCOPE_VIEW_PNG_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QVERIFY(view.renderToImage(QSize(960, 540)).save(dir + "/diffusion_960x540.png"));
    QVERIFY(view.renderToImage(QSize(480, 540)).save(dir + "/diffusion_480x540.png"));
    view.setFontScale(2);
    QVERIFY(view.renderToImage(QSize(1920, 1080)).save(dir + "/diffusion_large_1920x1080.png"));
    view.setFontScale(1);
    view.setPalette(darkPalette());
    QVERIFY(view.renderToImage(QSize(960, 540)).save(dir + "/diffusion_dark_960x540.png"));
    auto small = handMadeTrace();
    DiffusionView handMade;
    handMade.setTrace(small);
    handMade.setFrame(2);
    QVERIFY(handMade.renderToImage(QSize(960, 540)).save(dir + "/diffusion_handmade_960x540.png"));
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestDiffusionView)
#include "test_diffusion_view.moc"
