#include "views/heatmap_view.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <optional>

#include "views/render_image.h"

namespace seqscope {
namespace {

// Fixed dark-on-white colours rather than the desktop palette: a heatmap exported for slides
// or shown on a projector must look the same whatever theme the presenter's desktop uses.
const QColor kFrame(0x60, 0x60, 0x60);

QString formatValue(double v) {
  if (v == 0) return QStringLiteral("0");
  return QString::number(v, 'g', 3);
}

}  // namespace

HeatmapView::HeatmapView(QWidget* parent) : CachedView(parent) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);  // the cached pixmap covers every pixel
}

void HeatmapView::setData(HeatmapData data) {
  data_ = std::move(data);
  hover_.reset();
  // The widest row label, found once per data: layoutFor() tries up to eight sets of type per
  // paint, and each measures only this label instead of every row's.
  widestRowLabel_.clear();
  const QFontMetricsF fm(font());
  double widest = -1;
  for (int r = 0; r < data_.rows(); ++r) {
    const QString label = HeatmapData::visibleToken(data_.rowLabel(r));
    if (const double w = fm.horizontalAdvance(label); w > widest) {
      widest = w;
      widestRowLabel_ = label;
    }
  }
  invalidate();
}

void HeatmapView::setPlaceholder(const QString& text) {
  placeholder_ = text;
  invalidate();
}

void HeatmapView::setSquareCells(bool square) {
  squareCells_ = square;
  invalidate();
}

HeatmapView::Fonts HeatmapView::fonts() const {
  QFont title = font();
  title.setBold(true);
  title.setPointSizeF(font().pointSizeF() * 1.15);
  return Fonts(font(), title);
}

std::vector<double> HeatmapView::legendTickValues() const {
  const double mid = data_.colorMap->isDiverging() ? 0.0 : (data_.lo + data_.hi) / 2;
  return {data_.lo, mid, data_.hi};
}

QStringList HeatmapView::legendTicks() const {
  QStringList out;
  for (double v : legendTickValues()) out << formatValue(v);
  return out;
}

HeatmapGeometry::Margins HeatmapView::margins(const Fonts& f, Detail detail) const {
  HeatmapGeometry::Margins m;
  if (detail == Detail::Bare) {
    m.legendGap = m.legendBar = m.labelGap = 0;
    return m;
  }
  const bool titles = detail == Detail::Full;
  const double lh = f.labelMetrics.height();
  // Without a title line, still half a label line above the matrix: the colour bar's top tick
  // label is centred on the matrix's top edge.
  m.title = data_.title.isEmpty() || !titles ? std::ceil(lh * 0.6) : f.titleMetrics.height() * 1.6;
  m.rowAxisTitle = data_.rowAxisTitle.isEmpty() || !titles ? 0 : lh * 1.4;
  m.columnAxisTitle = data_.columnAxisTitle.isEmpty() || !titles ? 0 : lh * 1.4;
  m.rowLabels = std::ceil(f.labelMetrics.horizontalAdvance(widestRowLabel_)) + 4;
  m.columnLabels = std::ceil(lh) + 2;
  double tickW = 0;
  for (const QString& t : legendTicks())
    tickW = std::max(tickW, f.labelMetrics.horizontalAdvance(t));
  m.legendLabels = std::ceil(tickW) + 10;
  m.legendBar = std::max(14.0, std::round(lh));
  return m;
}

HeatmapView::Layout HeatmapView::layoutFor(QSize size) const {
  // Frames of a run change the values, rarely what the layout depends on: keep the last one.
  const QString key = QStringLiteral("%1x%2 %3x%4 %5|%6|%7|%8")
                          .arg(size.width()).arg(size.height()).arg(data_.rows()).arg(data_.cols())
                          .arg(widestRowLabel_, legendTicks().join(QChar(1)), data_.title, font().key());
  if (layoutCache_ && layoutCache_->first == key) return layoutCache_->second;
  const Layout l = chooseLayout(size);
  layoutCache_.emplace(key, l);
  return l;
}

