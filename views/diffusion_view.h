#pragma once
// One frame of a generation (masked diffusion or autoregressive decoding) as a row of slots
// that wraps like text: prompt slots in a quiet neutral tint, masked slots hatched grey with a
// "?", committed answer slots coloured by the model's confidence (viridis, legend), the slots
// committed at this step outlined in magenta, and in the corner of each committed slot the
// step at which it was unmasked, so the order of unmasking can be read off one frame. The
// header counts steps and network evaluations (NFE) and names the sampler. An AR trace is
// drawn the same way: one slot committed per step, left to right.
//
// render(QPainter&, QSize) is the only drawing code (views/cached_view.h): the widget draws
// it through a cached pixmap; export, screenshots and tests call render() on an image of any size.
#include <memory>
#include <optional>
#include <vector>

#include "core/trace/generation_trace.h"
#include "views/cached_view.h"
#include "views/diffusion_geometry.h"
#include "views/static_text_cache.h"

namespace seqscope {

class DiffusionView : public CachedView {
  Q_OBJECT

 public:
  explicit DiffusionView(QWidget* parent = nullptr);

  // The frame index is kept (clamped to the new trace), so a trace that grows while a run
  // streams frames in does not jump back to the start.
  void setTrace(std::shared_ptr<const GenerationTrace> trace);
  std::shared_ptr<const GenerationTrace> trace() const { return trace_; }
  // Clamped to [0, frameCount() - 1]; 0 without frames.
  void setFrame(int index);
  int frame() const { return frame_; }
  int frameCount() const;
  // Text shown while there is no trace or it has no frame yet.
  void setPlaceholder(const QString& text);
  QString placeholder() const { return placeholder_; }
  // Multiplies every font and the largest slot size (presentation mode: 1.5 to 2.5).
  void setFontScale(double scale);
  double fontScale() const { return fontScale_; }

  // Paints what the widget shows at any size (GUI thread: it shares the text cache).
  void render(QPainter& painter, QSize size) const override;
  QImage renderToImage(QSize size) const;
  // The layout render() uses at this size with the current fonts: with the legend when the
  // slots stay comfortably large, without it when that makes them larger.
  DiffusionGeometry geometryFor(QSize size) const;
  // Slots drawn: prompt + answer (the longest of the trace's declared lengths and its frames).
  int slotCount() const;
  // Index of the frame at which a position was committed, or -1 (prompt, or still masked in
  // the shown frame). The corner number shows that frame's step.
  int commitFrameOf(int position) const;
  // The hover text of a slot: position, token, confidence, step committed.
  QString slotDescription(int position) const;

  QSize sizeHint() const override { return {640, 360}; }
  QSize minimumSizeHint() const override { return {160, 100}; }

 signals:
  void slotHovered(int position);  // -1 when the mouse leaves the slots

 protected:
  void paintOverlay(QPainter& painter) override;
  bool event(QEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  struct Fonts;
  Fonts fonts() const;
  // Header text: the title (sampler, model) and the counters of the shown frame.
  struct HeaderText {
    QString title, counters;
  };
  // The legend as items that flow left to right and wrap to the width, like the slots.
  struct LegendItem {
    int kind = 0;  // 0..2: TraceViewStyle::Swatch, 3: hint text, 4: confidence colour bar
    QString label;
    QRectF rect;  // relative to the legend's top-left corner
  };
  HeaderText headerText() const;
  // The shown frame's text ("the cat ▢▢▢ runs.") and the task's verdict on it ("123+045 =
  // 168 ✓", "1 of 2 sentences grammatical"; compact: "1/2 ✗"); empty without a trace / a task that judges.
  QString sentenceLine() const;
  QString verdictLine(bool compact = false) const;
  // The counters from the fullest to the shortest form, for a header narrower than the first.
  QStringList counterForms() const;
  bool headerOnTwoLines(const Fonts& f, double width) const;
  std::vector<LegendItem> legendItems(const Fonts& f, double width) const;
  // The legend rows are left out (0 high) when `legend` is false: the compact layout.
  DiffusionGeometry::Margins margins(const Fonts& f, double width, bool legend) const;
  DiffusionGeometry::SlotShape slotShape(const Fonts& f) const;
  QString tokenText(int id) const;
  bool isMasked(const GenerationFrame& fr, int position) const;
  void drawHeader(QPainter& p, const DiffusionGeometry& g, const Fonts& f) const;
  void drawLegend(QPainter& p, const DiffusionGeometry& g, const Fonts& f) const;
  void drawSlots(QPainter& p, const DiffusionGeometry& g) const;
  void computeCommitFrames();
  void computeSlotAspect();
  void setHover(std::optional<int> position);

  std::shared_ptr<const GenerationTrace> trace_;
  std::vector<int> commitFrame_;  // per position: first frame index with it committed, or -1
  double slotAspect_ = 1.0;       // slot width / height for the trace's longest token
  int frame_ = 0;
  QString placeholder_;
  double fontScale_ = 1.0;
  std::optional<int> hover_;
  mutable StaticTextCache textCache_;  // render() is const; the cache is not what it shows
};

}  // namespace seqscope
