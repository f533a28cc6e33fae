#include "app/gui/formula_line.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QPainter>
#include <cmath>

namespace seqscope {

FormulaLine::FormulaLine(QWidget* parent) : QWidget(parent) {
  doc_.setDocumentMargin(0);
  // Its height when there is room, less (clipped) when there is not: a formula must never make
  // the window taller than the screen (the caption and the view come first).
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
}

int FormulaLine::layoutHeight(int width) const {
  if (html_.isEmpty()) return 0;
  doc_.setDefaultFont(font());
  doc_.setTextWidth(std::max(1, width - kIndent));
  return int(std::ceil(doc_.size().height())) + 2;
}

void FormulaLine::setHtml(const QString& html) {
  if (html == html_) return;
  html_ = html;
  doc_.setHtml(html_);
  const int h = layoutHeight(width());
  // Only a new height needs the pane's layout to run again; a new text of the same height is
  // a repaint.
  if (h != height_) {
    height_ = h;
    updateGeometry();
  }
  update();
}

int FormulaLine::heightForWidth(int width) const { return layoutHeight(width); }

QSize FormulaLine::sizeHint() const { return {kIndent + 100, std::max(height_, layoutHeight(width()))}; }

QSize FormulaLine::minimumSizeHint() const { return {kIndent + 40, 0}; }

void FormulaLine::resizeEvent(QResizeEvent*) {
  const int h = layoutHeight(width());
  if (h != height_) {
    height_ = h;
    updateGeometry();
  }
}

void FormulaLine::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) {
    height_ = layoutHeight(width());
    updateGeometry();
  }
  QWidget::changeEvent(event);
}

void FormulaLine::paintEvent(QPaintEvent*) {
  QPainter p(this);
  render(p, width(), font(), palette().color(QPalette::WindowText));
}

int FormulaLine::render(QPainter& p, int width, const QFont& font, const QColor& color) const {
  if (html_.isEmpty()) return 0;
  doc_.setDefaultFont(font);
  doc_.setTextWidth(std::max(1, width - kIndent));
  const int h = int(std::ceil(doc_.size().height())) + 2;
  p.save();
  p.translate(kIndent, 0);
  QAbstractTextDocumentLayout::PaintContext context;
  context.palette.setColor(QPalette::Text, color);
  doc_.documentLayout()->draw(&p, context);
  p.restore();
  doc_.setDefaultFont(this->font());
  doc_.setTextWidth(std::max(1, this->width() - kIndent));
  return h;
}

}  // namespace seqscope