HeatmapView::Layout HeatmapView::chooseLayout(QSize size) const {
  // The matrix is the point. Take the widget's type with the titles; if that leaves cells
  // smaller than is comfortable (a narrow pane, presentation type), drop the title and axis
  // titles (the pane's caption says what the map is, the hover names rows and columns), then
  // make the type smaller, to 60% and never below 7 pt. A title is shown whole or not at all.
  // Last, a bare matrix (no labels, no colour bar: the hover still names every cell and its
  // value) when even small type leaves cells under kMinimumCell: a long sequence in a
  // quarter of a 1280 px screen.
  std::optional<Layout> best;
  auto cellOf = [](const Layout& l) { return std::min(l.g.cellWidth(), l.g.cellHeight()); };
  for (double shrink : {1.0, 0.85, 0.72, 0.6}) {
    for (Detail detail : {Detail::Full, Detail::NoTitles}) {
      if (shrink < 1.0 && detail == Detail::Full) continue;
      QFont base = font();
      base.setPointSizeF(std::max(7.0, base.pointSizeF() * shrink));
      QFont title = base;
      title.setBold(true);
      title.setPointSizeF(base.pointSizeF() * 1.15);
      const Fonts f(base, title);
      Layout l{f, HeatmapGeometry(size, data_.rows(), data_.cols(), margins(f, detail), squareCells_), detail};
      if (detail == Detail::Full && !data_.title.isEmpty() &&
          l.f.titleMetrics.horizontalAdvance(data_.title) > l.g.titleRect().width())
        continue;
      if (cellOf(l) >= kComfortableCell) return l;
      if (!best || cellOf(l) > cellOf(*best)) best = l;
    }
  }
  if (cellOf(*best) >= kMinimumCell) return *best;
  const Fonts f = fonts();
  return {f, HeatmapGeometry(size, data_.rows(), data_.cols(), margins(f, Detail::Bare), squareCells_),
          Detail::Bare};
}

HeatmapGeometry HeatmapView::geometryFor(QSize size) const { return layoutFor(size).g; }

QImage HeatmapView::renderToImage(QSize size) const {
  return renderImage(*this, size, palette().color(QPalette::Base));
}

void HeatmapView::render(QPainter& p, QSize size) const {
  p.save();
  p.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
  const Fonts f = fonts();
  if (data_.values.size() == 0) {
    p.setFont(f.title);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(QPoint(0, 0), size).adjusted(16, 16, -16, -16),
               Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    p.restore();
    return;
  }
  const Layout l = layoutFor(size);
  drawMatrix(p, l.g);
  if (l.detail != Detail::Bare) {
    drawLabels(p, l.g, l.f, l.detail == Detail::Full);
    drawLegend(p, l.g, l.f);
  }
  p.restore();
}

void HeatmapView::drawMatrix(QPainter& p, const HeatmapGeometry& g) const {
  // One image pixel per cell, scaled up without smoothing: exact cell colours at any size
  // and fast for long sequences (a T x T map of a few hundred tokens is 10^5 cells).
  QImage cells(data_.cols(), data_.rows(), QImage::Format_RGB32);
  const QRgb masked = HeatmapData::maskedColor().rgb();
  const QRgb pending = HeatmapData::pendingColor().rgb();
  for (int r = 0; r < data_.rows(); ++r) {
    auto* line = reinterpret_cast<QRgb*>(cells.scanLine(r));
    if (data_.isPending(r)) {
      std::fill(line, line + data_.cols(), pending);
      continue;
    }
    for (int c = 0; c < data_.cols(); ++c) {
      const double v = data_.values(r, c);
      line[c] = data_.isMasked(r, c) || !std::isfinite(v)
                    ? masked
                    : data_.colorMap->rgb(v, data_.lo, data_.hi);
    }
  }
  const QRectF target = g.matrixRect();
  if (g.cellWidth() < 1 || g.cellHeight() < 1) {
    // More cells than pixels: average them down instead of dropping rows at random.
    cells = cells.scaled(target.size().toSize().expandedTo(QSize(1, 1)), Qt::IgnoreAspectRatio,
                         Qt::SmoothTransformation);
  }
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  p.drawImage(target, cells);
  p.setPen(QPen(kFrame, 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5));
}

void HeatmapView::drawLabels(QPainter& p, const HeatmapGeometry& g, const Fonts& f,
                             bool titles) const {
  p.setPen(palette().color(QPalette::WindowText));
  if (titles && !data_.title.isEmpty()) {
    p.setFont(f.title);
    // Elided rather than clipped at both ends when a narrow pane cannot hold the whole title.
    const QRectF title = g.titleRect();
    p.drawText(title, Qt::AlignHCenter | Qt::AlignTop,
               QFontMetricsF(f.title).elidedText(data_.title, Qt::ElideRight, title.width()));
  }
  p.setFont(f.label);
  const double lh = f.labelMetrics.height();
  const int rowStep = HeatmapGeometry::labelStep(g.cellHeight(), lh);
  for (int r : HeatmapGeometry::labelIndices(data_.rows(), rowStep, data_.labelFirst)) {
    const QRectF rect = g.rowLabelRect(r);
    // Centre the text on the cell even when the cell is shorter than a line.
    const QRectF text(rect.left(), rect.center().y() - lh / 2, rect.width(), lh);
    p.drawText(text, Qt::AlignRight | Qt::AlignVCenter | Qt::TextDontClip,
               HeatmapData::visibleToken(data_.rowLabel(r)));
  }
  double colW = 0;
  for (int c = 0; c < data_.cols(); ++c)
    colW = std::max(
        colW, f.labelMetrics.horizontalAdvance(HeatmapData::visibleToken(data_.columnLabel(c))));
  const int colStep = HeatmapGeometry::labelStep(g.cellWidth(), colW + 4);
  for (int c : HeatmapGeometry::labelIndices(data_.cols(), colStep)) {
    const QRectF rect = g.columnLabelRect(c);
    p.drawText(QRectF(rect.center().x() - colW, rect.top(), 2 * colW, rect.height()),
               Qt::AlignHCenter | Qt::AlignTop | Qt::TextDontClip,
               HeatmapData::visibleToken(data_.columnLabel(c)));
  }
  if (!titles) return;
  if (!data_.columnAxisTitle.isEmpty())
    p.drawText(g.columnAxisTitleRect(), Qt::AlignHCenter | Qt::AlignBottom | Qt::TextDontClip,
               data_.columnAxisTitle);
  if (!data_.rowAxisTitle.isEmpty()) {
    const QRectF r = g.rowAxisTitleRect();
    p.save();
    p.translate(r.center());
    p.rotate(-90);
    p.drawText(QRectF(-r.height() / 2, -r.width() / 2, r.height(), r.width()),
               Qt::AlignCenter | Qt::TextDontClip, data_.rowAxisTitle);
    p.restore();
  }
}

