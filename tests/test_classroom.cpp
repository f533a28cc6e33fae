// Classroom-ready: every built-in scene is legible on the screen this test runs with, in the
// window and in presentation mode. ctest runs it twice, on an offscreen screen of 1280x720 (a
// projector) and of 1920x1080 (tests/fixtures/screen-*.json), with the application's own look
// (gui::setUpAppearance: Fusion, 13 pt type). Everything is asserted from the layout the views
// compute (PaneView::layoutFor) and the widgets' geometry, not from pixels:
//  - the window fits the screen (its minimum size too);
//  - every pane's view has at least 40% of the pane's area;
//  - token slots are at least 14 px and all shown; heat-map cells at least 4 px; in
//    presentation mode a 9x9 grid is at least 35% of the screen's height;
//  - no caption, title or meters legend is cut: each label is as tall as its wrapped text;
//  - the meters legend names every pane once, uniquely.
#include <QGuiApplication>
#include <QLabel>
#include <QScreen>

#include "app/gui/gui_main.h"
#include "app/gui/main_window.h"
#include "app/gui/meters_panel.h"
#include "app/gui/pane.h"
#include "app/gui/playback.h"
#include "app/resource_paths.h"
#include "explorer_support.h"
#include "gui_test_main.h"
#include "views/meter_charts.h"

using namespace seqscope;

namespace {

using testing::waitForRuns;

// A word-wrapped label shows all of its text when it is at least as tall as the text needs
// at its width (a label never elides; a layout that squeezes it cuts lines off instead).
QString cutLabel(const QLabel* label) {
  if (!label || !label->isVisible() || label->text().isEmpty()) return {};
  const int need = label->heightForWidth(label->width());
  if (need > label->height() + 1)
    return QStringLiteral("\"%1\" needs %2 px, has %3").arg(label->text().left(60)).arg(need).arg(label->height());
  return {};
}

// What makes a window wider than the screen: the widgets whose minimum width is largest.
QString widestMinimums(const QWidget& w) {
  std::vector<std::pair<int, QString>> all;
  for (const QWidget* c : w.findChildren<QWidget*>())
    if (c->isVisible())
      all.emplace_back(c->minimumSizeHint().width(), QString::fromLatin1(c->metaObject()->className()) + "/" + c->objectName() + "<" + QString::fromLatin1(c->parentWidget()->metaObject()->className()));
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  QStringList out;
  for (std::size_t i = 0; i < all.size() && i < 16; ++i) out << QString("%1 %2").arg(all[i].second).arg(all[i].first);
  return out.join(", ");
}

}  // namespace

class TestClassroom : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    gui::setUpAppearance();
    screen_ = QGuiApplication::primaryScreen()->geometry();
    qInfo("screen %dx%d", screen_.width(), screen_.height());
  }

  void scenesAreLegible_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("present");
    for (const QString& path : builtinScenes())
      for (bool present : {false, true})
        QTest::newRow(qPrintable(QFileInfo(path).baseName() + (present ? " present" : " window")))
            << path << present;
  }
  void scenesAreLegible() {
    QFETCH(QString, path);
    QFETCH(bool, present);
    MainWindow w(path);
    w.setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
    if (present) w.setPresentationMode(true);
    else w.showMaximized();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY2(waitForRuns(w), qPrintable(path));
    // The last frame: its captions are the longest (every fact known).
    w.playback()->seek(w.playback()->lastFrame());
    QTest::qWait(50);
    const QSize min = w.minimumSizeHint();
    QVERIFY2(min.width() <= screen_.width() && min.height() <= screen_.height(),
             qPrintable(QString("minimum %1x%2; widest: %3").arg(min.width()).arg(min.height()).arg(widestMinimums(w))));
    QVERIFY2(w.frameGeometry().width() <= screen_.width() && w.frameGeometry().height() <= screen_.height(),
             qPrintable(QString("window %1x%2").arg(w.width()).arg(w.height())));
    QCOMPARE(cutLabel(w.titleLabel()), QString());

    for (const Pane* pane : w.panes()) {
      const QString where = QFileInfo(path).baseName() + QStringLiteral(" pane %1").arg(pane->index() + 1);
      QVERIFY2(pane->errorText().isEmpty(), qPrintable(where + ": " + pane->errorText()));
      QWidget* view = pane->view()->widget();
      const double share = double(view->width()) * view->height() / (double(pane->width()) * pane->height());
      QVERIFY2(share >= 0.4, qPrintable(where + QString(": the view has %1% of the pane").arg(share * 100, 0, 'f', 0)));
      for (const QLabel* label : pane->findChildren<QLabel*>())
        QVERIFY2(cutLabel(label).isEmpty(), qPrintable(where + ": " + cutLabel(label)));
      const VisualLayout l = pane->view()->layoutFor(view->size());
      const std::string& kind = pane->spec().view;
      const QString sizes = QString(": cell %1 px, %2x%3, view %4x%5")
                                .arg(l.cell).arg(l.rows).arg(l.cols).arg(view->width()).arg(view->height());
      QVERIFY2(l.rows > 0 && l.cols > 0, qPrintable(where + ": nothing laid out"));
      QVERIFY2(l.fits, qPrintable(where + ": cut off" + sizes));
      if (kind == "diffusion") QVERIFY2(l.cell >= 14, qPrintable(where + sizes));
      if (kind == "attention" || kind == "state") QVERIFY2(l.cell >= 4, qPrintable(where + sizes));
      // A 9x9 grid keeps a third of the screen's height; with a narration band (whose text is
      // the lesson too, and which takes two lines) 30% of what the band leaves.
      const int narration = w.narrationLabel()->isVisible() ? w.narrationLabel()->height() : 0;
      const double share9 = narration > 0 ? 0.30 : 0.35;
      if (kind == "refinement" && present && l.rows == 9)
        QVERIFY2(l.cell * 9 >= share9 * (screen_.height() - narration), qPrintable(where + sizes));
    }

    if (w.metersShown()) {
      const QStringList names = w.meters()->charts()->legendNames();
      QCOMPARE(names.size(), int(w.panes().size()));
      QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), names.size());
      for (const QLabel* label : w.meters()->findChildren<QLabel*>())
        QVERIFY2(cutLabel(label).isEmpty(), qPrintable(cutLabel(label)));
    }
  }

  void everySceneAtOneToFourPanes() {
    // View > Panes on every scene: one pane of a diffusion scene once crashed the meters (an
    // all-zero "bytes held" axis). Each count runs, renders the window and an export frame.
    for (const QString& path : builtinScenes()) {
      MainWindow w(path);
      QVERIFY(waitForRuns(w));
      for (int n = 1; n <= Scene::kMaxPanes; ++n) {
        w.setPaneCount(n);
        QCOMPARE(int(w.panes().size()), n);
        QVERIFY2(waitForRuns(w), qPrintable(path));
        for (const Pane* p : w.panes()) QVERIFY2(p->errorText().isEmpty(), qPrintable(p->errorText()));
        QImage frame(640, 360, QImage::Format_RGB32);
        QPainter painter(&frame);
        w.renderScene(painter, frame.size());
      }
    }
  }

 private:
  QRect screen_;
};

SEQSCOPE_GUI_TEST_MAIN(TestClassroom)
#include "test_classroom.moc"
