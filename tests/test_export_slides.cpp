// Slide-ready export: the default hold at the end; --panes trimming the frames to the chosen
// panes' runs; the title band (in the window's text colour, shrunk to fit, never elided);
// frames without the meters; the font scale (and a borrowed window getting its own back);
// the Export dialog's slide choices, remembered; bad values refused with no file.
#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QPainter>
#include <QProcess>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cmath>
#include <memory>

#include "app/export/exporter.h"
#include "app/gui/scene_frame_source.h"
#include "app/gui/export_dialog.h"
#include "app/gui/export_job.h"
#include "app/gui/main_window.h"
#include "app/gui/pane.h"
#include "app/gui/playback.h"
#include "app/resource_paths.h"
#include "core/error.h"
#include "cli_support.h"
#include "gui_test_main.h"
#include "test_support.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

constexpr QSize kFrame{1280, 720};  // the layout size: a frame is renderScene unscaled

QString builtin(const char* name) {
  return resourceDir() + "/scenes/" + name;
}

QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

// Two panes of one small model on inputs of different lengths (17 and 7 tokens: 17 and 7
// frames), under a title too long for the band's full size.
const char* const kLongTitle =
    "A deliberately long slide title that cannot fit at full size and has to shrink to stay on "
    "one line";
QString writeUnevenScene(const QString& dir) {
  const QString path = dir + "/uneven.json";
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(QStringLiteral(
              "{\"seqscope_scene\": 1, \"title\": \"%1\", \"input\": \"aKbDcMdF|bDdFaKcM\", "
              "\"columns\": 2, \"fps\": 3, \"meters\": true, \"panes\": ["
              "{\"model\": \"mqar-linear_attention\", \"run\": \"read\", \"view\": \"attention\"},"
              "{\"model\": \"mqar-linear_attention\", \"run\": \"read\", \"view\": \"state\", "
              "\"input\": \"aKbD|bD\"}]}")
              .arg(QString::fromUtf8(kLongTitle))
              .toUtf8());
  return path;
}

// Frame k as renderScene draws it with `options`, and where it put each part.
QImage render(MainWindow& w, int k, const SceneRenderOptions& options,
              SceneLayout* layout = nullptr, const std::vector<int>& panes = {}) {
  w.playback()->seek(k);
  QImage image(kFrame, QImage::Format_RGB32);
  image.fill(w.palette().color(QPalette::Window));
  QPainter p(&image);
  const SceneLayout drawn = w.renderScene(p, kFrame, panes, options);
  if (layout) *layout = drawn;
  return image;
}

// The bounding box of the pixels in `area` that differ from `background`.
QRect inkBox(const QImage& image, QRect area, QRgb background) {
  QRect box;
  for (int y = area.top(); y <= area.bottom(); ++y)
    for (int x = area.left(); x <= area.right(); ++x)
      if (image.pixel(x, y) != background) box |= QRect(x, y, 1, 1);
  return box;
}

// A pane drawn by itself at its current scale (which renderScene would set).
QImage paneImage(const Pane& pane) {
  QImage image(400, 300, QImage::Format_RGB32);
  image.fill(Qt::white);
  QPainter p(&image);
  pane.render(p, image.size());
  return image;
}

int countColour(const QImage& image, QRect area, QRgb colour) {
  int n = 0;
  for (int y = area.top(); y <= area.bottom(); ++y)
    for (int x = area.left(); x <= area.right(); ++x) n += image.pixel(x, y) == colour;
  return n;
}

using Run = seqscope::testing::CliResult;

Run runExport(const QStringList& args, const QString& configHome) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("XDG_CONFIG_HOME", configHome);  // keep the user's recent scenes untouched
  // A runtime folder of its own, so that stderr holds nothing but the command's messages.
  const QString runtime = configHome + "/runtime";
  QDir().mkpath(runtime);
  QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
  env.insert("XDG_RUNTIME_DIR", runtime);
  return seqscope::testing::runSeqscope(QStringList{"export"} + args, 120000, env);
}

}  // namespace

