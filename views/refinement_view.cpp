#include "views/refinement_view.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "views/render_image.h"
#include "views/color_map.h"
#include "views/trace_view_style.h"

namespace seqscope {
namespace {

bool isDigit(char c) {
  return c >= '1' && c <= '9';
}

// Lines of the side panel, in units of the label line height: the counters column and the
// legend column (stacked when the panel is beside the grid, side by side when below it).
constexpr double kLine = 1.45;
constexpr int kCounterLines = 8;
constexpr int kLegendLines = 6;

}  // namespace

struct RefinementView::Fonts {
  QFont label, title;
  QFontMetricsF labelMetrics, titleMetrics;
  Fonts(const QFont& base, const QFont& bold)
      : label(base), title(bold), labelMetrics(base), titleMetrics(bold) {}
};

RefinementView::RefinementView(QWidget* parent)
    : CachedView(parent), placeholder_(QStringLiteral("No puzzle solved yet")) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);  // the cached pixmap covers every pixel
}

GridVerdict RefinementView::verdict() const {
  if (frameCount() == 0) return {};
  return checkGridAnswer(trace_->task, trace_->rows, trace_->cols, trace_->puzzle,
                         trace_->frames[std::size_t(frame_)].answer);
}

QString RefinementView::verdictText(const GridVerdict& v) {
  return QString::fromStdString(v.summary);
}

void RefinementView::setTrace(std::shared_ptr<const RefinementTrace> trace) {
  trace_ = std::move(trace);
  frame_ = std::clamp(frame_, 0, std::max(0, frameCount() - 1));
  hover_.reset();
  invalidate();
}

void RefinementView::setFrame(int index) {
  const int clamped = std::clamp(index, 0, std::max(0, frameCount() - 1));
  if (clamped == frame_) return;
  frame_ = clamped;
  invalidate();
}

int RefinementView::frameCount() const {
  return trace_ ? int(trace_->frames.size()) : 0;
}

void RefinementView::setPlaceholder(const QString& text) {
  placeholder_ = text;
  invalidate();
}

void RefinementView::setFontScale(double scale) {
  fontScale_ = std::clamp(scale, 0.5, 4.0);
  invalidate();
}

bool RefinementView::isMaze() const {
  return trace_ && trace_->task == "maze";
}

int RefinementView::boxSize() const {
  if (!trace_ || isMaze() || trace_->rows != trace_->cols) return 0;
  if (trace_->rows == 4) return 2;
  if (trace_->rows == 9) return 3;
  return 0;
}

char RefinementView::answerAt(int row, int col) const {
  if (frameCount() == 0) return ' ';
  const std::string& a = trace_->frames[std::size_t(frame_)].answer;
  const std::size_t i = std::size_t(row * trace_->cols + col);
  return i < a.size() ? a[i] : ' ';
}

char RefinementView::puzzleAt(int row, int col) const {
  const std::size_t i = std::size_t(row * trace_->cols + col);
  return trace_ && i < trace_->puzzle.size() ? trace_->puzzle[i] : '.';
}

char RefinementView::solutionAt(int row, int col) const {
  const std::size_t i = std::size_t(row * trace_->cols + col);
  return trace_ && i < trace_->solution.size() ? trace_->solution[i] : '\0';
}

bool RefinementView::isGiven(int row, int col) const {
  return trace_ && !isMaze() && isDigit(puzzleAt(row, col));
}

bool RefinementView::isWrong(int row, int col) const {
  if (frameCount() == 0 || trace_->solution.empty() || isGiven(row, col)) return false;
  const char s = solutionAt(row, col), a = answerAt(row, col);
  // A Sudoku cell not filled in yet is not wrong, only unfinished: marking every blank would
  // bury the few wrong digits under red corners.
  if (!isMaze() && !isDigit(a)) return false;
  return s != '\0' && a != s;
}

int RefinementView::correctCells() const {
  if (frameCount() == 0 || trace_->solution.empty()) return -1;
  int correct = 0;
  for (int r = 0; r < trace_->rows; ++r)
    // A given counts as right: it is shown, and checked, as the puzzle's (core/trm/answer_check).
    for (int c = 0; c < trace_->cols; ++c) correct += isGiven(r, c) || answerAt(r, c) == solutionAt(r, c);
  return correct;
}

