#pragma once
// One frame of a Tiny Recursive Model solving a puzzle: the Sudoku grid (box lines, givens in
// bold on a neutral tint, the model's digits coloured by confidence) or the maze (walls dark,
// open cells light, S and G marked, the answer's '*' cells drawn as a path). Cells that changed
// since the previous frame are outlined in magenta; cells that disagree with the reference
// solution (when the trace has one) get a small red corner. Beside the grid (below it in a
// tall widget): supervision step, cycle, the halting probability as a bar, how many cells this frame changed, how
// many cells are right, and a legend.
//
// render(QPainter&, QSize) is the only drawing code (views/cached_view.h): the widget draws
// it through a cached pixmap; export, screenshots and tests call render() on an image of any size.
#include <memory>
#include <optional>

#include "core/trace/refinement_trace.h"
#include "core/trm/answer_check.h"
#include "views/cached_view.h"
#include "views/refinement_geometry.h"
#include "views/static_text_cache.h"

namespace seqscope {

class TraceViewStyle;

class RefinementView : public CachedView {
  Q_OBJECT

 public:
  explicit RefinementView(QWidget* parent = nullptr);

  // The frame index is kept (clamped to the new trace), so a trace that grows while a run
  // streams frames in does not jump back to the start.
  void setTrace(std::shared_ptr<const RefinementTrace> trace);
  std::shared_ptr<const RefinementTrace> trace() const { return trace_; }
  // Clamped to [0, frameCount() - 1]; 0 without frames.
  void setFrame(int index);
  int frame() const { return frame_; }
  int frameCount() const;
  void setPlaceholder(const QString& text);
  QString placeholder() const { return placeholder_; }
  // Multiplies every font (presentation mode: 1.5 to 2.5).
  void setFontScale(double scale);
  double fontScale() const { return fontScale_; }

  // Paints what the widget shows at any size (GUI thread: it shares the text cache).
  void render(QPainter& painter, QSize size) const override;
  QImage renderToImage(QSize size) const;
  RefinementGeometry geometryFor(QSize size) const;
  bool isMaze() const;
  // Sudoku boxes: 2 for a 4x4 grid, 3 for 9x9 (0 for a maze or another size).
  int boxSize() const;
  // The cell's state in the shown frame.
  bool isGiven(int row, int col) const;
  // The cell holds a symbol that disagrees with the solution (false without a solution, and
  // for a Sudoku cell not filled in yet).
  bool isWrong(int row, int col) const;
  // Cells of the shown frame that match the solution, or -1 without one.
  int correctCells() const;
  // The hover text of a cell.
  QString cellDescription(int row, int col) const;

  // Colours of the maze (fixed: a maze must look the same in light and dark palettes).
  static QColor wallColor() { return QColor(0x2e, 0x2e, 0x33); }
  static QColor openColor() { return QColor(0xf2, 0xf0, 0xeb); }
  static QColor startColor() { return QColor(0x2c, 0xa0, 0x2c); }
  static QColor goalColor() { return QColor(0x1f, 0x77, 0xb4); }
  static QColor pathColor() { return QColor(0xff, 0x7f, 0x0e); }
  static QColor haltBarColor() { return QColor(0x3b, 0x7d, 0xd8); }

  QSize sizeHint() const override { return {640, 420}; }
  QSize minimumSizeHint() const override { return {160, 120}; }

 signals:
  void cellHovered(int row, int col);  // (-1, -1) when the mouse leaves the grid

 protected:
  void paintOverlay(QPainter& painter) override;
  bool event(QEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

  // The shown frame's answer checked by the puzzle's rules (core/trm/answer_check.h).
  GridVerdict verdict() const;
  static QString verdictText(const GridVerdict& v);
  static QColor ruleBreakColor() { return QColor(0xd0, 0x30, 0x30); }

 private:
  struct Fonts;
  // The widget's type times the font scale, times `shrink` (the panel's give-way factor).
  Fonts fonts(double shrink = 1.0) const;
  double panelShrink(QSize size) const;
  RefinementGeometry::Margins margins(const Fonts& f) const;
  char answerAt(int row, int col) const;
  char puzzleAt(int row, int col) const;
  char solutionAt(int row, int col) const;
  void drawSudoku(QPainter& p, const RefinementGeometry& g, const TraceViewStyle& style) const;
  void drawMaze(QPainter& p, const RefinementGeometry& g) const;
  void drawMarks(QPainter& p, const RefinementGeometry& g) const;
  void drawPanel(QPainter& p, const RefinementGeometry& g, const Fonts& f,
                 const TraceViewStyle& style) const;
  void setHover(std::optional<RefinementGeometry::Cell> cell);

  std::shared_ptr<const RefinementTrace> trace_;
  int frame_ = 0;
  QString placeholder_;
  double fontScale_ = 1.0;
  std::optional<RefinementGeometry::Cell> hover_;
  mutable StaticTextCache textCache_;  // render() is const; the cache is not what it shows
};

}  // namespace seqscope
