// Export: every format read back with libavformat/libavcodec (codec, size, frame count,
// frame rate, each frame's colour), WebP and GIF container structure, PNG frames pixel for
// pixel, hold time, cancel and failure leaving nothing behind, and every bad option refused
// with a message and no file.
#include <QDir>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <filesystem>

#include "app/export/export_options.h"
#include "app/export/exporter.h"
#include "app/export/ffmpeg_util.h"
#include "synthetic_frame_source.h"
#include "core/error.h"
#include "media_probe.h"
#include "test_support.h"

using namespace seqscope;
using namespace seqscope::testing;
namespace fs = std::filesystem;

namespace {

// "Numbered coloured frames": frame k is a saturated colour whose hue steps 67 degrees per
// frame (so neighbours differ strongly in mean colour), with k written in binary as white
// squares along the top.
class NumberedFrames : public FrameSource {
 public:
  explicit NumberedFrames(int frames) : frames_(frames) {}
  int frameCount() const override { return frames_; }
  QImage renderFrame(int index, QSize size) override {
    ++rendered;
    if (index == throwAt) throw Error("the scene failed at frame " + std::to_string(index));
    QImage image(wrongSize ? size + QSize(2, 0) : size, QImage::Format_RGB32);
    image.fill(colour(index));
    QPainter p(&image);
    const int cell = size.height() / 8;
    for (int bit = 0; bit < 8; ++bit)
      if (index & (1 << bit)) p.fillRect(bit * cell, 0, cell, cell, Qt::white);
    return image;
  }
  static QColor colour(int k) { return QColor::fromHsv((k * 67) % 360, 200, 220); }

  int rendered = 0;
  int throwAt = -1;
  bool wrongSize = false;

 private:
  int frames_;
};

std::array<double, 3> expectedMean(NumberedFrames& source, int k, QSize size) {
  const int before = source.rendered;
  const auto m = meanRgb(source.renderFrame(k, size));
  source.rendered = before;
  return m;
}

bool closeColour(const std::array<double, 3>& a, const std::array<double, 3>& b, double tol) {
  for (int c = 0; c < 3; ++c)
    if (std::abs(a[c] - b[c]) > tol) return false;
  return true;
}

QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

}  // namespace

