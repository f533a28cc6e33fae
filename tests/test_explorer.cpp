// The explorer window end to end, offscreen, on the shipped models: every built-in scene
// opens and plays to its end; the transport keeps panes in sync; scrubbing to frame k shows
// exactly what playing to k shows; scenes round-trip through the window; a malformed scene or
// a missing model is an error message in the window, which keeps working; a long run can be
// cancelled; presentation mode is keyboard only.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "app/gui/formula_line.h"
#include "app/gui/main_window.h"
#include "app/gui/pane_caption.h"
#include "app/gui/pane.h"
#include "app/gui/pane_runner.h"
#include "app/gui/playback.h"
#include "app/gui/scaling_dialog.h"
#include "views/mixer_notation.h"
#include "views/scaling_chart.h"
#include "app/resource_paths.h"
#include "core/error.h"
#include "core/io/model_kind.h"
#include "core/run/pane_run.h"
#include "core/scene/view_registry.h"
#include "explorer_support.h"
#include "gui_test_main.h"

using namespace seqscope;

namespace {

using testing::waitForRuns;

Scene twoPaneScene() {
  Scene s;
  s.title = "sync";
  s.input = "aKbDcMdF";
  s.columns = 2;
  PaneSpec a{.model = "mqar-attention", .run = "read", .view = "attention", .input = "aKbD"};
  PaneSpec b{.model = "mqar-gated_deltanet", .run = "read", .view = "state"};
  s.panes = {a, b};
  return s;
}

QImage paneImage(const Pane* pane) {
  QImage image(640, 480, QImage::Format_ARGB32);
  image.fill(Qt::black);
  QPainter p(&image);
  pane->render(p, image.size());
  return image;
}

}  // namespace

