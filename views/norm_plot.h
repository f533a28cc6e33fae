#pragma once
// The norm of every state matrix of a layer over the tokens read so far: one line per head
// (the selected one highlighted) and a cursor at the current frame. Shows at a glance when a
// state is written (the norm jumps), decays (it falls) or saturates.
#include <QWidget>
#include <vector>

#include "views/norm_plot_geometry.h"

namespace seqscope {

class NormPlot : public QWidget {
  Q_OBJECT

 public:
  explicit NormPlot(QWidget* parent = nullptr);

  // norms[slice][frame] for the frames computed so far; `frames` is the x range (the whole
  // sequence, so the curve grows from the left).
  void setSeries(std::vector<std::vector<float>> norms, std::vector<QString> names, int frames);
  void setSelected(int slice);
  void setCurrentFrame(int frame);
  void setFontScale(double scale);

  void render(QPainter& painter, QSize size) const;
  NormPlotGeometry geometryFor(QSize size) const;

  QSize sizeHint() const override { return {600, 160}; }

 protected:
  void paintEvent(QPaintEvent*) override;

 private:
  std::vector<std::vector<float>> norms_;
  std::vector<QString> names_;
  int frames_ = 1;
  int selected_ = 0;
  int current_ = 0;
  double fontScale_ = 1.0;
};

}  // namespace seqscope