class TestExport : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  // A fresh empty folder per case, so "leaves nothing behind" can be checked exactly.
  QString freshDir(const QString& name) {
    const QString dir = tmp_.filePath(name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir;
  }

  // Frames 0..N-1 come out in order with the source's colours; held frames repeat N-1.
  void checkColours(const ProbedMedia& m, NumberedFrames& source, int sourceFrames, QSize size,
                    double tolerance) {
    for (int k = 0; k < m.frames(); ++k) {
      const auto want = expectedMean(source, std::min(k, sourceFrames - 1), size);
      QVERIFY2(closeColour(m.meanRgb[k], want, tolerance),
               qPrintable(QString("frame %1: mean RGB %2 %3 %4, expected %5 %6 %7")
                              .arg(k)
                              .arg(m.meanRgb[k][0])
                              .arg(m.meanRgb[k][1])
                              .arg(m.meanRgb[k][2])
                              .arg(want[0])
                              .arg(want[1])
                              .arg(want[2])));
    }
  }

 private slots:
  void formatFromPath() {
    QCOMPARE(exportFormatForPath("a/b.mp4"), ExportFormat::Mp4);
    QCOMPARE(exportFormatForPath("b.MP4"), ExportFormat::Mp4);
    QCOMPARE(exportFormatForPath("b.webm"), ExportFormat::WebM);
    QCOMPARE(exportFormatForPath("b.Gif"), ExportFormat::Gif);
    QCOMPARE(exportFormatForPath("b.webp"), ExportFormat::WebP);
    QCOMPARE(exportFormatForPath("frames/"), ExportFormat::PngFolder);
    SEQSCOPE_EXPECT_ERROR(exportFormatForPath("b.avi"), "b.avi", "\".avi\"", ".mp4", ".gif");
    SEQSCOPE_EXPECT_ERROR(exportFormatForPath("movie"), "movie", "no extension");
    SEQSCOPE_EXPECT_ERROR(exportFormatForPath(""), "no output path");
    QCOMPARE(parseExportSize("1280x720"), std::make_pair(1280, 720));
    QCOMPARE(parseExportSize(" 641 X 480 "), std::make_pair(641, 480));
    SEQSCOPE_EXPECT_ERROR(parseExportSize("1280*720"), "\"1280*720\"", "WIDTHxHEIGHT");
    SEQSCOPE_EXPECT_ERROR(parseExportSize("-2x4"), "\"-2x4\"");
    SEQSCOPE_EXPECT_ERROR(parseExportSize(""), "WIDTHxHEIGHT");
    SEQSCOPE_EXPECT_ERROR(ffmpeg::requireEncoder("no-such-encoder", "MP4"), "no-such-encoder",
                          "MP4");
  }

  void mp4() {
    const QString dir = freshDir("mp4");
    NumberedFrames source(20);
    ExportOptions o;
    o.outputPath = (dir + "/out.mp4").toStdString();
    o.width = 320;
    o.height = 240;
    o.fps = 25;
    o.holdLastSeconds = 0.2;  // 5 more frames showing frame 19
    const ExportResult r = exportAnimation(source, o);
    QVERIFY(!r.cancelled);
    QCOMPARE(r.frames, 25);
    QCOMPARE(r.seconds, 1.0);
    QCOMPARE(source.rendered, 20);  // held frames are not rendered again
    QCOMPARE(entries(dir), QStringList{"out.mp4"});
    const std::string bytes = readBytes(o.outputPath);
    QCOMPARE(r.bytes, std::uint64_t(bytes.size()));
    // faststart: the index (moov) precedes the media data, so players start at once.
    QVERIFY(bytes.find("moov") < bytes.find("mdat"));
    const ProbedMedia m = probeMedia(o.outputPath);
    QVERIFY(m.opened);
    QCOMPARE(m.codec, AV_CODEC_ID_H264);
    QCOMPARE(m.pixelFormat, AV_PIX_FMT_YUV420P);
    QCOMPARE(m.width, 320);
    QCOMPARE(m.height, 240);
    QCOMPARE(m.frames(), 25);
    QCOMPARE(av_q2d(m.avgFrameRate), 25.0);
    QVERIFY(std::abs(m.measuredFps() - 25.0) < 1e-6);
    checkColours(m, source, 20, {320, 240}, 4.0);
  }

  void webm() {
    const QString dir = freshDir("webm");
    NumberedFrames source(16);
    ExportOptions o;
    o.outputPath = (dir + "/out.webm").toStdString();
    o.width = 320;
    o.height = 180;
    o.fps = 25;
    exportAnimation(source, o);
    QCOMPARE(entries(dir), QStringList{"out.webm"});
    const ProbedMedia m = probeMedia(o.outputPath);
    QCOMPARE(m.codec, AV_CODEC_ID_VP9);
    QCOMPARE(m.pixelFormat, AV_PIX_FMT_YUV420P);
    QCOMPARE(m.width, 320);
    QCOMPARE(m.height, 180);
    QCOMPARE(m.frames(), 16);
    // WebM stores milliseconds: 40 ms a frame at 25 fps is exact.
    QVERIFY2(std::abs(m.measuredFps() - 25.0) < 1e-6, qPrintable(QString::number(m.measuredFps())));
    checkColours(m, source, 16, {320, 180}, 5.0);
  }

  void gif() {
    const QString dir = freshDir("gif");
    NumberedFrames source(20);
    ExportOptions o;
    o.outputPath = (dir + "/out.gif").toStdString();
    o.width = 200;  // odd sizes are fine outside yuv420p
    o.height = 151;
    o.fps = 20;
    int lastDone = -1, total = -1;
    exportAnimation(source, o, [&](int done, int all) {
      lastDone = done;
      total = all;
      return true;
    });
    QCOMPARE(total, 40);  // two passes: palette, then encoding
    QCOMPARE(lastDone, 40);
    QCOMPARE(source.rendered, 40);
    QCOMPARE(entries(dir), QStringList{"out.gif"});
    const ProbedMedia m = probeMedia(o.outputPath);
    QCOMPARE(m.codec, AV_CODEC_ID_GIF);
    QCOMPARE(m.width, 200);
    QCOMPARE(m.height, 151);
    QCOMPARE(m.frames(), 20);
    QVERIFY2(std::abs(m.measuredFps() - 20.0) < 1e-6, qPrintable(QString::number(m.measuredFps())));
    checkColours(m, source, 20, {200, 151}, 4.0);
    // One palette for the whole animation: every frame after the first uses the global colour
    // table (FFmpeg 5.1 stores the first frame's palette as its local table).
    const std::string bytes = readBytes(o.outputPath);
    const ProbedGif g = probeGif(bytes);
    QVERIFY(g.valid);
    QVERIFY(g.globalTable);
    QCOMPARE(g.images, 20);
    QCOMPARE(g.localTablesAfterFirst, 0);

    // Holding the last frame 1 s adds 20 frames that cost almost nothing (only the changed
    // rectangle of a frame is stored, and nothing changed).
    o.holdLastSeconds = 1.0;
    const ExportResult held = exportAnimation(source, o);
    QCOMPARE(probeMedia(o.outputPath).frames(), 40);
    QVERIFY2(held.bytes < bytes.size() + 40 * 64,
             qPrintable(QString("%1 -> %2 bytes").arg(bytes.size()).arg(held.bytes)));
  }

  void webp() {
    const QString dir = freshDir("webp");
    NumberedFrames source(12);
    ExportOptions o;
    o.outputPath = (dir + "/out.webp").toStdString();
    o.width = 160;
    o.height = 120;
    o.fps = 20;
    exportAnimation(source, o);
    QCOMPARE(entries(dir), QStringList{"out.webp"});
    ProbedWebP w = probeWebP(readBytes(o.outputPath));
    QVERIFY(w.valid);
    QVERIFY(w.hasAnimChunk);
    QCOMPARE(w.loopCount, 0);  // forever
    QCOMPARE(w.canvasWidth, 160);
    QCOMPARE(w.canvasHeight, 120);
    QCOMPARE(w.durationsMs, std::vector<int>(12, 50));
    // libwebp merges identical frames into one longer frame, so a hold shows up as duration.
    o.holdLastSeconds = 0.5;
    exportAnimation(source, o);
    w = probeWebP(readBytes(o.outputPath));
    int total = 0;
    for (int d : w.durationsMs) total += d;
    QCOMPARE(total, (12 + 10) * 50);
  }

  void pngFramesArePixelExact() {
    const QString root = freshDir("png");
    SyntheticFrameSource source(30);
    ExportOptions o;
    o.outputPath = (root + "/frames/").toStdString();
    o.width = 240;
    o.height = 135;
    o.fps = 20;
    o.from = 2;
    o.to = 9;
    o.holdLastSeconds = 0.1;  // 2 more copies of frame 9
    const ExportResult r = exportAnimation(source, o);
    QCOMPARE(r.frames, 10);
    QCOMPARE(entries(root), QStringList{"frames"});
    QStringList expected;
    for (int k = 0; k < 10; ++k) expected << QString("frame_%1.png").arg(k, 5, 10, QChar('0'));
    QCOMPARE(entries(root + "/frames"), expected);
    for (int k = 0; k < 10; ++k) {
      const QImage png(root + "/frames/" + expected[k]);
      const QImage want = source.renderFrame(std::min(2 + k, 9), {240, 135});
      QCOMPARE(png.convertToFormat(QImage::Format_ARGB32),
               want.convertToFormat(QImage::Format_ARGB32));
    }
    // Exporting again replaces the earlier frames instead of mixing old and new.
    o.to = 4;
    o.holdLastSeconds = 0;
    exportAnimation(source, o);
    QCOMPARE(entries(root + "/frames"), expected.mid(0, 3));
    QCOMPARE(entries(root), QStringList{"frames"});
    // A folder with the user's own files is never replaced.
    writeBytes((root + "/frames/notes.txt").toStdString(), "mine");
    SEQSCOPE_EXPECT_ERROR(exportAnimation(source, o), "frames", "holds other files");
    QVERIFY(entries(root + "/frames").contains("notes.txt"));
  }

  void cancelLeavesNothing_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("cancelAt");
    for (const char* name : {"c.mp4", "c.webm", "c.gif", "c.webp", "frames/"}) {
      QTest::newRow(qPrintable(QString(name) + " before start")) << name << 0;
      QTest::newRow(qPrintable(QString(name) + " mid-way")) << name << 5;
    }
    QTest::newRow("c.gif in the second pass") << "c.gif" << 15;
  }

  void cancelLeavesNothing() {
    QFETCH(QString, name);
    QFETCH(int, cancelAt);
    const QString dir = freshDir("cancel");
    NumberedFrames source(10);
    ExportOptions o;
    o.outputPath = (dir + "/" + name).toStdString();
    o.width = 64;
    o.height = 48;
    std::atomic<bool> cancelRequested{false};  // what a GUI's Cancel button would set
    const ExportResult r = exportAnimation(source, o, [&](int done, int) {
      if (done == cancelAt) cancelRequested = true;
      return !cancelRequested;
    });
    QVERIFY(r.cancelled);
    QCOMPARE(entries(dir), QStringList{});
    if (cancelAt == 0) QCOMPARE(source.rendered, 0);
  }

  void failureLeavesNothing() {
    for (const char* name : {"f.mp4", "f.gif", "f.webp", "frames/"}) {
      const QString dir = freshDir("fail");
      NumberedFrames source(10);
      ExportOptions o;
      o.outputPath = (dir + "/" + name).toStdString();
      o.width = 64;
      o.height = 48;
      source.throwAt = 6;
      SEQSCOPE_EXPECT_ERROR(exportAnimation(source, o), "failed at frame 6");
      QCOMPARE(entries(dir), QStringList{});
      source.throwAt = -1;
      source.wrongSize = true;
      SEQSCOPE_EXPECT_ERROR(exportAnimation(source, o), "66x48 instead of 64x48");
      QCOMPARE(entries(dir), QStringList{});
    }
  }

  void badOptions_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("fps");
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");  // -1: the last frame
    QTest::addColumn<double>("hold");
    QTest::addColumn<QStringList>("fragments");
    const QString ok = "out.mp4";
    QTest::newRow("unknown extension")
        << "out.avi" << 64 << 48 << 25 << 0 << -1 << 0.0 << QStringList{"out.avi", "\".avi\""};
    QTest::newRow("zero size") << ok << 0 << 48 << 25 << 0 << -1 << 0.0
                               << QStringList{"0x48", "empty"};
    QTest::newRow("tiny size") << ok << 8 << 8 << 25 << 0 << -1 << 0.0
                               << QStringList{"8x8", "at least 16"};
    QTest::newRow("odd width mp4")
        << ok << 65 << 48 << 25 << 0 << -1 << 0.0 << QStringList{"65x48", "even", "64x48"};
    QTest::newRow("odd height webm")
        << "o.webm" << 64 << 49 << 25 << 0 << -1 << 0.0 << QStringList{"64x49", "even"};
    QTest::newRow("above 4K") << ok << 4096 << 2160 << 25 << 0 << -1 << 0.0
                              << QStringList{"4096x2160", "3840x2160"};
    QTest::newRow("fps 0") << ok << 64 << 48 << 0 << 0 << -1 << 0.0
                           << QStringList{"fps 0", "1 to 60"};
    QTest::newRow("fps 61") << ok << 64 << 48 << 61 << 0 << -1 << 0.0 << QStringList{"fps 61"};
    QTest::newRow("gif fps 60") << "o.gif" << 64 << 48 << 60 << 0 << -1 << 0.0
                                << QStringList{"fps 60", "1 to 50", "1/100"};
    QTest::newRow("negative hold")
        << ok << 64 << 48 << 25 << 0 << -1 << -1.0 << QStringList{"hold time"};
    QTest::newRow("from past end")
        << ok << 64 << 48 << 25 << 10 << -1 << 0.0 << QStringList{"first frame 10", "0 to 9"};
    QTest::newRow("to past end") << ok << 64 << 48 << 25 << 0 << 10 << 0.0
                                 << QStringList{"last frame 10", "0 to 9"};
    QTest::newRow("negative from")
        << ok << 64 << 48 << 25 << -1 << -1 << 0.0 << QStringList{"first frame -1"};
    QTest::newRow("from after to") << ok << 64 << 48 << 25 << 5 << 3 << 0.0
                                   << QStringList{"first frame 5", "after last frame 3"};
    QTest::newRow("missing folder") << "no/such/out.mp4" << 64 << 48 << 25 << 0 << -1 << 0.0
                                    << QStringList{"no/such", "does not exist"};
    QTest::newRow("output is a folder")
        << "sub.mp4" << 64 << 48 << 25 << 0 << -1 << 0.0 << QStringList{"sub.mp4", "is a folder"};
    QTest::newRow("png target is a file") << "file.txt/" << 64 << 48 << 25 << 0 << -1 << 0.0
                                          << QStringList{"file.txt", "not a folder"};
  }

  void badOptions() {
    QFETCH(QString, path);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, fps);
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(double, hold);
    QFETCH(QStringList, fragments);
    const QString dir = freshDir("bad");
    QDir(dir).mkdir("sub.mp4");
    writeBytes((dir + "/file.txt").toStdString(), "x");
    const QStringList before = entries(dir);
    NumberedFrames source(10);
    ExportOptions o;
    o.outputPath = (dir + "/" + path).toStdString();
    o.width = width;
    o.height = height;
    o.fps = fps;
    o.from = from;
    if (to >= 0) o.to = to;
    o.holdLastSeconds = hold;
    bool thrown = false;
    try {
      exportAnimation(source, o);
    } catch (const Error& e) {
      thrown = true;
      for (const QString& f : fragments)
        QVERIFY2(QString(e.what()).contains(f),
                 qPrintable(QString("\"%1\" lacks \"%2\"").arg(e.what(), f)));
    }
    QVERIFY(thrown);
    QCOMPARE(source.rendered, 0);
    QCOMPARE(entries(dir), before);
  }

  void unwritableFolder() {
    // /proc accepts no new files, even for root (for whom permission bits do not apply).
    NumberedFrames source(4);
    ExportOptions o;
    o.outputPath = "/proc/seqscope-export-test.mp4";
    o.width = 64;
    o.height = 48;
    SEQSCOPE_EXPECT_ERROR(exportAnimation(source, o), "/proc", "writ");
    QVERIFY(!fs::exists(o.outputPath));
  }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