RefinementView::Fonts RefinementView::fonts(double shrink) const {
  QFont base = font();
  base.setPointSizeF(std::max(7.0, base.pointSizeF() * fontScale_ * shrink));
  QFont title = base;
  title.setBold(true);
  title.setPointSizeF(base.pointSizeF() * 1.15);
  return Fonts(base, title);
}

RefinementGeometry::Margins RefinementView::margins(const Fonts& f) const {
  RefinementGeometry::Margins m;
  const double lh = f.labelMetrics.height();
  m.padding = std::round(4 * fontScale_);  // the thick box lines stay inside: 2 px each side
  // No title line: the pane's caption names the task and the model, and the grid is the point.
  m.title = 0;
  m.gap = std::round(lh * 1.2);
  // Wide enough for the longest legend line next to its swatch.
  const double longest =
      std::max({f.labelMetrics.horizontalAdvance(QStringLiteral("changed since previous frame")),
                f.labelMetrics.horizontalAdvance(QStringLiteral("wrong (vs. known solution)")),
                f.titleMetrics.horizontalAdvance(QStringLiteral("supervision step 16 / 16"))});
  m.panelWidth = std::ceil(longest + lh * 2);
  m.panelHeight = std::ceil(std::max(kCounterLines, kLegendLines) * kLine * lh);
  return m;
}

double RefinementView::panelShrink(QSize size) const {
  // The side panel's type gives way to the grid when that makes the cells clearly larger
  // (presentation type in a pane of a 720-line projector): the largest type whose cells are
  // within 10% of the largest cells any of the sizes allows.
  const int b = boxSize();
  const int rows = trace_ ? trace_->rows : 0, cols = trace_ ? trace_->cols : 0;
  // The panel's counter lines must fit its height too.
  const double shrinks[] = {1.0, 0.85, 0.72, 0.6};
  double cells[4], best = 0;
  bool fits[4];
  for (int i = 0; i < 4; ++i) {
    const Fonts f = fonts(shrinks[i]);
    const RefinementGeometry g(size, rows, cols, margins(f), b, b);
    cells[i] = g.cellSize();
    best = std::max(best, cells[i]);
    // The counters must fit; legend lines that do not are left out (drawPanel).
    const double lines = kCounterLines;
    fits[i] = lines * kLine * f.labelMetrics.height() <= g.panelRect().height() + 1;
  }
  for (int i = 0; i < 4; ++i)
    if (cells[i] >= 0.9 * best && fits[i]) return shrinks[i];
  for (int i = 0; i < 4; ++i)
    if (cells[i] >= 0.9 * best) return shrinks[i];
  return 1.0;
}

RefinementGeometry RefinementView::geometryFor(QSize size) const {
  const int b = boxSize();
  return RefinementGeometry(size, trace_ ? trace_->rows : 0, trace_ ? trace_->cols : 0,
                            margins(fonts(panelShrink(size))), b, b);
}

QImage RefinementView::renderToImage(QSize size) const {
  return renderImage(*this, size, TraceViewStyle(palette()).background());
}