void HeatmapView::drawLegend(QPainter& p, const HeatmapGeometry& g, const Fonts& f) const {
  const QRectF bar = g.legendBarRect();
  QImage ramp(1, ColorMap::kSize, QImage::Format_RGB32);
  for (int i = 0; i < ColorMap::kSize; ++i)  // top row = high values
    ramp.setPixel(0, ColorMap::kSize - 1 - i, data_.colorMap->rgbAt((i + 0.5) / ColorMap::kSize));
  p.setRenderHint(QPainter::SmoothPixmapTransform, true);
  p.drawImage(bar, ramp);
  p.setPen(QPen(kFrame, 1));
  p.drawRect(bar.adjusted(-0.5, -0.5, 0.5, 0.5));
  p.setFont(f.label);
  p.setPen(palette().color(QPalette::WindowText));
  const double lh = f.labelMetrics.height();
  const QStringList labels = legendTicks();
  const std::vector<double> values = legendTickValues();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double y = g.legendY(values[i], data_.lo, data_.hi);
    p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 5, y));
    p.drawText(QRectF(bar.right() + 8, y - lh / 2, g.legendLabelsRect().width(), lh),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip, labels[int(i)]);
  }
}

QString HeatmapView::cellDescription(int row, int col) const {
  if (row < 0 || col < 0 || row >= data_.rows() || col >= data_.cols()) return {};
  auto quoted = [](const QString& label) {
    return QStringLiteral("\u201c") + HeatmapData::visibleToken(label) + QStringLiteral("\u201d");
  };
  QString text = QStringLiteral("%1 %2").arg(data_.rowName).arg(row);
  if (row < data_.rowLabels.size()) text += ' ' + quoted(data_.rowLabels[row]);
  text += QStringLiteral(", %1 %2").arg(data_.columnName).arg(col);
  if (col < data_.columnLabels.size()) text += ' ' + quoted(data_.columnLabels[col]);
  if (data_.isPending(row))
    return text + QStringLiteral("\nnot computed yet: this %1 comes later").arg(data_.rowName);
  if (data_.isMasked(row, col))
    return text + QStringLiteral("\nmasked: not visible to this %1").arg(data_.rowName);
  return text + QStringLiteral("\n%1 %2")
                    .arg(data_.valueName)
                    .arg(double(data_.values(row, col)), 0, 'g', 4);
}

void HeatmapView::paintOverlay(QPainter& p) {
  if (hover_ && data_.values.size() > 0) {
    const QRectF cell = geometryFor(size()).cellRect(hover_->row, hover_->col);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(Qt::white, 3));
    p.drawRect(cell);
    p.setPen(QPen(Qt::black, 1.5));
    p.drawRect(cell);
  }
}

bool HeatmapView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const HeatmapGeometry g = geometryFor(size());
    if (const auto cell = g.cellAt(help->pos())) {
      QToolTip::showText(help->globalPos(), cellDescription(cell->row, cell->col), this,
                         g.cellRect(cell->row, cell->col).toAlignedRect());
    } else {
      QToolTip::hideText();
      event->ignore();
    }
    return true;
  }
  return CachedView::event(event);
}

void HeatmapView::mouseMoveEvent(QMouseEvent* event) {
  setHover(data_.values.size() > 0 ? geometryFor(size()).cellAt(event->position()) : std::nullopt);
  QWidget::mouseMoveEvent(event);
}

void HeatmapView::leaveEvent(QEvent* event) {
  setHover(std::nullopt);
  QWidget::leaveEvent(event);
}


void HeatmapView::setHover(std::optional<HeatmapGeometry::Cell> cell) {
  if (cell == hover_) return;
  hover_ = cell;
  update();  // only the overlay changes: the cached pixmap stays
  emit cellHovered(cell ? cell->row : -1, cell ? cell->col : -1);
}

}  // namespace seqscope
