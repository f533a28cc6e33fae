// Exporting scenes: the PNG export of a built-in scene is the window's renderScene frame by
// frame, pixel for pixel (directly and through the GUI export's worker thread); every built-in
// scene exports to MP4 and GIF that read back with the scene's frame count, size and fps;
// cancelling (directly or with the progress dialog's Cancel) leaves no file; a pane subset
// lays out fewer columns; `seqscope export` refuses bad input with exit 1 and no file.
#include <QApplication>
#include <QCheckBox>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <cmath>

#include "app/export/exporter.h"
#include "app/gui/scene_frame_source.h"
#include "app/gui/export_dialog.h"
#include "app/gui/export_job.h"
#include "app/gui/main_window.h"
#include "app/gui/playback.h"
#include "app/resource_paths.h"
#include "core/error.h"
#include "gui_test_main.h"
#include "media_probe.h"
#include "test_support.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

QString scene(const char* name) {
  return resourceDir() + "/scenes/" + name;
}

QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

// What the window draws at frame k, straight from MainWindow::renderScene.
QImage windowFrame(MainWindow& w, int k, QSize size, const std::vector<int>& panes = {}) {
  w.playback()->seek(k);
  QImage image(size, QImage::Format_RGB32);
  image.fill(w.palette().color(QPalette::Window));
  QPainter p(&image);
  w.renderScene(p, size, panes);
  return image;
}

QImage png(const QString& path) {
  return QImage(path).convertToFormat(QImage::Format_RGB32);
}

struct Run {
  int exitCode = -1;
  QByteArray err;
};

Run runSeqscope(const QStringList& args, const QString& configHome) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("XDG_CONFIG_HOME", configHome);  // keep the user's recent scenes untouched
  p.setProcessEnvironment(env);
  p.start(QStringLiteral(SEQSCOPE_BINARY), args);
  Run r;
  if (!p.waitForFinished(120000)) {
    p.kill();
    p.waitForFinished();
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.err = p.readAllStandardError();
  return r;
}

}  // namespace

