// Views: the pure geometry of a heatmap, the colour maps, and HeatmapView's rendering
// checked pixel by pixel on an offscreen image.
#include <QImage>
#include <QPainter>

#include "core/util/format_bytes.h"
#include "gui_test_main.h"
#include "views/color_map.h"
#include "views/heatmap_geometry.h"
#include "views/heatmap_view.h"

using namespace seqscope;

namespace {

HeatmapGeometry::Margins someMargins() {
  HeatmapGeometry::Margins m;
  m.title = 24;
  m.rowAxisTitle = 18;
  m.rowLabels = 30;
  m.columnLabels = 16;
  m.columnAxisTitle = 18;
  m.legendLabels = 40;
  return m;
}

// A 3 x 4 matrix with distinct values in [0, 1].
HeatmapData knownMatrix() {
  HeatmapData d;
  d.values = Mat(3, 4);
  d.values << 0.0f, 0.1f, 0.2f, 0.3f,  //
      0.4f, 0.5f, 0.6f, 0.7f,          //
      0.8f, 0.9f, 1.0f, 0.25f;
  d.rowLabels = QStringList{"a", "b", "c"};
  d.columnLabels = QStringList{"w", "x", " ", "z"};
  d.title = "known";
  d.rowName = "query";
  d.columnName = "key";
  d.valueName = "weight";
  d.colorMap = &ColorMap::viridis();
  d.lo = 0;
  d.hi = 1;
  return d;
}

}  // namespace

class TestViews : public QObject {
  Q_OBJECT

 private slots:
  // The one byte formatter of captions, the command line and the status bar.
  void formatBytesPicksTheUnitAndRoundsHalvesUp() {
    QCOMPARE(formatBytes(0), std::string("0 B"));
    QCOMPARE(formatBytes(1023), std::string("1023 B"));
    QCOMPARE(formatBytes(1024), std::string("1.0 KiB"));
    QCOMPARE(formatBytes(6.25 * 1024), std::string("6.3 KiB"));  // printf alone gives 6.2
    QCOMPARE(formatBytes(1.5 * 1024 * 1024), std::string("1.5 MiB"));
    QCOMPARE(formatBytes(1.5 * 1024 * 1024, 2), std::string("1.50 MiB"));
  }