void RefinementView::render(QPainter& p, QSize size) const {
  const TraceViewStyle style(palette());
  p.save();
  p.fillRect(QRect(QPoint(0, 0), size), style.background());
  const Fonts f = fonts();
  if (frameCount() == 0 || trace_->rows <= 0 || trace_->cols <= 0) {
    p.setFont(f.title);
    p.setPen(style.text());
    p.drawText(QRect(QPoint(0, 0), size).adjusted(16, 16, -16, -16),
               Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    p.restore();
    return;
  }
  const RefinementGeometry g = geometryFor(size);
  const Fonts panelFonts = fonts(panelShrink(size));
  if (isMaze())
    drawMaze(p, g);
  else
    drawSudoku(p, g, style);
  drawMarks(p, g);
  drawPanel(p, g, panelFonts, style);
  p.restore();
}

void RefinementView::drawSudoku(QPainter& p, const RefinementGeometry& g,
                                const TraceViewStyle& style) const {
  const RefinementFrame& fr = trace_->frames[std::size_t(frame_)];
  const GridVerdict verdict = this->verdict();
  const double s = g.cellSize();
  QFont digitFont = font();
  digitFont.setPixelSize(std::max(1, int(s * 0.55)));
  QFont givenFont = digitFont;
  givenFont.setBold(true);
  const bool showText = s * 0.55 >= 6;
  for (int r = 0; r < g.rows(); ++r)
    for (int c = 0; c < g.cols(); ++c) {
      const QRectF rect = g.cellRect(r, c);
      const std::size_t i = std::size_t(r * g.cols() + c);
      const char a = answerAt(r, c);
      QColor textColor = style.text();
      char shown = a;
      if (isGiven(r, c)) {
        p.fillRect(rect, style.contextFill());
        shown = puzzleAt(r, c);
        p.setFont(givenFont);
      } else if (isDigit(a) && i < verdict.wrong.size() && verdict.wrong[i]) {
        // A digit that repeats one in its row, column or box: red, whatever the confidence.
        p.fillRect(rect, ruleBreakColor());
        textColor = Qt::white;
        p.setFont(digitFont);
      } else if (isDigit(a)) {
        const float conf = i < fr.confidence.size() ? fr.confidence[i] : 0.f;
        const QColor fill = ColorMap::viridis().color(conf, 0, 1);
        p.fillRect(rect, fill);
        textColor = TraceViewStyle::textOn(fill);
        p.setFont(digitFont);
      } else {
        p.fillRect(rect, style.background());  // not filled in yet
        shown = ' ';
      }
      if (showText && shown != ' ') {
        p.setPen(textColor);
        textCache_.drawCentered(p, p.font(), rect, QString(QChar(shown)));
      }
    }
  // Thin lines between cells, thick ones around boxes and the border.
  const QRectF grid = g.gridRect();
  const double thin = 1, thick = std::max(2.0, std::round(s / 16));
  for (int c = 0; c <= g.cols(); ++c) {
    const bool box = g.isBoxColumnLine(c);
    p.setPen(
        QPen(box ? style.text() : style.frame(), box ? thick : thin, Qt::SolidLine, Qt::FlatCap));
    const double x = grid.left() + c * s;
    p.drawLine(QPointF(x, grid.top() - (box ? thick / 2 : 0)),
               QPointF(x, grid.bottom() + (box ? thick / 2 : 0)));
  }
  for (int r = 0; r <= g.rows(); ++r) {
    const bool box = g.isBoxRowLine(r);
    p.setPen(
        QPen(box ? style.text() : style.frame(), box ? thick : thin, Qt::SolidLine, Qt::FlatCap));
    const double y = grid.top() + r * s;
    p.drawLine(QPointF(grid.left() - (box ? thick / 2 : 0), y),
               QPointF(grid.right() + (box ? thick / 2 : 0), y));
  }
}

void RefinementView::drawMaze(QPainter& p, const RefinementGeometry& g) const {
  const double s = g.cellSize();
  auto onPath = [&](int r, int c) {
    if (r < 0 || c < 0 || r >= g.rows() || c >= g.cols()) return false;
    const char a = answerAt(r, c);
    return a == '*' || a == 'S' || a == 'G';
  };
  QFont letterFont = font();
  letterFont.setPixelSize(std::max(1, int(s * 0.6)));
  letterFont.setBold(true);
  for (int r = 0; r < g.rows(); ++r)
    for (int c = 0; c < g.cols(); ++c) {
      const char a = answerAt(r, c);
      const QRectF rect = g.cellRect(r, c);
      p.fillRect(rect, a == '#' ? wallColor() : openColor());
    }
  // The path: a thick line through the centres of neighbouring path cells, so the route reads
  // as one stroke rather than as scattered marks.
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(pathColor(), std::max(2.0, s * 0.32), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  for (int r = 0; r < g.rows(); ++r)
    for (int c = 0; c < g.cols(); ++c) {
      if (!onPath(r, c)) continue;
      if (onPath(r, c + 1)) p.drawLine(g.cellCenter(r, c), g.cellCenter(r, c + 1));
      if (onPath(r + 1, c)) p.drawLine(g.cellCenter(r, c), g.cellCenter(r + 1, c));
      if (answerAt(r, c) == '*') p.drawPoint(g.cellCenter(r, c));
    }
  p.restore();
  for (int r = 0; r < g.rows(); ++r)
    for (int c = 0; c < g.cols(); ++c) {
      const char a = answerAt(r, c);
      if (a != 'S' && a != 'G') continue;
      const QRectF rect = g.cellRect(r, c);
      p.fillRect(rect, a == 'S' ? startColor() : goalColor());
      if (s * 0.6 >= 6) {
        p.setPen(Qt::white);
        textCache_.drawCentered(p, letterFont, rect, QString(QChar(a)));
      }
    }
  // A frame in the palette's line colour: the outer walls would vanish into a dark background.
  p.setPen(QPen(TraceViewStyle(palette()).frame(), 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(g.gridRect().adjusted(-0.5, -0.5, 0.5, 0.5));
}

void RefinementView::drawMarks(QPainter& p, const RefinementGeometry& g) const {
  const RefinementFrame& fr = trace_->frames[std::size_t(frame_)];
  const double s = g.cellSize();
  const double outline = std::max(2.0, std::round(s / 12));
  const double corner = std::max(3.0, std::round(s * 0.28));
  for (int r = 0; r < g.rows(); ++r)
    for (int c = 0; c < g.cols(); ++c) {
      const QRectF rect = g.cellRect(r, c);
      const std::size_t i = std::size_t(r * g.cols() + c);
      if (i < fr.changed.size() && fr.changed[i]) {
        // Inside the cell, clear of the grid lines, so neighbours' outlines never merge.
        p.setPen(QPen(TraceViewStyle::changedOutline(), outline, Qt::SolidLine, Qt::SquareCap,
                      Qt::MiterJoin));
        p.setBrush(Qt::NoBrush);
        const double in = outline / 2 + 1;
        p.drawRect(rect.adjusted(in, in, -in, -in));
      }
      // The wrong corner on top of the outline: a wrong digit that just changed shows both.
      if (isWrong(r, c)) {
        p.setPen(Qt::NoPen);
        p.setBrush(TraceViewStyle::wrongMark());
        const QPointF tr = rect.topRight() + QPointF(-1, 1);
        p.drawPolygon(QPolygonF({tr, tr - QPointF(corner, 0), tr + QPointF(0, corner)}));
      }
    }
}

void RefinementView::drawPanel(QPainter& p, const RefinementGeometry& g, const Fonts& f,
                               const TraceViewStyle& style) const {
  const RefinementFrame& fr = trace_->frames[std::size_t(frame_)];
  int steps = 0, cycles = 0;
  for (const RefinementFrame& x : trace_->frames) {
    steps = std::max(steps, x.supervisionStep + 1);
    cycles = std::max(cycles, x.cycle + 1);
  }
  const QRectF panel = g.panelRect();
  const double lh = f.labelMetrics.height();
  const double line = lh * kLine;
  // Counters column, then the legend under it (beside the grid) or right of it (below).
  const double colW = g.panelBeside() ? panel.width() : panel.width() / 2 - lh;
  double x = panel.left(), y = panel.top();
  auto text = [&](const QString& t, const QFont& font, const QColor& color) {
    p.setFont(font);
    p.setPen(color);
    const QFontMetricsF fm(font);
    p.drawText(QRectF(x, y, colW, line), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(t, Qt::ElideRight, colW));
    y += line;
  };
  text(QStringLiteral("supervision step %1 / %2").arg(fr.supervisionStep + 1).arg(steps), f.title,
       style.text());
  text(QStringLiteral("cycle %1 / %2    (frame %3 / %4)")
           .arg(fr.cycle + 1)
           .arg(cycles)
           .arg(frame_ + 1)
           .arg(frameCount()),
       f.label, style.text());
  text(QStringLiteral("halting probability %1").arg(double(fr.haltProbability), 0, 'f', 2), f.label,
       style.text());
  const QRectF bar(std::round(x), std::round(y + line * 0.1), std::round(std::min(colW, 16 * lh)),
                   std::round(lh * 0.8));
  p.fillRect(bar, style.contextFill());
  p.fillRect(QRectF(bar.left(), bar.top(),
                    std::round(bar.width() * std::clamp(double(fr.haltProbability), 0.0, 1.0)),
                    bar.height()),
             haltBarColor());
  p.setPen(QPen(style.frame(), 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(bar.adjusted(-0.5, -0.5, 0.5, 0.5));
  y += line;
  // What this frame did to the answer, not the norms of y and z: the networks normalise those,
  // so they read the same at every step (72 = sqrt(81 x 64) for a 9x9 grid of width 64).
  const int changed = int(std::count(fr.changed.begin(), fr.changed.end(), std::uint8_t(1)));
  text(QStringLiteral("changed: %1 %2").arg(changed).arg(changed == 1 ? QStringLiteral("cell") : QStringLiteral("cells")),
       f.label, style.text());
  const int correct = correctCells();
  if (correct >= 0)
    text(QStringLiteral("correct: %1 / %2 cells").arg(correct).arg(trace_->rows * trace_->cols),
         f.label, style.text());
  const GridVerdict v = verdict();
  text(v.solved ? QStringLiteral("✓ ") + verdictText(v) : QStringLiteral("✗ ") + verdictText(v), f.label,
       v.solved ? style.text() : ruleBreakColor());
  if (frame_ == frameCount() - 1)
    text(trace_->halted ? QStringLiteral("halted by the model")
                        : QStringLiteral("step limit reached"),
         f.label, style.dimText());

  if (g.panelBeside()) {
    y += line * 0.5;  // the legend right under the counters
  } else {
    x = panel.left() + panel.width() / 2 + lh;
    y = panel.top();
  }
  p.setFont(f.label);
  const double sw = std::round(lh);
  // Legend lines that do not fit the panel's height are left out whole, never cut in half.
  auto fits = [&](double lines) { return y + lines * line <= panel.bottom() + 0.5; };
  auto entry = [&](TraceViewStyle::Swatch s, const QString& label) {
    if (!fits(1)) return;
    style.drawLegendEntry(p, {x, y + (line - sw) / 2}, sw, s, label);
    y += line;
  };
  if (!isMaze()) {
    entry(TraceViewStyle::Swatch::Context, QStringLiteral("given"));
  } else if (fits(1)) {
    p.setPen(style.text());
    p.drawText(QRectF(x, y, colW, line), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("S start, G goal, orange: path"));
    y += line;
  }
  entry(TraceViewStyle::Swatch::Changed, QStringLiteral("changed since previous frame"));
  if (!trace_->solution.empty())
    entry(TraceViewStyle::Swatch::Wrong, QStringLiteral("wrong (vs. known solution)"));
  if (!isMaze() && fits(2)) {
    const QString title = QStringLiteral("confidence");
    const double titleW = f.labelMetrics.horizontalAdvance(title) + 8;
    const QRectF cbar(std::round(x + titleW), std::round(y + line * 0.15),
                      std::round(std::max(30.0, std::min(colW - titleW - lh, 10 * lh))),
                      std::round(lh * 0.7));
    style.drawHorizontalColorBar(p, cbar, ColorMap::viridis(), title);
  }
}

QString RefinementView::cellDescription(int row, int col) const {
  if (frameCount() == 0 || row < 0 || col < 0 || row >= trace_->rows || col >= trace_->cols)
    return {};
  const RefinementFrame& fr = trace_->frames[std::size_t(frame_)];
  const std::size_t i = std::size_t(row * trace_->cols + col);
  QString text = QStringLiteral("row %1, column %2").arg(row + 1).arg(col + 1);
  const char a = answerAt(row, col);
  if (isGiven(row, col)) return text + QStringLiteral("\ngiven %1").arg(QChar(puzzleAt(row, col)));
  text += QStringLiteral("\nanswer \u201c%1\u201d").arg(QChar(a));
  if (i < fr.confidence.size())
    text += QStringLiteral("\nconfidence %1").arg(double(fr.confidence[i]), 0, 'f', 3);
  if (i < fr.changed.size() && fr.changed[i])
    text += QStringLiteral("\nchanged since previous frame");
  if (isWrong(row, col))
    text +=
        QStringLiteral("\nwrong: the solution has \u201c%1\u201d").arg(QChar(solutionAt(row, col)));
  return text;
}

void RefinementView::paintOverlay(QPainter& p) {
  if (hover_ && frameCount() > 0) {
    const QRectF cell = geometryFor(size()).cellRect(hover_->row, hover_->col);
    const TraceViewStyle style(palette());
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(style.background(), 3));
    p.drawRect(cell);
    p.setPen(QPen(style.text(), 1.5));
    p.drawRect(cell);
  }
}

bool RefinementView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const RefinementGeometry g = geometryFor(size());
    const auto cell = frameCount() > 0 ? g.cellAt(help->pos()) : std::nullopt;
    if (cell) {
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

void RefinementView::mouseMoveEvent(QMouseEvent* event) {
  setHover(frameCount() > 0 ? geometryFor(size()).cellAt(event->position()) : std::nullopt);
  QWidget::mouseMoveEvent(event);
}

void RefinementView::leaveEvent(QEvent* event) {
  setHover(std::nullopt);
  QWidget::leaveEvent(event);
}


void RefinementView::setHover(std::optional<RefinementGeometry::Cell> cell) {
  if (cell == hover_) return;
  hover_ = cell;
  update();  // only the overlay changes: the cached pixmap stays
  emit cellHovered(cell ? cell->row : -1, cell ? cell->col : -1);
}

}  // namespace seqscope
