#pragma once
// A matrix as a heatmap: title, row and column token labels (thinned when they would
// overlap), a colour legend with its numeric range, masked cells in a neutral grey, and a
// hover tooltip naming the row token, the column token and the value.
//
// render(QPainter&, QSize) is the only drawing code (views/cached_view.h): the widget draws it
// through a cached pixmap (redrawn only when the data, the size or the font change, since hovering repaints
// often), and export, screenshots and tests call render() on an image of any size.
#include <QFont>
#include <QFontMetricsF>
#include <optional>

#include "views/cached_view.h"
#include "views/heatmap_data.h"
#include "views/heatmap_geometry.h"

namespace seqscope {

class HeatmapView : public CachedView {
  Q_OBJECT

 public:
  // Cells this large (pixels) or larger are comfortable to read; below it, titles and type
  // give way to the matrix.
  static constexpr double kComfortableCell = 12;
  // Below this even with small type, the labels and the colour bar go too (a bare matrix).
  static constexpr double kMinimumCell = 4;

  explicit HeatmapView(QWidget* parent = nullptr);

  void setData(HeatmapData data);
  const HeatmapData& data() const { return data_; }
  // Text shown instead of a matrix while there is none ("computing...", an error).
  void setPlaceholder(const QString& text);
  QString placeholder() const { return placeholder_; }
  // Square cells for matrices whose two axes mean the same kind of thing; on by default.
  void setSquareCells(bool square);

  void render(QPainter& painter, QSize size) const override;
  QImage renderToImage(QSize size) const;
  // The layout render() uses at this size (see layoutFor: titles and type give way to cells).
  HeatmapGeometry geometryFor(QSize size) const;
  // The hover text of a cell.
  QString cellDescription(int row, int col) const;

  QSize sizeHint() const override { return {600, 600}; }
  QSize minimumSizeHint() const override { return {120, 100}; }

 signals:
  // The cell under the mouse, or (-1, -1) when it leaves the matrix.
  void cellHovered(int row, int col);

 protected:
  void paintOverlay(QPainter& painter) override;
  bool event(QEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  struct Fonts {
    QFont label, title;
    QFontMetricsF labelMetrics, titleMetrics;
    Fonts(const QFont& base, const QFont& bold)
        : label(base), title(bold), labelMetrics(base), titleMetrics(bold) {}
  };
  // The type and geometry render() uses at a size: the first of (widget type with titles,
  // without titles, smaller type) whose cells reach kComfortableCell, else the largest cells,
  // else (under kMinimumCell) the bare matrix.
  // What is drawn around the matrix: everything; no title and axis titles; nothing.
  enum class Detail { Full, NoTitles, Bare };
  struct Layout {
    Fonts f;
    HeatmapGeometry g;
    Detail detail;
  };
  Layout layoutFor(QSize size) const;  // chooseLayout(), cached while its inputs stay the same
  Layout chooseLayout(QSize size) const;
  Fonts fonts() const;
  HeatmapGeometry::Margins margins(const Fonts& f, Detail detail) const;
  QStringList legendTicks() const;
  std::vector<double> legendTickValues() const;
  void drawMatrix(QPainter& p, const HeatmapGeometry& g) const;
  void drawLabels(QPainter& p, const HeatmapGeometry& g, const Fonts& f, bool titles) const;
  void drawLegend(QPainter& p, const HeatmapGeometry& g, const Fonts& f) const;
  void setHover(std::optional<HeatmapGeometry::Cell> cell);

  HeatmapData data_;
  QString widestRowLabel_;  // in the widget's type (setData)
  mutable std::optional<std::pair<QString, Layout>> layoutCache_;
  QString placeholder_;
  bool squareCells_ = true;
  std::optional<HeatmapGeometry::Cell> hover_;
};

}  // namespace seqscope