class TestExportSlides : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  int dirs_ = 0;
  std::unique_ptr<SceneFrameSource> linear_;  // 4-linear-attention-is-an-rnn.json, run once
  std::unique_ptr<SceneFrameSource> uneven_;  // writeUnevenScene, run once

  QString freshDir() {
    const QString dir = tmp_.filePath(QString("d%1").arg(dirs_++));
    QDir().mkpath(dir);
    return dir;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    linear_ = std::make_unique<SceneFrameSource>(builtin("4-linear-attention-is-an-rnn.json"));
    uneven_ = std::make_unique<SceneFrameSource>(writeUnevenScene(freshDir()));
  }

  void cleanupTestCase() {
    uneven_.reset();
    linear_.reset();
  }

  void defaultHoldIsOneAndAHalfSeconds() {
    const QString config = freshDir();
    const QString scene = builtin("4-linear-attention-is-an-rnn.json");
    const int fps = SceneFrameSource::naturalFps(linear_->scene());
    QCOMPARE(fps, 3);
    struct Case {
      QStringList args;
      int frames;
    };
    // Frames 0..3 (4 source frames) at the scene's 3 fps, or at 4 fps.
    const std::vector<Case> cases = {
        {{}, 4 + int(std::lround(kExportDefaultHoldSeconds * fps))},  // 4 + 5
        {{"--hold", "0"}, 4},
        {{"--hold", "2", "--fps", "4"}, 4 + 8},
    };
    QCOMPARE(kExportDefaultHoldSeconds, 1.5);
    for (const Case& c : cases) {
      const QString dir = freshDir();
      const QStringList args = QStringList{"--scene", scene,    "--out", dir + "/frames/",
                                           "--size",  "160x90", "--to",  "3"} +
                               c.args;
      const Run r = runExport(args, config);
      QVERIFY2(r.exitCode == 0, qPrintable(args.join(' ') + ": " + r.err));
      QCOMPARE(entries(dir + "/frames").size(), c.frames);
      QVERIFY2(r.out.contains(QString(": %1 frames,").arg(c.frames).toUtf8()), r.out.constData());
    }
  }

  void panesTrimTheFrameRange() {
    MainWindow& w = uneven_->window();
    QCOMPARE(w.panes()[0]->traces().frameCount(), 17);
    QCOMPARE(w.panes()[1]->traces().frameCount(), 7);
    QCOMPARE(uneven_->frameCount(), 17);
    QCOMPARE(SceneFrameSource(w, {0}).frameCount(), 17);
    SceneFrameSource second(w, {1});  // --panes 2
    QCOMPARE(second.frameCount(), 7);
    QCOMPARE(SceneFrameSource(w, {1, 0}).frameCount(), 17);
    // The export of pane 2 alone ends with its run: 7 frames, not the scene's 17.
    const QString dir = freshDir();
    ExportOptions o;
    o.outputPath = (dir + "/frames/").toStdString();
    o.width = 160;
    o.height = 90;
    QCOMPARE(exportAnimation(second, o).frames, 7);
    QCOMPARE(entries(dir + "/frames").size(), 7);
  }

  void titleBandShowsTheTitle() {
    MainWindow& w = linear_->window();
    const QRgb background = w.palette().color(QPalette::Window).rgb();
    const QRgb text = w.palette().color(QPalette::WindowText).rgb();
    SceneLayout with, without;
    // (Without the narration band here: narrationBand() checks it.)
    const QImage titled = render(w, 5, {.narration = false}, &with);
    const QImage plain = render(w, 5, {.title = false, .narration = false}, &without);
    // The band is at the top, the panes under it; without it the panes start at the top.
    QCOMPARE(with.title.topLeft(), QPoint(0, 0));
    QCOMPARE(with.title.width(), kFrame.width());
    QVERIFY2(with.title.height() >= 40 && with.title.height() <= 80,
             qPrintable(QString::number(with.title.height())));
    QCOMPARE(with.panes.at(0).top(), with.title.height());
    QVERIFY(without.title.isEmpty());
    QCOMPARE(without.panes.at(0).top(), 0);
    QVERIFY(without.panes.at(0).height() > with.panes.at(0).height());
    // Text in the band: bold glyphs in the window's text colour, centred.
    QVERIFY(countColour(titled, with.title, text) > 200);
    const QRect ink = inkBox(titled, with.title, background);
    QVERIFY(!ink.isEmpty());
    QVERIFY2(std::abs(ink.center().x() - kFrame.width() / 2) <= 4,
             qPrintable(QString::number(ink.center().x())));
    QVERIFY(ink.width() > 200);  // "Linear attention is an RNN" at about 32 px
    QVERIFY(titled.copy(with.title) != plain.copy(with.title));
    // The export draws the same: SceneFrameSource with the options is renderScene.
    QCOMPARE(SceneFrameSource(w, {}, {.narration = false}).renderFrame(5, kFrame), titled);
    QCOMPARE(SceneFrameSource(w, {}, {.title = false, .narration = false}).renderFrame(5, kFrame), plain);

    // A title too long for the full size shrinks until it fits on one line, whole.
    SceneLayout longLayout;
    const QImage longTitled = render(uneven_->window(), 3, {}, &longLayout);
    const QRect longInk = inkBox(longTitled, longLayout.title, background);
    QVERIFY2(longLayout.title.height() < with.title.height(),
             qPrintable(QString::number(longLayout.title.height())));
    QVERIFY2(longInk.left() >= 12 && longInk.right() < kFrame.width() - 12,
             qPrintable(QString("%1..%2").arg(longInk.left()).arg(longInk.right())));
    QVERIFY(longInk.width() > kFrame.width() * 3 / 4);
    QVERIFY(countColour(longTitled, longLayout.title, text) > 200);
  }

  // The scene's narration step at the frame, in a band under the title, as the window shows it.
  void narrationBand() {
    MainWindow& w = linear_->window();
    QVERIFY(!linear_->scene().steps.empty());
    SceneLayout on, off, later;
    const QImage with = render(w, 5, {}, &on);
    render(w, 5, {.narration = false}, &off);
    const QImage next = render(w, 10, {}, &later);
    QVERIFY(!on.narration.isEmpty());
    QCOMPARE(on.narration.top(), on.title.bottom() + 1);
    QCOMPARE(on.narration.width(), kFrame.width());
    QVERIFY2(on.narration.height() >= 30 && on.narration.height() <= 160, qPrintable(QString::number(on.narration.height())));
    QVERIFY(on.panes.at(0).top() > on.narration.bottom());
    QVERIFY(off.narration.isEmpty());
    QCOMPARE(off.panes.at(0).top(), off.title.height());
    QVERIFY(countColour(with, on.narration, qRgb(0x2b, 0x22, 0x00)) > 100);  // the text
    // Frame 10 is in another step: another text.
    QVERIFY(with.copy(on.narration) != next.copy(later.narration));
    QCOMPARE(w.narrationText(5).left(4), QStringLiteral("2/4 "));
    QCOMPARE(linear_->renderFrame(5, kFrame), with);
  }

  void metersOffGivesThePanesTheRoom() {
    MainWindow& w = linear_->window();
    QVERIFY(linear_->scene().showMeters);
    SceneLayout on, off;
    const QImage withMeters = render(w, 8, {}, &on);
    const QImage withoutMeters = render(w, 8, {.meters = false}, &off);
    QCOMPARE(on.meters, QRect(0, 540, 1280, 180));  // the bottom quarter
    QVERIFY(off.meters.isEmpty());
    QCOMPARE(off.panes.at(0).top(), on.panes.at(0).top());
    QVERIFY2(
        off.panes.at(0).height() >= on.panes.at(0).height() + 170,
        qPrintable(QString("%1 vs %2").arg(off.panes.at(0).height()).arg(on.panes.at(0).height())));
    const QRect bottom(0, 540, 1280, 180);
    QVERIFY(withMeters.copy(bottom) != withoutMeters.copy(bottom));
    // Through the source, as the export draws it.
    SceneFrameSource source(w, {}, {.meters = false});
    QCOMPARE(source.renderFrame(8, kFrame), withoutMeters);
  }

  void fontScaleChangesTheRenderingAndIsGivenBack() {
    MainWindow& w = linear_->window();
    const QImage before = render(w, 6, {});
    SceneLayout one, two;
    const QImage normal = render(w, 6, {.title = false, .narration = false}, &one);
    const QImage scaled = render(w, 6, {.title = false, .narration = false, .fontScale = 2}, &two);
    QCOMPARE(two.panes, one.panes);  // the same cells, bigger text and views in them
    QVERIFY(scaled.copy(one.panes.at(0)) != normal.copy(one.panes.at(0)));
    QVERIFY(scaled.copy(one.meters) != normal.copy(one.meters));
    SceneLayout titleOne, titleTwo;
    render(w, 6, {}, &titleOne);
    render(w, 6, {.fontScale = 2}, &titleTwo);
    QVERIFY2(
        titleTwo.title.height() > titleOne.title.height() * 17 / 10,
        qPrintable(QString("%1 vs %2").arg(titleTwo.title.height()).arg(titleOne.title.height())));
    QCOMPARE(render(w, 6, {}), before);  // renderScene at scale 1 again

    // A source borrowing the window (the window's own export) scales its panes while it
    // draws and gives the window its own scale back when it ends. (Without the title: Qt
    // fills glyphs over 64 px as paths instead of caching them, and the doubled title's
    // antialiasing was seen to differ by a level or two between painters.)
    const SceneRenderOptions doubled{.title = false, .narration = false, .fontScale = 2};
    const QImage ownPane = paneImage(*w.panes()[0]);
    QImage scaledFrame;
    {
      SceneFrameSource source(w, {}, doubled);
      scaledFrame = source.renderFrame(6, kFrame);
      QVERIFY(paneImage(*w.panes()[0]) != ownPane);
    }
    QCOMPARE(paneImage(*w.panes()[0]), ownPane);
    // The same through File > Export's job.
    const QString dir = freshDir();
    ExportOptions o;
    o.outputPath = (dir + "/frames/").toStdString();
    o.from = 6;
    o.to = 6;
    const ExportOutcome done = ExportJob::run(w, o, {}, doubled, &w);
    QVERIFY2(done.error.isEmpty(), qPrintable(done.error));
    QCOMPARE(done.result.frames, 1);
    QCOMPARE(QImage(dir + "/frames/frame_00000.png").convertToFormat(QImage::Format_RGB32),
             scaledFrame);
    QCOMPARE(paneImage(*w.panes()[0]), ownPane);
    SEQSCOPE_EXPECT_ERROR(SceneFrameSource(w, {}, {.fontScale = 9}), "font scale 9", "0.5 to 3");
  }

  void dialogOffersTheSlideChoices() {
    MainWindow& w = uneven_->window();
    QSettings().remove("export");
    const QString dir = freshDir();
    {
      ExportDialog d(w);
      auto* title = d.findChild<QCheckBox*>("title");
      auto* meters = d.findChild<QCheckBox*>("meters");
      auto* scale = d.findChild<QDoubleSpinBox*>("fontScale");
      auto* hold = d.findChild<QDoubleSpinBox*>("hold");
      QVERIFY(title && meters && scale && hold);
      QVERIFY(title->isChecked());
      QVERIFY(meters->isChecked() && meters->isEnabled());
      QCOMPARE(scale->value(), 1.0);
      QCOMPARE(scale->minimum(), kMinRenderFontScale);
      QCOMPARE(scale->maximum(), kMaxRenderFontScale);
      QCOMPARE(d.options().holdLastSeconds, 1.5);
      const SceneRenderOptions defaults = d.renderOptions();
      QVERIFY(defaults.title && defaults.meters);
      QCOMPARE(defaults.fontScale, 1.0);
      // The range follows the chosen panes: pane 2 alone has 7 frames.
      auto* to = d.findChildren<QSpinBox*>().at(4);
      QCOMPARE(to->value(), 16);
      d.findChildren<QCheckBox*>().at(0)->setChecked(false);
      QCOMPARE(d.panes(), std::vector<int>{1});
      QCOMPARE(to->maximum(), 6);
      QCOMPARE(to->value(), 6);
      QCOMPARE(*d.options().to, 6);

      title->setChecked(false);
      meters->setChecked(false);
      scale->setValue(2.0);
      hold->setValue(0);
      const SceneRenderOptions chosen = d.renderOptions();
      QVERIFY(!chosen.title && !chosen.meters);
      QCOMPARE(chosen.fontScale, 2.0);
      d.setOutputPath(dir + "/slide.gif");
      d.accept();
      QCOMPARE(d.result(), int(QDialog::Accepted));
    }
    // Remembered for the next export (the panes and the range belong to the scene).
    ExportDialog again(w);
    const SceneRenderOptions remembered = again.renderOptions();
    QVERIFY(!remembered.title && !remembered.meters);
    QCOMPARE(remembered.fontScale, 2.0);
    QCOMPARE(again.options().holdLastSeconds, 0.0);
    QCOMPARE(*again.options().to, 16);
    QSettings().remove("export");
  }

  void commandLineRefusesBadSlideValues() {
    const QString config = freshDir();
    const QString scene = builtin("4-linear-attention-is-an-rnn.json");
    const QString out = freshDir();
    struct Case {
      QStringList args;
      int exitCode;
      QString message;
    };
    const std::vector<Case> cases = {
        {{"--font-scale", "abc"}, 1, "--font-scale: \"abc\" is not a number from 0.5 to 3"},
        {{"--font-scale", "0"}, 1, "--font-scale: \"0\" is not a number from 0.5 to 3"},
        {{"--font-scale", "9"}, 1, "--font-scale: \"9\" is not a number from 0.5 to 3"},
        {{"--hold", "-1"}, 1, "--hold: \"-1\" is not a number of seconds from 0 to 60"},
        {{"--hold", "x"}, 1, "--hold: \"x\" is not a number of seconds"},
        {{"--title", "--no-title"}, 2, "--title and --no-title"},
    };
    for (const Case& c : cases) {
      const QStringList args = QStringList{"--scene", scene, "--out", out + "/a.gif"} + c.args;
      const Run r = runExport(args, config);
      const QString what = c.args.join(' ');
      QVERIFY2(r.exitCode == c.exitCode,
               qPrintable(what + " exited " + QString::number(r.exitCode)));
      QVERIFY2(r.err.startsWith("seqscope export: ") && r.err.contains(c.message.toUtf8()),
               qPrintable(what + ": " + r.err));
      QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
      QVERIFY2(entries(out).isEmpty(), qPrintable(what + " left " + entries(out).join(',')));
    }
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestExportSlides)
#include "test_export_slides.moc"
