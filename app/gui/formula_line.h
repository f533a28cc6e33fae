#pragma once
// One line (wrapping if it must) of rich text under a pane's caption: the formula of the shown
// step. A QLabel would do, but its text changes at every frame, and a rich-text QLabel asks
// the pane's layout to run again each time (0.6 ms a pane at 1920x1080). This widget lays the
// text out once per change and asks for a new layout only when its height changes.
#include <QTextDocument>
#include <QWidget>

namespace seqscope {

class FormulaLine : public QWidget {
  Q_OBJECT

 public:
  explicit FormulaLine(QWidget* parent = nullptr);

  void setHtml(const QString& html);
  QString text() const { return html_; }

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

  // Draws the line at the top of `width` x height pixels (Pane::render, for export); returns
  // the height used.
  int render(QPainter& painter, int width, const QFont& font, const QColor& color) const;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  int layoutHeight(int width) const;

  QString html_;
  mutable QTextDocument doc_;
  int height_ = 0;  // at the current width
  static constexpr int kIndent = 12;
};

}  // namespace seqscope
