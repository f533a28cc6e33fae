#pragma once
// The base of the views that paint a whole picture (token slots, a heat map, a puzzle grid):
// render(QPainter&, QSize) is their only drawing code, for the widget, an export and a
// screenshot alike. The widget draws it through a pixmap cached until the view calls
// invalidate() (its data, frame or scale changed) or its size, font or palette changes, so
// that hovering (which repaints to move a highlight) costs a blit, not a redraw.
#include <QPixmap>
#include <QWidget>

namespace seqscope {

class CachedView : public QWidget {
  Q_OBJECT

 public:
  using QWidget::QWidget;

  // The view at `size`, in logical pixels from (0, 0).
  virtual void render(QPainter& painter, QSize size) const = 0;
  // How often the cached pixmap was redrawn (tests check that hovering does not redraw).
  int cacheRedraws() const { return cacheRedraws_; }

 protected:
  // What the view shows changed: the cache is redrawn at the next paint.
  void invalidate();
  // Drawn over the cached picture at every paint (a hover highlight): keep it cheap.
  virtual void paintOverlay(QPainter& painter) { Q_UNUSED(painter); }
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  QPixmap cache_;
  bool cacheValid_ = false;
  int cacheRedraws_ = 0;
};

}  // namespace seqscope
