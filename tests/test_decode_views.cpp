// The attention and state views of a DecodeTrace: what rows are pending at frame k, which
// cells are masked, the fixed colour scale of a state, the norm plot's coordinate mapping,
// and that render() paints what the data says, at any size.
#include <QImage>
#include <QPainter>

#include "gui_test_main.h"
#include "views/attention_map_view.h"
#include "views/decode_heatmaps.h"
#include "views/heatmap_view.h"
#include "views/norm_plot.h"
#include "views/norm_plot_geometry.h"
#include "views/state_evolution_view.h"

using namespace seqscope;

namespace {

// Two layers over 4 tokens: a softmax attention layer (a growing KV cache) and a Gated
// DeltaNet layer whose 2x2 state grows by one unit in cell (0, 0) per token.
std::shared_ptr<DecodeTrace> makeTrace(bool causal = true, int window = 0) {
  auto t = std::make_shared<DecodeTrace>();
  t->modelName = "toy";
  t->layerKinds = {"attention", "gated_deltanet"};
  t->attentionCausal = causal;
  t->attentionWindow = window;
  t->tokens = {0, 1, 2, 3};
  t->tokenLabels = {"a", "b", " ", "d"};
  auto maps = std::make_shared<std::vector<LayerAttention>>();
  Mat w0 = Mat::Zero(4, 4), w1 = Mat::Zero(4, 4);
  for (int i = 0; i < 4; ++i) {
    w0(i, 0) = 1;  // head 0 always looks at the first token
    w1(i, i) = 1;  // head 1 at the current one
  }
  maps->push_back({{w0, w1}, {"head 0", "head 1"}});
  maps->push_back({{w1}, {"head 0"}});
  t->attention = maps;
  for (int p = 0; p < 4; ++p) {
    auto f = std::make_shared<DecodeFrame>();
    f->position = p;
    LayerSnapshot kv;
    kv.slices.push_back({"K head 0", Mat::Constant(p + 1, 2, 0.5f)});
    kv.norms.push_back(float(kv.slices[0].values.norm()));
    LayerSnapshot s;
    Mat m = Mat::Zero(2, 2);
    m(0, 0) = float(p + 1);
    m(1, 1) = -1;
    s.slices.push_back({"S head 0", m});
    s.norms.push_back(float(m.norm()));
    f->layers = {kv, s};
    f->meter = {p + 1, 1, 1e-5, std::size_t(16 * (p + 1)), 100.0 * (p + 1)};
    t->frames.push_back(f);
  }
  return t;
}

}  // namespace

class TestDecodeViews : public QObject {
  Q_OBJECT

 private slots:
  void attentionRowsAppearFrameByFrame() {
    const auto t = makeTrace();
    const HeatmapData d = DecodeHeatmaps::attention(*t, 0, 0, 1);
    QCOMPARE(d.rows(), 4);
    QCOMPARE(d.pendingFromRow, 2);  // frame 1: queries 0 and 1 computed
    QVERIFY(!d.isPending(1));
    QVERIFY(d.isPending(2));
    QVERIFY(d.isMasked(0, 1));  // causal: query 0 cannot see key 1
    QVERIFY(!d.isMasked(1, 0));
    QCOMPARE(d.values(3, 0), Real(1));
    QCOMPARE(DecodeHeatmaps::attention(*t, 0, 0, 3).pendingFromRow, -1);  // all rows done
    QCOMPARE(DecodeHeatmaps::attention(*t, 0, 0, 99).pendingFromRow, -1);  // clamped
    QVERIFY(d.title.contains("softmax attention"));
    QCOMPARE(d.rowLabels[2], QString(" "));
  }

  void meanOverHeadsAndImplicitAttention() {
    const auto t = makeTrace();
    const HeatmapData mean = DecodeHeatmaps::attention(*t, 0, -1, 3);
    QCOMPARE(mean.values(2, 0), Real(0.5));
    QCOMPARE(mean.values(2, 2), Real(0.5));
    QCOMPARE(mean.values(0, 0), Real(1));
    QVERIFY(mean.title.contains("mean of 2 heads"));
    const HeatmapData implicit = DecodeHeatmaps::attention(*t, 1, 0, 3);
    QVERIFY(implicit.title.contains("implicit attention (Gated DeltaNet)"));
    QVERIFY(implicit.isMasked(0, 3));  // recurrent mixers are causal
  }