class TestExportScene : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  int dirs_ = 0;

  QString freshDir() {
    const QString dir = tmp_.filePath(QString("d%1").arg(dirs_++));
    QDir().mkpath(dir);
    return dir;
  }

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void pngFramesAreTheWindowsRenderScene() {
    SceneFrameSource source(scene("3-associative-recall.json"));
    QCOMPARE(source.frameCount(), 17);  // one frame per input token
    const QString dir = freshDir();
    ExportOptions o;
    o.outputPath = (dir + "/frames/").toStdString();
    o.width = 1280;  // the layout size: the export is renderScene itself, unscaled
    o.height = 720;
    o.from = 4;
    o.to = 8;
    const ExportResult r = exportAnimation(source, o);
    QCOMPARE(r.frames, 5);
    QCOMPARE(entries(dir + "/frames").size(), 5);
    QImage previous;
    for (int k = 0; k < 5; ++k) {
      const QImage written = png(dir + QString("/frames/frame_%1.png").arg(k, 5, 10, QChar('0')));
      const QImage expected = windowFrame(source.window(), o.from + k, {1280, 720});
      QCOMPARE(written.size(), QSize(1280, 720));
      QVERIFY2(written == expected, qPrintable(QString("frame %1").arg(k)));
      if (k > 0) QVERIFY2(written != previous, "consecutive frames must differ");
      previous = written;
    }
    // Other sizes draw the same layout scaled: 640x360 is the 1280x720 frame at half size.
    QCOMPARE(SceneFrameSource::layoutSize({640, 360}), QSize(1280, 720));
    QCOMPARE(SceneFrameSource::layoutSize({1920, 1080}), QSize(1280, 720));
    QCOMPARE(SceneFrameSource::layoutSize({720, 720}), QSize(1280, 1280));
    const QImage big = source.renderFrame(6, {1280, 720});
    const QImage half = source.renderFrame(6, {640, 360});
    const auto a = meanRgb(big), b = meanRgb(half);
    for (int c = 0; c < 3; ++c) QVERIFY2(std::abs(a[c] - b[c]) < 3.0, "same picture, half size");
  }

  void paneSubsetUsesFewerColumns() {
    SceneFrameSource all(scene("4-linear-attention-is-an-rnn.json"));
    SceneFrameSource second(scene("4-linear-attention-is-an-rnn.json"), {1});
    const QImage one = second.renderFrame(10, {1280, 720});
    QCOMPARE(one, windowFrame(second.window(), 10, {1280, 720}, {1}));
    QVERIFY(one != all.renderFrame(10, {1280, 720}));
    SEQSCOPE_EXPECT_ERROR(SceneFrameSource(all.window(), {2}), "pane 3", "2 pane");
  }

  void everyBuiltInSceneExportsToMp4AndGif() {
    const QStringList scenes = builtinScenes();
    QVERIFY(scenes.size() >= 4);
    for (const QString& path : scenes) {
      SceneFrameSource source(path);
      const int frames = source.frameCount();
      const int fps = SceneFrameSource::naturalFps(source.scene());
      QVERIFY2(frames > 1, qPrintable(path));
      const QString dir = freshDir();
      ExportOptions o;
      o.outputPath = (dir + "/scene.mp4").toStdString();
      o.width = 480;
      o.height = 270;
      o.fps = fps;
      QCOMPARE(exportAnimation(source, o).frames, frames);
      const ProbedMedia m = probeMedia(o.outputPath);
      QCOMPARE(m.codec, AV_CODEC_ID_H264);
      QCOMPARE(m.width, 480);
      QCOMPARE(m.height, 270);
      QCOMPARE(m.frames(), frames);
      QVERIFY2(std::abs(m.measuredFps() - fps) < 1e-6, qPrintable(path));
      // The video shows the scene's frames: mean colours of the first, middle and last.
      for (int k : {0, frames / 2, frames - 1}) {
        const auto want = meanRgb(source.renderFrame(k, {480, 270}));
        for (int c = 0; c < 3; ++c)
          QVERIFY2(std::abs(m.meanRgb[std::size_t(k)][c] - want[c]) < 3.0,
                   qPrintable(path + QString(" frame %1").arg(k)));
      }

      o.outputPath = (dir + "/scene.gif").toStdString();
      o.holdLastSeconds = 1.0;
      QCOMPARE(exportAnimation(source, o).frames, frames + fps);
      const ProbedMedia g = probeMedia(o.outputPath);
      QCOMPARE(g.codec, AV_CODEC_ID_GIF);
      QCOMPARE(g.width, 480);
      QCOMPARE(g.height, 270);
      QCOMPARE(g.frames(), frames + fps);
      // GIF delays are whole 1/100 s: 3 fps alternates 33 and 34.
      QVERIFY2(std::abs(g.measuredFps() - fps) < 0.02 * fps,
               qPrintable(path + QString(": %1 fps").arg(g.measuredFps())));
      QCOMPARE(entries(dir), (QStringList{"scene.gif", "scene.mp4"}));
    }
  }

  void cancellingLeavesNoFile() {
    SceneFrameSource source(scene("4-linear-attention-is-an-rnn.json"));
    for (const char* name : {"c.mp4", "c.gif", "frames/"}) {
      const QString dir = freshDir();
      ExportOptions o;
      o.outputPath = (dir + "/" + name).toStdString();
      o.width = 320;
      o.height = 180;
      const ExportResult r = exportAnimation(source, o, [](int done, int) { return done < 3; });
      QVERIFY(r.cancelled);
      QCOMPARE(entries(dir), QStringList{});
    }
  }

  void windowExportRunsOnAWorkerAndCancels() {
    MainWindow w(scene("4-linear-attention-is-an-rnn.json"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 60000);
    QCoreApplication::processEvents();
    w.playback()->seek(3);
    // A full export through the worker: every frame drawn on this thread, pixel for pixel.
    const QString dir = freshDir();
    ExportOptions o;
    o.outputPath = (dir + "/frames/").toStdString();
    o.from = 10;
    o.to = 13;
    const ExportOutcome done = ExportJob::run(w, o, {}, {}, &w);
    QVERIFY2(done.error.isEmpty(), qPrintable(done.error));
    QCOMPARE(done.result.frames, 4);
    for (int k = 0; k < 4; ++k)
      QVERIFY(png(dir + QString("/frames/frame_0000%1.png").arg(k)) ==
              windowFrame(w, 10 + k, {1280, 720}));
    w.playback()->seek(3);

    // Cancel from the progress dialog once a few frames are done: no file, the window back
    // at its frame.
    const QString cancelDir = freshDir();
    o.outputPath = (cancelDir + "/c.mp4").toStdString();
    o.from = 0;
    o.to.reset();
    int seen = 0;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
      for (QWidget* top : QApplication::topLevelWidgets())
        if (auto* d = qobject_cast<QProgressDialog*>(top); d && d->isVisible() && d->value() >= 3) {
          seen = d->value();
          d->findChild<QPushButton*>()->click();  // the user's Cancel (emits canceled())
        }
    });
    poll.start(5);
    const ExportOutcome cancelled = ExportJob::run(w, o, {}, {}, &w);
    poll.stop();
    QVERIFY2(cancelled.error.isEmpty(), qPrintable(cancelled.error));
    QVERIFY(seen >= 3);
    QVERIFY(cancelled.result.cancelled);
    QCOMPARE(entries(cancelDir), QStringList{});
    QCOMPARE(w.playback()->frame(), 3);
  }

  void dialogDefaultsAndRemembersChoices() {
    MainWindow w(scene("4-linear-attention-is-an-rnn.json"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 60000);
    QCoreApplication::processEvents();
    QSettings().remove("export");
    const QString dir = freshDir();
    {
      ExportDialog d(w);
      const ExportOptions o = d.options();
      QCOMPARE(o.fps, 3);  // the scene's own speed
      QCOMPARE(o.from, 0);
      QCOMPARE(*o.to, w.playback()->frameCount() - 1);
      QCOMPARE(o.width, 1280);
      QCOMPARE(d.panes(), (std::vector<int>{0, 1}));
      d.setOutputPath(dir + "/x.gif");
      QCOMPARE(*d.options().format, ExportFormat::Gif);
      auto* width = d.findChildren<QSpinBox*>().at(0);
      width->setValue(640);
      d.findChildren<QSpinBox*>().at(1)->setValue(360);
      d.findChildren<QSpinBox*>().at(2)->setValue(12);  // fps
      d.findChildren<QCheckBox*>().at(0)->setChecked(false);
      QCOMPARE(d.panes(), std::vector<int>{1});
      if (qEnvironmentVariableIsSet("SEQSCOPE_SCREENSHOTS"))
        d.grab().save(qEnvironmentVariable("SEQSCOPE_SCREENSHOTS") + "/export_dialog.png");
      d.accept();
      QCOMPARE(d.result(), int(QDialog::Accepted));
    }
    // File → Export… is in the window's menu, on Ctrl+E.
    QAction* action = nullptr;
    for (QAction* a : w.menuBar()->actions().front()->menu()->actions())
      if (a->text().startsWith("&Export")) action = a;
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    ExportDialog again(w);
    const ExportOptions o = again.options();
    QCOMPARE(*o.format, ExportFormat::Gif);
    QVERIFY(QString::fromStdString(o.outputPath).startsWith(dir + "/"));
    QVERIFY(QString::fromStdString(o.outputPath).endsWith(".gif"));
    QCOMPARE(o.width, 640);
    QCOMPARE(o.height, 360);
    QCOMPARE(o.fps, 12);
    QCOMPARE(again.panes(), (std::vector<int>{0, 1}));  // panes belong to the scene: all again
    // A bad choice keeps the dialog open (a message box says why; closed here at once).
    QTimer::singleShot(0, [] {
      for (QWidget* top : QApplication::topLevelWidgets())
        if (auto* box = qobject_cast<QMessageBox*>(top)) box->accept();
    });
    again.setOutputPath(dir + "/x.mp4");
    again.findChildren<QSpinBox*>().at(0)->setValue(641);
    again.accept();
    QVERIFY(again.result() != int(QDialog::Accepted));
    QSettings().remove("export");
  }

  void commandLineRefusesBadInputWithoutAFile() {
    const QString config = freshDir();
    const QString good = scene("4-linear-attention-is-an-rnn.json");
    const QString dir = freshDir();
    QFile broken(dir + "/broken.json");
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"seqscope_scene\": 1, \"panes\": [");
    broken.close();
    QFile missing(dir + "/missing.json");
    QVERIFY(missing.open(QIODevice::WriteOnly));
    missing.write(
        "{\"seqscope_scene\": 1, \"title\": \"t\", \"input\": \"ab\", \"panes\": "
        "[{\"model\": \"no-such-model\", \"view\": \"attention\"}]}");
    missing.close();
    QFile failing(dir + "/failing.json");
    QVERIFY(failing.open(QIODevice::WriteOnly));
    // (No raw string: moc misreads the '#' in one as a directive and skips the class.)
    failing.write(
        "{\"seqscope_scene\": 1, \"title\": \"t\", \"input\": \"aK#bD\", \"panes\": "
        "[{\"model\": \"mqar-attention\", \"view\": \"attention\"}]}");
    failing.close();
    const QString out = freshDir();
    struct Case {
      QStringList args;
      QString message;
    };
    const std::vector<Case> cases = {
        {{"--scene", good, "--out", out + "/a.avi"}, "unknown export format"},
        {{"--scene", good, "--out", out + "/a.mp4", "--size", "641x360"}, "is odd"},
        {{"--scene", good, "--out", out + "/a.gif", "--size", "0x0"}, "is empty"},
        {{"--scene", good, "--out", out + "/a.gif", "--size", "big"}, "is not WIDTHxHEIGHT"},
        {{"--scene", good, "--out", out + "/no/such/folder/a.gif"}, "does not exist"},
        {{"--scene", good, "--out", "/proc/1/a.gif", "--size", "64x36"}, "/proc/1"},
        {{"--scene", dir + "/broken.json", "--out", out + "/a.gif"}, "broken.json"},
        {{"--scene", dir + "/nothing.json", "--out", out + "/a.gif"}, "no such scene file"},
        {{"--scene", dir + "/missing.json", "--out", out + "/a.gif"}, "no-such-model"},
        // A pane whose run fails: its message, naming the scene (after the run, no file).
        {{"--scene", dir + "/failing.json", "--out", out + "/a.gif"},
         "failing.json: pane 1 (mqar-attention) failed: character '#'"},
        {{"--scene", good, "--out", out + "/a.gif", "--to", "999", "--size", "64x36"},
         "last frame 999 is outside the scene"},
        {{"--scene", good, "--out", out + "/a.gif", "--from", "5", "--to", "2"}, "comes after"},
        {{"--scene", good, "--out", out + "/a.gif", "--fps", "0"}, "fps 0"},
        {{"--scene", good, "--out", out + "/a.gif", "--panes", "3"}, "--panes"},
    };
    for (const Case& c : cases) {
      const Run r = runSeqscope(QStringList{"export"} + c.args, config);
      const QString what = c.args.join(' ');
      QVERIFY2(r.exitCode == 1, qPrintable(what + " exited " + QString::number(r.exitCode)));
      QVERIFY2(r.err.contains("seqscope export: ") && r.err.contains(c.message.toUtf8()),
               qPrintable(what + ": " + r.err));
      QVERIFY2(entries(out).isEmpty(), qPrintable(what + " left " + entries(out).join(',')));
    }
    // And the same command with good input writes the file.
    const Run ok = runSeqscope(
        {"export", "--scene", good, "--out", out + "/ok.gif", "--size", "160x90", "--to", "3"},
        config);
    QCOMPARE(ok.exitCode, 0);
    // Frames 0..3 and the default hold, 1.5 s at the scene's 3 fps.
    QCOMPARE(probeMedia((out + "/ok.gif").toStdString()).frames(), 4 + 5);
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestExportScene)
#include "test_export_scene.moc"