class TestExplorer : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void everyBuiltInSceneOpensAndPlaysToItsEnd() {
    const QStringList scenes = builtinScenes();
    QVERIFY(scenes.size() >= 4);
    MainWindow w(scenes.first());
    w.resize(1600, 900);
    for (const QString& path : scenes) {
      QVERIFY2(w.openScene(path), qPrintable(w.errorText()));
      QVERIFY2(waitForRuns(w), qPrintable(path));
      QVERIFY2(w.errorText().isEmpty(), qPrintable(w.errorText()));
      for (const Pane* p : w.panes()) {
        QVERIFY2(p->errorText().isEmpty(), qPrintable(path + ": " + p->errorText()));
        QVERIFY2(p->traces().frameCount() > 0, qPrintable(path));
        QVERIFY(p->traces().finished());
      }
      QSignalSpy end(w.playback(), &Playback::reachedEnd);
      // Autoplay stops at the narration steps marked "pause": play on, as a lecturer would.
      int pauses = 0;
      const auto resume = connect(w.playback(), &Playback::playingChanged, &w, [&](bool playing) {
        if (!playing && w.playback()->frame() < w.playback()->lastFrame()) {
          ++pauses;
          QTimer::singleShot(0, w.playback(), &Playback::play);
        }
      });
      w.playback()->setSpeed(64);
      w.playback()->play();
      QVERIFY2(end.wait(30000), qPrintable(path));
      disconnect(resume);
      const Scene& shown = w.currentScene();
      QCOMPARE(pauses, int(std::count_if(shown.steps.begin(), shown.steps.end(), [&](const NarrationStep& s) {
                 return s.pause && s.frame > 0 && s.frame < w.playback()->lastFrame();
               })));
      QCOMPARE(w.playback()->frame(), w.playback()->lastFrame());
      for (const Pane* p : w.panes())
        QCOMPARE(p->shownFrame(), p->traces().frameCount() - 1);
    }
  }

  // The narration band shows the step of the shown frame; Page Down / Page Up go from step to
  // step; the pane a step is about is in the spotlight; autoplay pauses once at a "pause" step.
  void narrationFollowsTheFrame() {
    MainWindow w(builtinScenes().first());
    w.resize(1600, 900);
    w.show();
    Scene s = twoPaneScene();
    s.steps = {{.frame = 0, .text = "start"}, {.frame = 3, .pane = 1, .text = "second pane", .pause = true},
               {.frame = 6, .text = "late"}};
    w.setScene(s);
    QVERIFY(waitForRuns(w));
    QVERIFY(w.narrationLabel()->isVisible());
    QCOMPARE(w.narrationLabel()->text(), QStringLiteral("1/3  start"));
    w.playback()->seek(4);
    QCOMPARE(w.narrationLabel()->text(), QStringLiteral("2/3  [pane 2] second pane"));
    QVERIFY(w.panes()[1]->spotlight());
    QVERIFY(!w.panes()[0]->spotlight());
    w.seekNarrationStep(+1);
    QCOMPARE(w.playback()->frame(), 6);
    QVERIFY(!w.panes()[1]->spotlight());
    w.seekNarrationStep(-1);
    QCOMPARE(w.playback()->frame(), 3);
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.panes()[0]->setFocus();  // not the input line, where the keys edit text
    QTest::keyClick(&w, Qt::Key_PageDown);
    QCOMPARE(w.playback()->frame(), 6);
    QTest::keyClick(&w, Qt::Key_PageUp);
    QTest::keyClick(&w, Qt::Key_PageUp);
    QCOMPARE(w.playback()->frame(), 0);
    // Autoplay from 0 stops at frame 3, once; playing again runs to the end.
    QSignalSpy end(w.playback(), &Playback::reachedEnd);
    w.playback()->setSpeed(64);
    w.playback()->play();
    QTRY_VERIFY(!w.playback()->isPlaying());
    QCOMPARE(w.playback()->frame(), 3);
    w.playback()->play();
    QVERIFY(end.wait(10000));
    QCOMPARE(w.playback()->frame(), 7);
    // Presentation mode keeps it.
    w.setPresentationMode(true);
    QVERIFY(w.narrationLabel()->isVisible());
    w.setPresentationMode(false);
    // A scene without steps has no band.
    w.setScene(twoPaneScene());
    QVERIFY(!w.narrationLabel()->isVisible());
  }

  // Each pane's formula line: its rule at the shown token, the term highlighted; U hides it.
  void formulaLineFollowsTheFrame() {
    MainWindow w(builtinScenes().first());
    w.resize(1600, 900);
    w.show();
    QVERIFY(w.openScene(resourceDir() + "/scenes/3-associative-recall.json"));
    QVERIFY(waitForRuns(w));
    w.setFormulasShown(true);
    w.playback()->seek(11);
    const QString gdn = w.panes()[1]->formulaLabel()->text();
    QVERIFY2(gdn.contains("β<sub>11</sub>") && gdn.contains("t = 11, token “d”") &&
                 gdn.contains(formulaHighlightOpen()), qPrintable(gdn));
    QVERIFY(w.panes()[3]->formulaLabel()->text().contains("φ(k<sub>11</sub>)"));
    QVERIFY(w.panes()[0]->formulaLabel()->text().contains("softmax"));
    // With the formulas, each caption tells what the frame did.
    const QString attention = w.panes()[0]->caption().story, state = w.panes()[2]->caption().story;
    QVERIFY2(attention.startsWith("read “d”, looks most at “") && attention.contains("predicts “F”"), qPrintable(attention));
    QVERIFY2(state.contains("‖S head 0‖") && state.contains(" → "), qPrintable(state));
    QVERIFY(w.panes()[0]->caption().text().contains(attention));
    w.playback()->seek(9);
    QVERIFY2(w.panes()[1]->formulaLabel()->text().contains("t = 9, token “b”"), qPrintable(w.panes()[1]->formulaLabel()->text()));
    QVERIFY(w.panes()[1]->formulaLabel()->isVisible());
    w.setFormulasShown(false);
    QVERIFY(!w.panes()[1]->formulaLabel()->isVisible());
    // A generation and a solve have their own rules.
    QVERIFY(w.openScene(resourceDir() + "/scenes/6-trm-refinement.json"));
    QVERIFY(waitForRuns(w));
    w.setFormulasShown(true);
    w.playback()->seek(1);
    QVERIFY2(w.panes()[0]->formulaLabel()->text().contains("cycle"), qPrintable(w.panes()[0]->formulaLabel()->text()));
    QVERIFY2(w.panes()[0]->caption().story.contains("cells changed, halting"), qPrintable(w.panes()[0]->caption().story));
    QVERIFY(w.openScene(resourceDir() + "/scenes/1-diffusion-vs-autoregressive.json"));
    QVERIFY(waitForRuns(w));
    w.playback()->seek(1);
    QVERIFY2(w.panes()[0]->formulaLabel()->text().contains("most confident"), qPrintable(w.panes()[0]->formulaLabel()->text()));
    QVERIFY(w.panes()[1]->formulaLabel()->text().contains("argmax"));
    QVERIFY2(w.panes()[0]->caption().story.startsWith("committed “"), qPrintable(w.panes()[0]->caption().story));
    w.setFormulasShown(false);
    QVERIFY(w.panes()[0]->caption().story.isEmpty());
  }

  void transportKeepsPanesInSync() {
    MainWindow w(builtinScenes().first());
    w.setScene(twoPaneScene());
    QVERIFY(waitForRuns(w));
    QCOMPARE(w.panes()[0]->traces().frameCount(), 4);
    QCOMPARE(w.panes()[1]->traces().frameCount(), 8);
    QCOMPARE(w.playback()->frameCount(), 8);
    w.playback()->seek(5);
    QCOMPARE(w.panes()[0]->shownFrame(), 3);  // a shorter run holds its last frame
    QCOMPARE(w.panes()[1]->shownFrame(), 5);
    w.playback()->stepBack();
    QCOMPARE(w.panes()[1]->shownFrame(), 4);
    w.playback()->toStart();
    QCOMPARE(w.panes()[0]->shownFrame(), 0);
    QCOMPARE(w.panes()[1]->shownFrame(), 0);
    w.playback()->seek(100);
    QCOMPARE(w.playback()->frame(), 7);
  }

  void scrubbingShowsTheFramePlayingReaches() {
    MainWindow w(builtinScenes().first());
    w.setScene(twoPaneScene());
    QVERIFY(waitForRuns(w));
    const int k = 5;
    // Play from the start until frame k.
    w.playback()->toStart();
    w.playback()->setSpeed(4);
    w.playback()->play();
    QTRY_VERIFY_WITH_TIMEOUT(w.playback()->frame() >= k, 20000);
    w.playback()->pause();
    w.playback()->seek(k);  // in case a tick went one further
    const QImage played0 = paneImage(w.panes()[0]), played1 = paneImage(w.panes()[1]);
    // Scrub elsewhere, then straight to k.
    w.playback()->toEnd();
    QVERIFY(paneImage(w.panes()[1]) != played1);
    w.playback()->seek(k);
    QCOMPARE(paneImage(w.panes()[0]), played0);
    QCOMPARE(paneImage(w.panes()[1]), played1);
  }

  void sceneRoundTripsThroughTheWindow() {
    MainWindow w(builtinScenes().first());
    w.setScene(twoPaneScene());
    QVERIFY(waitForRuns(w));
    const QString path = dir_.filePath("saved.json");
    QVERIFY(w.saveScene(path));
    const Scene loaded = Scene::load(path.toStdString());
    QVERIFY(loaded == w.currentScene());
    QVERIFY(loaded == twoPaneScene());
    QVERIFY(!w.saveScene("/nonexistent-dir/x.json"));
    QVERIFY(w.errorText().contains("/nonexistent-dir"));
  }

  void malformedSceneIsAnErrorInTheWindow() {
    MainWindow w(builtinScenes().first());
    QVERIFY(waitForRuns(w));
    const int panes = int(w.panes().size());
    const QString bad = dir_.filePath("bad.json");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"seqscope_scene\": 1, \"panes\": [");
    f.close();
    QVERIFY(!w.openScene(bad));
    QVERIFY2(w.errorText().contains("not valid JSON"), qPrintable(w.errorText()));
    QVERIFY(w.errorText().contains("bad.json"));
    QCOMPARE(int(w.panes().size()), panes);  // the scene shown before stays
    // The window keeps working.
    w.setScene(twoPaneScene());
    QVERIFY(waitForRuns(w));
    QVERIFY(w.errorText().isEmpty());
    QCOMPARE(w.panes()[1]->traces().frameCount(), 8);
  }

  void missingModelIsAnErrorInItsPane() {
    MainWindow w(builtinScenes().first());
    Scene s = twoPaneScene();
    s.panes[0].model = "/nonexistent/model";
    w.setScene(s);
    QVERIFY(waitForRuns(w));
    QVERIFY2(w.panes()[0]->errorText().contains("/nonexistent/model"),
             qPrintable(w.panes()[0]->errorText()));
    QVERIFY(w.panes()[0]->caption().text().contains("does not exist"));
    QCOMPARE(w.panes()[1]->traces().frameCount(), 8);  // the other pane is unaffected
    // An input the model cannot read names the character.
    w.setInput("aK#");
    QVERIFY(waitForRuns(w));
    QVERIFY2(w.panes()[1]->errorText().contains("#"), qPrintable(w.panes()[1]->errorText()));
  }

  void longRunCanBeCancelled() {
    MainWindow w(builtinScenes().first());
    Scene s;
    s.title = "long";
    // 6,000 tokens through softmax attention, token by token: O(T^2), seconds of work.
    for (int i = 0; i < 3000; ++i) s.input += "aK";
    s.panes = {PaneSpec{.model = "mqar-attention", .run = "read", .view = "attention"}};
    w.setScene(s);
    QTRY_VERIFY_WITH_TIMEOUT(w.panes()[0]->traces().frameCount() > 0, 20000);
    QVERIFY(w.isRunning());
    w.stopRuns();
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 5000);
    QTest::qWait(50);
    QVERIFY(!w.panes()[0]->traces().finished());
    QVERIFY(w.panes()[0]->traces().frameCount() < 6000);
  }

  void presentationModeIsKeyboardOnly() {
    MainWindow w(builtinScenes().first());
    w.setScene(twoPaneScene());
    QVERIFY(waitForRuns(w));
    w.show();
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.setPresentationMode(true);
    QVERIFY(w.presentationMode());
    QVERIFY(!w.menuBar()->isVisible());
    QTest::keyClick(&w, Qt::Key_Right);
    QCOMPARE(w.playback()->frame(), 1);
    QTest::keyClick(&w, Qt::Key_End);
    QCOMPARE(w.playback()->frame(), 7);
    QTest::keyClick(&w, Qt::Key_Left);
    QCOMPARE(w.playback()->frame(), 6);
    QTest::keyClick(&w, Qt::Key_Home);
    QCOMPARE(w.playback()->frame(), 0);
    QTest::keyClick(&w, Qt::Key_Space);
    QVERIFY(w.playback()->isPlaying());
    QTest::keyClick(&w, Qt::Key_Space);
    QVERIFY(!w.playback()->isPlaying());
    QTest::keyClick(&w, Qt::Key_Escape);
    QVERIFY(!w.presentationMode());
    QVERIFY(w.menuBar()->isVisible());
  }

  // Every view and run of the registry is wired up: an adapter per view, a producer per run,
  // every view's runs registered, and every run shown by some view; the header's view box
  // lists exactly the registered views.
  void viewRegistryIsComplete() {
    for (const ViewInfo& v : ViewRegistry::views()) {
      QVERIFY2(PaneView::exists(v.name), v.name.c_str());
      QVERIFY2(!v.runs.empty(), v.name.c_str());
      for (const std::string& run : v.runs) QVERIFY2(ViewRegistry::findRun(run), run.c_str());
    }
    for (const RunInfo& r : ViewRegistry::runs()) {
      QVERIFY2(PaneRun::hasProducer(r.name), r.name.c_str());
      QVERIFY2(!ViewRegistry::viewsFor(r.name).empty(), r.name.c_str());
    }
    Pane pane(0);
    QComboBox* box = nullptr;
    for (QComboBox* b : pane.findChildren<QComboBox*>())
      if (b->toolTip() == QLatin1String("What the pane shows")) box = b;
    QVERIFY(box);
    QCOMPARE(box->count(), int(ViewRegistry::views().size()));
    for (int i = 0; i < box->count(); ++i)
      QCOMPARE(box->itemData(i).toString().toStdString(), ViewRegistry::views()[std::size_t(i)].name);
    QVERIFY_THROWS_EXCEPTION(Error, PaneView::create("no-such-view", nullptr));
  }

  void modelPickerKnowsWhatEachViewCanShow() {
    auto kind = [](const char* name) { return modelKindOf(bundledModelPath(name).toStdString()); };
    QVERIFY(kind("trm-sudoku4") == ModelKind::RecursiveReasoner);
    QVERIFY(kind("english-diffusion") == ModelKind::DiffusionModel);
    QVERIFY(kind("english-ar") == ModelKind::LanguageModel);
    QVERIFY(modelKindOf("/nonexistent") == ModelKind::Unknown);
    QVERIFY(ViewRegistry::viewShows("refinement", ModelKind::RecursiveReasoner));
    QVERIFY(!ViewRegistry::viewShows("attention", ModelKind::DiffusionModel));
    QVERIFY(ViewRegistry::viewShows("diffusion", ModelKind::LanguageModel));
    // The picker offers word-level models to the generation view, as it offers character ones.
    QVERIFY(viewCanRunModel("diffusion", bundledModelPath("english_words-diffusion")));
    QVERIFY(viewCanRunModel("diffusion", bundledModelPath("english-ar")));
    // Picking a model in a generation pane runs what the checkpoint was trained for.
    MainWindow w(builtinScenes().first());
    QVERIFY(waitForRuns(w));
    Pane* pane = w.panes().front();
    QCOMPARE(pane->spec().view, std::string("diffusion"));
    pane->pickModel("english-ar");
    QCOMPARE(pane->spec().run, std::string("ar"));
    QVERIFY(waitForRuns(w));
    QVERIFY2(pane->errorText().isEmpty(), qPrintable(pane->errorText()));
    QCOMPARE(pane->traces().generation()->sampler, std::string("ar"));
    pane->pickModel("english-diffusion");
    QCOMPARE(pane->spec().run, std::string("diffusion"));
    QVERIFY(waitForRuns(w));
    QCOMPARE(pane->traces().generation()->sampler, std::string("diffusion"));
  }

  void typedInputNeverBreaksTheDefaultScene() {
    // Thirty inputs of 1 to 60 characters typed into scene 1, half-typed words included: every
    // pane runs without an error (the word panes read the words they know).
    MainWindow w(defaultScenePath());
    QVERIFY(waitForRuns(w));
    const QString words = QStringLiteral("the cat sat on the mat and the small dogs ran to the tall birds");
    for (int i = 0; i < 30; ++i) {
      const int length = 1 + (i * 59) / 29;  // 1 .. 60
      const QString input = words.mid(i % 7, length).leftJustified(length, 'a');
      w.setInput(input);
      QVERIFY(waitForRuns(w));
      QVERIFY2(w.errorText().isEmpty(), qPrintable(w.errorText()));
      for (const Pane* p : w.panes()) {
        QVERIFY2(p->errorText().isEmpty(),
                 qPrintable(QString("input %1 (\"%2\"), pane %3: %4").arg(length).arg(input).arg(p->index() + 1).arg(p->errorText())));
        QVERIFY(p->traces().generation());
      }
      // The English panes (one token per word) answer in the slots the prompt's known words
      // leave (25 in all), and say so.
      const auto& t = *w.panes()[0]->traces().generation();
      QCOMPARE(t.promptLength + t.generationLength, 25);
      QVERIFY2(w.panes()[0]->caption().facts.startsWith(QString("%1 token").arg(t.generationLength)),
               qPrintable(w.panes()[0]->caption().facts));
    }
  }

  void captionsFollowTheRun() {
    MainWindow w(defaultScenePath());
    QVERIFY(waitForRuns(w));
    Pane* pane = w.panes()[0];
    // While the pane is as the scene set it up, its heading is the scene's title for it.
    QCOMPARE(pane->caption().heading, QString::fromStdString(pane->spec().title));
    QVERIFY2(pane->caption().facts.startsWith("24 tokens in 24 steps"), qPrintable(pane->caption().facts));
    // After a change the heading is made from what the pane runs now.
    pane->pickModel("english_words-ar");
    QVERIFY(waitForRuns(w));
    QCOMPARE(pane->caption().heading, QString("english_words-ar · autoregressive"));
    QVERIFY2(pane->caption().facts.startsWith("24 tokens in 24 steps"), qPrintable(pane->caption().facts));
    PaneSpec s;
    s.model = "mqar-mamba";
    s.view = "state";
    s.layer = 1;
    s.head = 0;
    QCOMPARE(describePane(s), QString("mqar-mamba · state evolution · layer 1, head 0"));
    s.view = "attention";
    s.head = -1;
    QCOMPARE(describePane(s), QString("mqar-mamba · attention map · layer 1, mean of heads"));
    QCOMPARE(paneLegendName(2, s), QString("3 mqar-mamba"));
  }

  void paneSettingsRerunThatPaneOnly() {
    MainWindow w(defaultScenePath());
    QVERIFY(waitForRuns(w));
    const auto second = w.panes()[1]->traces().generation();
    Pane* pane = w.panes()[0];
    PaneSpec s = pane->spec();
    s.steps = 8;
    s.blockLength = 3;  // 24 / 3 = 8 blocks, one step each
    pane->setSpec(s);
    emit pane->specEdited(0, true);
    QVERIFY(waitForRuns(w));
    QCOMPARE(pane->traces().generation()->blockLength, 3);
    QCOMPARE(pane->traces().generation()->frames.back().step, 8);
    QCOMPARE(w.panes()[1]->traces().generation(), second);  // not re-run
  }

  void enterThenSpacePlays() {
    MainWindow w(defaultScenePath());
    w.show();
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(waitForRuns(w));
    QLineEdit* input = w.findChild<QLineEdit*>();
    input->setFocus();
    QTest::keyClicks(input, "x");
    QTest::keyClick(input, Qt::Key_Return);
    QVERIFY(waitForRuns(w));
    QVERIFY(!input->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QVERIFY(w.playback()->isPlaying());
    QVERIFY(input->text().endsWith("x"));  // no space typed into the input
  }

  void scalingDialogShowsTheShippedBench() {
    ScalingDialog dialog;
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.chart()->specs().empty());
    const QString bad = dir_.filePath("bench.json");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"threads\": 2}");
    f.close();
    QVERIFY(!dialog.load(bad));
    QVERIFY2(dialog.errorText().contains("results"), qPrintable(dialog.errorText()));
  }

  void playbackLogic() {
    Playback p;
    QSignalSpy frames(&p, &Playback::frameChanged);
    p.setFrameCount(3, true);
    p.stepForward();
    p.stepForward();
    p.stepForward();  // clamped at the last frame
    QCOMPARE(p.frame(), 2);
    QCOMPARE(frames.count(), 2);
    p.setFrameCount(2, false);  // shrinking moves the frame inside the range
    QCOMPARE(p.frame(), 1);
    p.stepBack();
    p.stepBack();
    QCOMPARE(p.frame(), 0);
    p.setFramesPerSecond(1000);
    p.setSpeed(1);
    QSignalSpy end(&p, &Playback::reachedEnd);
    p.play();
    QVERIFY(end.wait(2000));
    QVERIFY(!p.isPlaying());
    QCOMPARE(p.frame(), 1);
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestExplorer)
#include "test_explorer.moc"