  void geometryRoundTrip_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<bool>("square");
    QTest::newRow("square map") << QSize(800, 600) << 31 << 31 << true;
    QTest::newRow("wide, stretched") << QSize(900, 300) << 4 << 50 << false;
    QTest::newRow("tall state") << QSize(500, 700) << 32 << 16 << true;
    QTest::newRow("sub-pixel cells") << QSize(400, 400) << 1000 << 1000 << true;
    QTest::newRow("one row") << QSize(640, 480) << 1 << 64 << false;
  }
  void geometryRoundTrip() {
    QFETCH(QSize, size);
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(bool, square);
    const auto m = someMargins();
    const HeatmapGeometry g(size, rows, cols, m, square);
    if (square) QCOMPARE(g.cellWidth(), g.cellHeight());
    const QRectF mat = g.matrixRect();
    QCOMPARE(mat.width(), g.cellWidth() * cols);
    QCOMPARE(mat.height(), g.cellHeight() * rows);
    // The matrix leaves room for its labels, title and legend and stays inside the widget.
    QVERIFY(mat.left() >= m.padding + m.rowAxisTitle + m.rowLabels + m.labelGap - 0.5);
    QVERIFY(mat.top() >= m.padding + m.title - 0.5);
    QVERIFY(mat.bottom() + m.labelGap + m.columnLabels + m.columnAxisTitle <=
            size.height() - m.padding + 0.5);
    QVERIFY(g.legendLabelsRect().right() <= size.width() - m.padding + 0.5);
    for (int r = 0; r < rows; r += std::max(1, rows / 17))
      for (int c = 0; c < cols; c += std::max(1, cols / 13)) {
        const auto cell = g.cellAt(g.cellCenter(r, c));
        QVERIFY2(cell.has_value(), qPrintable(QString("cell %1,%2").arg(r).arg(c)));
        QCOMPARE(cell->row, r);
        QCOMPARE(cell->col, c);
      }
    // The corners of the matrix map to its corner cells; just outside maps to nothing.
    QCOMPARE(g.cellAt(mat.topLeft()), (HeatmapGeometry::Cell{0, 0}));
    QCOMPARE(g.cellAt(mat.bottomRight() - QPointF(0.01, 0.01)),
             (HeatmapGeometry::Cell{rows - 1, cols - 1}));
    QVERIFY(!g.cellAt(mat.topLeft() - QPointF(1, 0)));
    QVERIFY(!g.cellAt(mat.bottomRight()));
    QVERIFY(!g.cellAt(QPointF(mat.right() + 1, mat.center().y())));
  }

  void geometryWholePixelCells() {
    const HeatmapGeometry g(QSize(777, 555), 20, 20, someMargins(), true);
    QCOMPARE(g.cellWidth(), std::floor(g.cellWidth()));
    QCOMPARE(g.matrixRect().left(), std::floor(g.matrixRect().left()));
    QCOMPARE(g.matrixRect().top(), std::floor(g.matrixRect().top()));
  }

  void geometryLabelRects() {
    const HeatmapGeometry g(QSize(800, 600), 10, 12, someMargins(), true);
    const QRectF mat = g.matrixRect();
    QCOMPARE(g.rowLabelRect(3).right(), mat.left() - someMargins().labelGap);
    QCOMPARE(g.rowLabelRect(3).center().y(), g.cellCenter(3, 0).y());
    QCOMPARE(g.columnLabelRect(5).center().x(), g.cellCenter(0, 5).x());
    QCOMPARE(g.columnLabelRect(5).top(), mat.bottom() + someMargins().labelGap);
    QVERIFY(g.titleRect().bottom() <= mat.top());
    QVERIFY(g.rowAxisTitleRect().right() <= g.rowLabelRect(0).left());
    QVERIFY(g.columnAxisTitleRect().top() >= g.columnLabelRect(0).bottom());
  }

  void legendPlacement() {
    const auto m = someMargins();
    const HeatmapGeometry g(QSize(800, 600), 16, 16, m, true);
    const QRectF bar = g.legendBarRect();
    QCOMPARE(bar.left(), g.matrixRect().right() + m.legendGap);
    QCOMPARE(bar.width(), m.legendBar);
    QCOMPARE(bar.top(), g.matrixRect().top());  // as tall as the matrix
    QCOMPARE(bar.height(), g.matrixRect().height());
    QCOMPARE(g.legendLabelsRect().left(), bar.right());
    QCOMPARE(g.legendY(1.0, -1.0, 1.0), bar.top());
    QCOMPARE(g.legendY(-1.0, -1.0, 1.0), bar.bottom());
    QCOMPARE(g.legendY(0.0, -1.0, 1.0), bar.center().y());
    QCOMPARE(g.legendY(5.0, -1.0, 1.0), bar.top());  // clamped
    // A one-row matrix still gets a legend tall enough for three tick labels.
    const HeatmapGeometry v(QSize(800, 600), 1, 40, m, true);
    QVERIFY(v.legendBarRect().height() >= 120);
    QCOMPARE(v.legendBarRect().top(), v.matrixRect().top());
    QVERIFY(v.legendBarRect().bottom() <= 600 - m.padding);
  }

  void labelThinning() {
    QCOMPARE(HeatmapGeometry::labelStep(20, 14), 1);
    QCOMPARE(HeatmapGeometry::labelStep(14, 14), 1);
    QCOMPARE(HeatmapGeometry::labelStep(10, 14), 2);
    QCOMPARE(HeatmapGeometry::labelStep(5, 14), 5);
    QCOMPARE(HeatmapGeometry::labelStep(1, 14), 20);
    QCOMPARE(HeatmapGeometry::labelStep(0.5, 14), 50);
    QCOMPARE(HeatmapGeometry::labelStep(0.01, 14), 2000);
    QCOMPARE(HeatmapGeometry::labelIndices(10, 5), (std::vector<int>{0, 5}));
    QCOMPARE(HeatmapGeometry::labelIndices(11, 5), (std::vector<int>{0, 5, 10}));
    QCOMPARE(HeatmapGeometry::labelIndices(3, 1), (std::vector<int>{0, 1, 2}));
    // Answer rows first, then the regular ones that keep their distance from them.
    QCOMPARE(HeatmapGeometry::labelIndices(17, 4, {9, 11, 13, 15}), (std::vector<int>{0, 4, 9, 13}));
    QCOMPARE(HeatmapGeometry::labelIndices(17, 2, {9, 11}), (std::vector<int>{0, 2, 4, 6, 9, 11, 14, 16}));
    QCOMPARE(HeatmapGeometry::labelIndices(17, 1, {9}), HeatmapGeometry::labelIndices(17, 1));
    // Labels shown along a real axis never overlap: their spacing is at least a label.
    const HeatmapGeometry g(QSize(600, 600), 300, 300, someMargins(), true);
    const double labelHeight = 15;
    const int step = HeatmapGeometry::labelStep(g.cellHeight(), labelHeight);
    QVERIFY(step > 1);
    const auto shown = HeatmapGeometry::labelIndices(300, step);
    for (std::size_t i = 1; i < shown.size(); ++i)
      QVERIFY(g.rowLabelRect(shown[i]).center().y() - g.rowLabelRect(shown[i - 1]).center().y() >=
              labelHeight);
  }

  void viridisEndpointsAndLightness() {
    const ColorMap& v = ColorMap::viridis();
    QCOMPARE(v.rgbAt(0.0), qRgb(0x44, 0x01, 0x54));
    QCOMPARE(v.rgbAt(1.0), qRgb(0xfd, 0xe7, 0x25));
    QCOMPARE(v.rgbAt(0.5), qRgb(0x21, 0x91, 0x8c));
    QVERIFY(!v.isDiverging());
    double previous = -1;
    for (int i = 0; i < ColorMap::kSize; ++i) {
      const double L = ColorMap::lightness(v.rgbAt((i + 0.5) / ColorMap::kSize));
      QVERIFY2(L >= previous - 0.05,
               qPrintable(QString("entry %1: L* %2 after %3").arg(i).arg(L).arg(previous)));
      previous = std::max(previous, L);
    }
    QVERIFY(ColorMap::lightness(v.rgbAt(0)) < 20);
    QVERIFY(ColorMap::lightness(v.rgbAt(1)) > 85);
  }

  void colorMapRange() {
    const ColorMap& v = ColorMap::viridis();
    QCOMPARE(v.rgb(2.0, 2.0, 4.0), v.rgbAt(0));
    QCOMPARE(v.rgb(4.0, 2.0, 4.0), v.rgbAt(1));
    QCOMPARE(v.rgb(-10.0, 2.0, 4.0), v.rgbAt(0));  // clamped
    QCOMPARE(v.rgb(10.0, 2.0, 4.0), v.rgbAt(1));
    QCOMPARE(v.rgb(3.0, 2.0, 4.0), v.rgbAt(0.5));
    QCOMPARE(v.rgb(1.0, 1.0, 1.0), v.rgbAt(0.5));  // degenerate range
    QCOMPARE(v.rgb(std::nan(""), 0.0, 1.0), v.rgbAt(0));
    QCOMPARE(v.color(0.0, 0.0, 1.0), QColor(0x44, 0x01, 0x54));
  }

  void coolWarmIsDivergingAndSymmetric() {
    const ColorMap& d = ColorMap::coolWarm();
    QVERIFY(d.isDiverging());
    auto near = [](QRgb c, int r, int g, int b) {
      return std::abs(qRed(c) - r) <= 2 && std::abs(qGreen(c) - g) <= 2 &&
             std::abs(qBlue(c) - b) <= 2;
    };
    // Moreland's published end and middle points.
    QVERIFY(near(d.rgbAt(0), 59, 76, 192));
    QVERIFY(near(d.rgbAt(1), 180, 4, 38));
    const QRgb mid = d.rgb(0.0, -1.0, 1.0);
    QVERIFY2(near(mid, 221, 221, 221), qPrintable(QColor(mid).name()));
    // Blue below zero, red above; lightness rises to zero and falls after it, symmetrically
    // (within 0.15 L*: the rounding of the table to 8-bit sRGB, largest near the flat middle).
    QVERIFY(qBlue(d.rgb(-0.5, -1, 1)) > qRed(d.rgb(-0.5, -1, 1)));
    QVERIFY(qRed(d.rgb(0.5, -1, 1)) > qBlue(d.rgb(0.5, -1, 1)));
    for (int i = 1; i < ColorMap::kSize / 2; ++i) {
      const double t0 = (i - 0.5) / ColorMap::kSize, t1 = (i + 0.5) / ColorMap::kSize;
      QVERIFY(ColorMap::lightness(d.rgbAt(t1)) >= ColorMap::lightness(d.rgbAt(t0)) - 0.15);
      QVERIFY(ColorMap::lightness(d.rgbAt(1 - t1)) >= ColorMap::lightness(d.rgbAt(1 - t0)) - 0.15);
      QVERIFY(std::abs(ColorMap::lightness(d.rgbAt(t0)) - ColorMap::lightness(d.rgbAt(1 - t0))) <
              3);
    }
  }

  void maskedColourIsDistinct() {
    // Masked must never be mistaken for a value: far from the zero colour of both maps.
    const QRgb masked = HeatmapData::maskedColor().rgb();
    const double L = ColorMap::lightness(masked);
    QVERIFY(std::abs(L - ColorMap::lightness(ColorMap::viridis().rgbAt(0))) > 40);
    QVERIFY(std::abs(L - ColorMap::lightness(ColorMap::coolWarm().rgbAt(0.5))) > 10);
    QCOMPARE(qRed(masked), qGreen(masked));  // neutral: no hue of its own
    QCOMPARE(qGreen(masked), qBlue(masked));
  }

  void renderShowsCellColours() {
    HeatmapView view;
    view.setData(knownMatrix());
    for (const QSize size : {QSize(400, 300), QSize(700, 500), QSize(300, 600)}) {
      const QImage image = view.renderToImage(size);
      const HeatmapGeometry g = view.geometryFor(size);
      QVERIFY(g.cellWidth() > 10);
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) {
          const QPoint p = g.cellCenter(r, c).toPoint();
          const QRgb expected = ColorMap::viridis().rgb(view.data().values(r, c), 0, 1);
          QCOMPARE(QColor(image.pixel(p)), QColor(expected));
        }
    }
  }

  void renderIntoAnyPainter() {
    // render() honours the painter's transform: drawn at an offset inside a larger image.
    HeatmapView view;
    view.setData(knownMatrix());
    QImage image(QSize(600, 500), QImage::Format_RGB32);
    image.fill(Qt::black);
    QPainter p(&image);
    p.translate(100, 50);
    view.render(p, QSize(400, 300));
    p.end();
    const QPoint inside =
        view.geometryFor(QSize(400, 300)).cellCenter(1, 2).toPoint() + QPoint(100, 50);
    QCOMPARE(QColor(image.pixel(inside)), ColorMap::viridis().color(0.6, 0, 1));
    QCOMPARE(QColor(image.pixel(50, 25)), QColor(Qt::black));   // outside: untouched
    QCOMPARE(QColor(image.pixel(102, 52)), QColor(Qt::white));  // background filled
  }

  void maskedCellsUseTheBackgroundColour() {
    HeatmapData d;
    d.values = Mat::Zero(5, 5);  // zero weight everywhere, so masked must differ from zero
    d.mask = HeatmapData::causalMask(5);
    d.colorMap = &ColorMap::viridis();
    d.lo = 0;
    d.hi = 1;
    HeatmapView view;
    view.setData(d);
    const QSize size(400, 400);
    const QImage image = view.renderToImage(size);
    const HeatmapGeometry g = view.geometryFor(size);
    QCOMPARE(QColor(image.pixel(g.cellCenter(0, 4).toPoint())), HeatmapData::maskedColor());
    QCOMPARE(QColor(image.pixel(g.cellCenter(1, 2).toPoint())), HeatmapData::maskedColor());
    QCOMPARE(QColor(image.pixel(g.cellCenter(2, 2).toPoint())), ColorMap::viridis().color(0, 0, 1));
    QCOMPARE(QColor(image.pixel(g.cellCenter(4, 0).toPoint())), ColorMap::viridis().color(0, 0, 1));
    QVERIFY(HeatmapData::maskedColor() != ColorMap::viridis().color(0, 0, 1));
  }

  void causalMaskWithWindow() {
    const auto m = HeatmapData::causalMask(6, 3);
    QVERIFY(!m(0, 0));
    QVERIFY(m(0, 1));
    QVERIFY(!m(5, 3));
    QVERIFY(m(5, 2));  // 5 - 2 = 3 >= window
    QVERIFY(!m(2, 0));
  }

  void autoScaleChoosesTheMap() {
    HeatmapData d;
    d.values = Mat(2, 2);
    d.values << 0.1f, 0.5f, 0.2f, 0.0f;
    d.autoScale();
    QCOMPARE(d.colorMap, &ColorMap::viridis());
    QCOMPARE(d.lo, 0.0);
    QCOMPARE(d.hi, 0.5);
    d.values << -0.3f, 0.5f, 0.2f, 0.0f;
    d.autoScale();
    QCOMPARE(d.colorMap, &ColorMap::coolWarm());
    QCOMPARE(d.lo, -0.5);
    QCOMPARE(d.hi, 0.5);
    // Masked cells do not count.
    d.mask = HeatmapData::causalMask(2);
    d.values << 0.1f, -9.0f, 0.2f, 0.3f;
    d.autoScale();
    QCOMPARE(d.colorMap, &ColorMap::viridis());
    QCOMPARE(d.hi, double(0.3f));
  }

  void hoverTextNamesTokensAndValue() {
    HeatmapView view;
    view.setData(knownMatrix());
    const QString text = view.cellDescription(1, 2);
    QVERIFY2(text.contains("query 1 \u201cb\u201d"), qPrintable(text));
    QVERIFY2(text.contains("key 2 \u201c\u2423\u201d"), qPrintable(text));  // a space, made visible
    QVERIFY2(text.contains("weight 0.6"), qPrintable(text));
    QVERIFY(view.cellDescription(3, 0).isEmpty());
    HeatmapData d = knownMatrix();
    d.mask = HeatmapData::Mask::Constant(3, 4, false);
    d.mask(0, 3) = true;
    view.setData(d);
    QVERIFY(view.cellDescription(0, 3).contains("masked"));
  }

  void pixmapCacheRedrawsOnlyOnChange() {
    HeatmapView view;
    view.setData(knownMatrix());
    view.resize(500, 400);
    view.grab();
    QCOMPARE(view.cacheRedraws(), 1);
    view.grab();
    view.grab();
    QCOMPARE(view.cacheRedraws(), 1);  // same data, same size: the cached pixmap is reused
    view.setData(knownMatrix());
    view.grab();
    QCOMPARE(view.cacheRedraws(), 2);
    view.resize(520, 400);
    view.grab();
    QCOMPARE(view.cacheRedraws(), 3);
    // What the widget shows is what render() draws.
    const QImage shown = view.grab().toImage();
    const QImage rendered = view.renderToImage(view.size());
    const QPoint p = view.geometryFor(view.size()).cellCenter(2, 1).toPoint();
    QCOMPARE(shown.pixel(p), rendered.pixel(p));
  }

  void placeholderWithoutData() {
    HeatmapView view;
    view.setPlaceholder("Computing");
    const QImage image = view.renderToImage(QSize(300, 200));
    bool anyDark = false;
    for (int y = 0; y < image.height() && !anyDark; ++y)
      for (int x = 0; x < image.width() && !anyDark; ++x) anyDark = qGray(image.pixel(x, y)) < 100;
    QVERIFY(anyDark);  // the text is drawn
    QVERIFY(!view.geometryFor(QSize(300, 200)).cellAt(QPointF(150, 100)));
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestViews)
#include "test_views.moc"