  void slidingWindowAndBidirectionalMasks() {
    const auto windowed = makeTrace(true, 2);
    const HeatmapData w = DecodeHeatmaps::attention(*windowed, 0, 0, 3);
    QVERIFY(w.isMasked(3, 0));   // 3 - 0 >= window
    QVERIFY(!w.isMasked(3, 2));
    const auto bidirectional = makeTrace(false);
    const HeatmapData b = DecodeHeatmaps::attention(*bidirectional, 0, 0, 3);
    QVERIFY(!b.isMasked(0, 3));
  }

  void stateScaleIsFixedOverTheRun() {
    const auto t = makeTrace();
    const HeatmapData early = DecodeHeatmaps::state(*t, 1, 0, 0);
    const HeatmapData late = DecodeHeatmaps::state(*t, 1, 0, 3);
    QCOMPARE(early.hi, 4.0);  // the largest |value| of the whole run, not of frame 0
    QCOMPARE(late.hi, 4.0);
    QCOMPARE(early.lo, -4.0);
    QCOMPARE(early.values(0, 0), Real(1));
    QCOMPARE(late.values(0, 0), Real(4));
    // A KV cache grows: padded to the sequence, the future rows pending.
    const HeatmapData kv = DecodeHeatmaps::state(*t, 0, 0, 1);
    QCOMPARE(kv.rows(), 4);
    QCOMPARE(kv.pendingFromRow, 2);
  }

  void normPlotGeometryMapsBothWays() {
    const NormPlotGeometry g(QSizeF(400, 200), 11, 5.0, 50, 20, 10, 30);
    QCOMPARE(g.plotRect(), QRectF(50, 20, 340, 150));
    QCOMPARE(g.xOf(0), 50.0);
    QCOMPARE(g.xOf(10), 390.0);
    QCOMPARE(g.yOf(0), 170.0);
    QCOMPARE(g.yOf(5), 20.0);
    QCOMPARE(g.yOf(10), 20.0);  // clamped
    for (int f = 0; f <= 10; ++f) QCOMPARE(g.frameAt(g.xOf(f)), f);
    QCOMPARE(g.frameAt(-100), 0);
    QCOMPARE(g.frameAt(1000), 10);
    QCOMPARE(NormPlotGeometry(QSizeF(100, 100), 1, 0).maxValue(), 1.0);
  }

  void attentionViewRendersTheCellsItMaps() {
    AttentionMapView view;
    view.resize(500, 500);
    view.setTrace(makeTrace());
    view.setLayer(0);
    view.setHead(0);
    view.setFrame(1);
    for (QSize size : {QSize(400, 400), QSize(900, 700)}) {
      QImage image(size, QImage::Format_ARGB32);
      image.fill(Qt::white);
      QPainter p(&image);
      view.render(p, size);
      p.end();
      const HeatmapGeometry g = view.heatmap()->geometryFor(size);
      const QColor hot = ColorMap::viridis().color(1.0, 0.0, 1.0);
      auto at = [&](int r, int c) { return QColor(image.pixel(g.cellRect(r, c).center().toPoint())); };
      QCOMPARE(at(1, 0), hot);                                 // query 1 looks at token 0
      QCOMPARE(at(0, 1), HeatmapData::maskedColor());          // causal mask
      QCOMPARE(at(3, 0), HeatmapData::pendingColor());         // not read yet at frame 1
    }
  }

  void stateViewSplitsMatrixAndNormPlot() {
    StateEvolutionView view;
    view.resize(800, 600);
    view.setTrace(makeTrace());
    view.setLayer(1);
    view.setFrame(2);
    const auto [top, bottom] = StateEvolutionView::split(QSize(800, 600));
    QCOMPARE(top.height() + bottom.height(), 600);
    QVERIFY(bottom.height() >= 60);
    QImage image(800, 600, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    view.render(p, image.size());
    p.end();
    const HeatmapGeometry g = view.heatmap()->geometryFor(top.size());
    const HeatmapData& d = view.heatmap()->data();
    QCOMPARE(d.values(0, 0), Real(3));  // frame 2: the state after three tokens
    QCOMPARE(QColor(image.pixel(g.cellRect(0, 0).center().toPoint())),
             d.colorMap->color(3.0, d.lo, d.hi));
    // The toggle shows the implicit attention of the same layer instead.
    view.setShowImplicitAttention(true);
    QVERIFY(view.heatmap()->data().title.contains("implicit attention"));
  }
};

SEQSCOPE_GUI_TEST_MAIN(TestDecodeViews)
#include "test_decode_views.moc"
