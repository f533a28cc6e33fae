#pragma once
// Where the slots of a generated sequence go, as plain numbers: the header with the counters,
// the legend row under it, then the slots in reading order, wrapping to the width like text.
// No painting and no widget, so slot <-> pixel (painting, hover, tests) has one definition.
//
//   +------------------------------------------------+
//   | header: sampler, model         step k/K  NFE n |
//   | legend: prompt  masked  new   confidence [===] |
//   | [p][p][p][p][a][a][#][#][a][#][#][#][a][#][#]  |
//   | [#][#][a][#] ...   (slots wrap like words)      |
//   +------------------------------------------------+
//
// The slot size is the largest (up to maxSlotHeight) at which every slot fits, so a short
// answer shows big readable tokens and a long one still fits the pane.
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <optional>

namespace seqscope {

class DiffusionGeometry {
 public:
  struct Margins {
    double padding = 8;  // empty border around everything
    double header = 0;   // height of the counters line(s)
    double legend = 0;   // height of the legend row under the header
    double gap = 10;     // between the legend and the first row of slots
  };
  struct SlotShape {
    double aspect = 1.0;    // slot width / height (wider for multi-letter tokens)
    double maxHeight = 56;  // slots never grow beyond this (pixels)
  };

  DiffusionGeometry(QSize size, int slotCount, const Margins& margins, const SlotShape& shape);

  int slotCount() const { return count_; }
  int columns() const { return columns_; }  // slots per row
  int rows() const { return rows_; }
  double slotWidth() const { return slotW_; }
  double slotHeight() const { return slotH_; }
  double spacing() const { return spacing_; }  // between neighbouring slots, both ways
  // False when even the smallest slots overflow the space (then the last rows are cut off).
  bool fits() const { return fits_; }

  QRectF headerRect() const;
  QRectF legendRect() const;
  QRectF gridRect() const { return grid_; }  // bounding box of all slots
  int rowOf(int position) const { return columns_ > 0 ? position / columns_ : 0; }
  int columnOf(int position) const { return columns_ > 0 ? position % columns_ : 0; }
  QRectF slotRect(int position) const;
  QPointF slotCenter(int position) const { return slotRect(position).center(); }
  // The slot under a point; nothing in the spacing between slots or outside the grid.
  std::optional<int> slotAt(QPointF p) const;

 private:
  int count_;
  Margins m_;
  QRectF outer_, grid_;
  int columns_ = 0, rows_ = 0;
  double slotW_ = 0, slotH_ = 0, spacing_ = 0;
  bool fits_ = true;
};

}  // namespace seqscope
