#include "views/diffusion_view.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "core/tasks/task.h"

#include "views/render_image.h"
#include "views/color_map.h"
#include "views/heatmap_data.h"
#include "views/trace_view_style.h"

namespace seqscope {
namespace {

QString samplerTitle(const std::string& sampler) {
  if (sampler == "diffusion") return QStringLiteral("Masked diffusion");
  if (sampler == "ar") return QStringLiteral("Autoregressive");
  return QString::fromStdString(sampler);
}

// Slot text is sized from the slot, not the widget font: half the slot height reads well and
// leaves the corners free for the step number.
constexpr double kTokenFontShare = 0.46;
constexpr double kCornerFontShare = 0.27;
// Below this slot height (pixels at font scale 1) the legend gives its rows to the slots.
constexpr double kComfortableSlotHeight = 30;

}  // namespace

struct DiffusionView::Fonts {
  QFont label, title;
  QFontMetricsF labelMetrics, titleMetrics;
  Fonts(const QFont& base, const QFont& bold)
      : label(base), title(bold), labelMetrics(base), titleMetrics(bold) {}
};

DiffusionView::DiffusionView(QWidget* parent)
    : CachedView(parent), placeholder_(QStringLiteral("No generation yet")) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);  // the cached pixmap covers every pixel
}

void DiffusionView::setTrace(std::shared_ptr<const GenerationTrace> trace) {
  trace_ = std::move(trace);
  computeCommitFrames();
  computeSlotAspect();
  frame_ = std::clamp(frame_, 0, std::max(0, frameCount() - 1));
  hover_.reset();
  invalidate();
}

void DiffusionView::setFrame(int index) {
  const int clamped = std::clamp(index, 0, std::max(0, frameCount() - 1));
  if (clamped == frame_) return;
  frame_ = clamped;
  invalidate();
}

int DiffusionView::frameCount() const {
  return trace_ ? int(trace_->frames.size()) : 0;
}

void DiffusionView::setPlaceholder(const QString& text) {
  placeholder_ = text;
  invalidate();
}

void DiffusionView::setFontScale(double scale) {
  fontScale_ = std::clamp(scale, 0.5, 4.0);
  invalidate();
}

int DiffusionView::slotCount() const {
  if (!trace_) return 0;
  std::size_t n = std::size_t(std::max(0, trace_->promptLength + trace_->generationLength));
  for (const GenerationFrame& fr : trace_->frames) n = std::max(n, fr.tokens.size());
  return int(n);
}

bool DiffusionView::isMasked(const GenerationFrame& fr, int position) const {
  if (position < trace_->promptLength) return false;
  // An AR frame holds only the tokens made so far: later slots are still to come.
  if (position >= int(fr.tokens.size())) return true;
  if (position < int(fr.masked.size())) return fr.masked[std::size_t(position)] != 0;
  return trace_->maskId >= 0 && fr.tokens[std::size_t(position)] == trace_->maskId;
}

void DiffusionView::computeCommitFrames() {
  commitFrame_.assign(std::size_t(slotCount()), -1);
  if (!trace_) return;
  const auto& frames = trace_->frames;
  for (std::size_t f = 0; f < frames.size(); ++f) {
    for (int pos : frames[f].committed)
      if (pos >= 0 && pos < int(commitFrame_.size()) && commitFrame_[std::size_t(pos)] < 0)
        commitFrame_[std::size_t(pos)] = int(f);
    // Samplers that do not list `committed` still show when a slot stopped being masked.
    for (int pos = trace_->promptLength; pos < int(commitFrame_.size()); ++pos)
      if (commitFrame_[std::size_t(pos)] < 0 && !isMasked(frames[f], pos) &&
          (f == 0 || isMasked(frames[f - 1], pos)))
        commitFrame_[std::size_t(pos)] = int(f);
  }
}

int DiffusionView::commitFrameOf(int position) const {
  if (!trace_ || position < trace_->promptLength || position >= int(commitFrame_.size()) ||
      frame_ >= frameCount())
    return -1;
  const int f = commitFrame_[std::size_t(position)];
  if (f < 0 || f > frame_ || isMasked(trace_->frames[std::size_t(frame_)], position)) return -1;
  return f;
}

QString DiffusionView::tokenText(int id) const {
  if (trace_ && id >= 0 && id < int(trace_->vocabulary.size()))
    return HeatmapData::visibleToken(QString::fromStdString(trace_->vocabulary[std::size_t(id)]));
  return QStringLiteral("#%1").arg(id);
}

DiffusionView::Fonts DiffusionView::fonts() const {
  QFont base = font();
  base.setPointSizeF(base.pointSizeF() * fontScale_);
  QFont title = base;
  title.setBold(true);
  title.setPointSizeF(base.pointSizeF() * 1.15);
  return Fonts(base, title);
}

DiffusionView::HeaderText DiffusionView::headerText() const {
  HeaderText h;
  if (frameCount() == 0) return h;
  const GenerationFrame& fr = trace_->frames[std::size_t(frame_)];
  int unmasked = 0;
  for (int pos = trace_->promptLength; pos < slotCount(); ++pos) unmasked += !isMasked(fr, pos);
  h.counters = QStringLiteral("step %1 / %2    NFE %3    unmasked %4 / %5")
                   .arg(fr.step)
                   .arg(trace_->frames.back().step)
                   .arg(fr.nfe)
                   .arg(unmasked)
                   .arg(slotCount() - trace_->promptLength);
  h.title = samplerTitle(trace_->sampler);
  if (trace_->sampler == "diffusion" && trace_->blockLength > 0)
    h.title += QStringLiteral(" (blocks of %1)").arg(trace_->blockLength);
  if (!trace_->modelName.empty())
    h.title += QStringLiteral(" \u00b7 ") + QString::fromStdString(trace_->modelName);
  return h;
}

QStringList DiffusionView::counterForms() const {
  if (frameCount() == 0) return {QString()};
  const GenerationFrame& fr = trace_->frames[std::size_t(frame_)];
  int unmasked = 0;
  for (int pos = trace_->promptLength; pos < slotCount(); ++pos) unmasked += !isMasked(fr, pos);
  const int last = trace_->frames.back().step, answer = slotCount() - trace_->promptLength;
  return {QStringLiteral("step %1 / %2    NFE %3    unmasked %4 / %5").arg(fr.step).arg(last).arg(fr.nfe).arg(unmasked).arg(answer),
          QStringLiteral("step %1/%2 · NFE %3 · %4/%5 unmasked").arg(fr.step).arg(last).arg(fr.nfe).arg(unmasked).arg(answer),
          QStringLiteral("step %1/%2 · NFE %3").arg(fr.step).arg(last).arg(fr.nfe),
          QStringLiteral("step %1/%2").arg(fr.step).arg(last)};
}

bool DiffusionView::headerOnTwoLines(const Fonts& f, double width) const {
  const HeaderText h = headerText();
  return f.titleMetrics.horizontalAdvance(h.title) + f.titleMetrics.horizontalAdvance(h.counters) +
             3 * f.titleMetrics.averageCharWidth() >
         width;
}

std::vector<DiffusionView::LegendItem> DiffusionView::legendItems(const Fonts& f,
                                                                  double width) const {
  const double lh = f.labelMetrics.height();
  const double rowH = lh * 1.35, gap = lh;
  const bool ar = trace_ && trace_->sampler == "ar";
  std::vector<LegendItem> items = {
      {0, QStringLiteral("prompt"), {}},
      {1, ar ? QStringLiteral("not generated yet") : QStringLiteral("masked"), {}},
      {2, QStringLiteral("committed at this step"), {}},
      {3, QStringLiteral("corner number: step it was unmasked"), {}},
      {4, QStringLiteral("confidence of committed token"), {}}};
  double x = 0, y = 0;
  for (LegendItem& item : items) {
    const double textW = f.labelMetrics.horizontalAdvance(item.label);
    double w = item.kind < 3 ? lh * 1.4 + textW : textW;
    double h = rowH;
    if (item.kind == 4) {
      // Title, then a bar with its 0 / 0.5 / 1 ticks under it: always a row of its own.
      w = textW + 8 + std::clamp(width - textW - 8 - lh, 40.0, 260.0 * fontScale_);
      h = lh * 2.3;
      if (x > 0) x = 0, y += rowH;
    } else if (x > 0 && x + w > width) {
      x = 0, y += rowH;
    }
    item.rect = QRectF(x, y, std::min(w, width), h);
    x += w + gap;
  }
  return items;
}

DiffusionGeometry::Margins DiffusionView::margins(const Fonts& f, double width, bool legend) const {
  DiffusionGeometry::Margins m;
  m.padding = std::round(8 * fontScale_);
  const double inner = std::max(1.0, width - 2 * m.padding);
  // The counters line, then the running text as a sentence on a line of its own.
  m.header = std::ceil(f.titleMetrics.height() * 1.5 + f.labelMetrics.height() * 1.4);
  double legendBottom = 0;
  if (legend)
    for (const LegendItem& item : legendItems(f, inner))
      legendBottom = std::max(legendBottom, item.rect.bottom());
  m.legend = std::ceil(legendBottom);
  m.gap = std::round((legend ? 10 : 4) * fontScale_);
  return m;
}

DiffusionGeometry::SlotShape DiffusionView::slotShape(const Fonts&) const {
  DiffusionGeometry::SlotShape shape;
  shape.maxHeight = std::round(56 * fontScale_);
  shape.aspect = slotAspect_;
  return shape;
}

void DiffusionView::computeSlotAspect() {
  // Wide enough for the longest token of the finished sequence (the last frame), measured at
  // a reference height; fixed for the whole trace so the layout does not jump while playing.
  slotAspect_ = 1.0;
  if (!trace_ || trace_->frames.empty()) return;
  QFont slotFont = font();
  slotFont.setPixelSize(int(100 * kTokenFontShare));
  const QFontMetricsF fm(slotFont);
  double widest = 0;
  const GenerationFrame& last = trace_->frames.back();
  for (int pos = 0; pos < int(last.tokens.size()); ++pos)
    if (!isMasked(last, pos))
      widest = std::max(widest, fm.horizontalAdvance(tokenText(last.tokens[std::size_t(pos)])));
  slotAspect_ = std::clamp((widest + 24) / 100, 1.0, 4.0);
}

DiffusionGeometry DiffusionView::geometryFor(QSize size) const {
  const Fonts f = fonts();
  const DiffusionGeometry full(size, slotCount(), margins(f, size.width(), true), slotShape(f));
  // The tokens are the point: when the legend would shrink them below a comfortable size
  // (a 720-line projector, four panes), the legend goes (its meaning is in the hover text and
  // the scene's description) and the slots take the room.
  if (full.fits() && full.slotHeight() >= kComfortableSlotHeight * fontScale_) return full;
  const DiffusionGeometry compact(size, slotCount(), margins(f, size.width(), false), slotShape(f));
  return compact.slotHeight() > full.slotHeight() || (compact.fits() && !full.fits()) ? compact : full;
}

QImage DiffusionView::renderToImage(QSize size) const {
  return renderImage(*this, size, TraceViewStyle(palette()).background());
}

void DiffusionView::render(QPainter& p, QSize size) const {
  const TraceViewStyle style(palette());
  p.save();
  p.fillRect(QRect(QPoint(0, 0), size), style.background());
  const Fonts f = fonts();
  if (frameCount() == 0) {
    p.setFont(f.title);
    p.setPen(style.text());
    p.drawText(QRect(QPoint(0, 0), size).adjusted(16, 16, -16, -16),
               Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    p.restore();
    return;
  }
  const DiffusionGeometry g = geometryFor(size);
  p.setRenderHint(QPainter::Antialiasing, false);
  drawHeader(p, g, f);
  if (g.legendRect().height() > 0) drawLegend(p, g, f);
  drawSlots(p, g);
  p.restore();
}

QString DiffusionView::sentenceLine() const {
  if (frameCount() == 0) return {};
  return QString::fromStdString(trace_->text(frame_));
}

QString DiffusionView::verdictLine(bool compact) const {
  if (frameCount() == 0 || trace_->task.empty()) return {};
  const auto& tasks = knownTasks();
  if (std::find(tasks.begin(), tasks.end(), trace_->task) == tasks.end()) return {};
  const Judgement j = makeTask(trace_->task)->judge(trace_->text(frame_));
  if (j.total == 0) return QString::fromStdString(j.summary);  // nothing to judge yet: no mark
  const QString mark = j.allRight() ? QStringLiteral(" ✓") : QStringLiteral(" ✗");
  // Counted parts ("3 of 4 sentences grammatical") shrink to "3/4"; a single answer's
  // summary ("123+045 = 168") is the answer itself and stays.
  if (compact && j.total > 1) return QStringLiteral("%1/%2").arg(j.right).arg(j.total) + mark;
  return QString::fromStdString(j.summary) + mark;
}

void DiffusionView::drawHeader(QPainter& p, const DiffusionGeometry& g, const Fonts& f) const {
  const TraceViewStyle style(palette());
  const HeaderText h = headerText();
  const QRectF whole = g.headerRect();
  const double textLine = f.labelMetrics.height() * 1.4;
  // The sentence as it reads now (masks as ▢), then what the task's rules say of it; the
  // verdict stays whole, the text gives way (elided in the middle) in a narrow pane.
  {
    const QRectF line(whole.left(), whole.bottom() - textLine, whole.width(), textLine);
    // In a narrow pane the sentence keeps the room: a counted verdict is written short.
    QString verdict = verdictLine(false);
    auto widthOf = [&](const QString& v) {
      return v.isEmpty() ? 0.0 : f.labelMetrics.horizontalAdvance(v) + f.labelMetrics.averageCharWidth() * 3;
    };
    if (f.labelMetrics.horizontalAdvance(sentenceLine()) > line.width() - widthOf(verdict)) verdict = verdictLine(true);
    const double verdictW = widthOf(verdict);
    p.setFont(f.label);
    p.setPen(style.text());
    p.drawText(QRectF(line.left(), line.top(), std::max(0.0, line.width() - verdictW), line.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               f.labelMetrics.elidedText(sentenceLine(), Qt::ElideMiddle, std::max(0.0, line.width() - verdictW)));
    if (!verdict.isEmpty()) {
      p.setPen(verdict.contains(QChar(0x2717)) ? QColor(0xc0, 0x20, 0x20) : style.text());
      p.drawText(line, Qt::AlignRight | Qt::AlignVCenter, verdict);
    }
  }
  const QRectF r(whole.left(), whole.top(), whole.width(), whole.height() - textLine);
  p.setFont(f.title);
  p.setPen(style.text());
  if (headerOnTwoLines(f, r.width())) {
    // Narrow pane: the counters only (the pane's caption names the sampler and the model),
    // the longest form of them that fits whole: a cut title or counter says less than none.
    const QStringList forms = counterForms();
    for (const QFont& font : {f.title, f.label})
      for (const QString& text : forms)
        if (QFontMetricsF(font).horizontalAdvance(text) <= r.width()) {
          p.setFont(font);
          p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, text);
          return;
        }
    p.setFont(f.label);
    p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, forms.last());
    return;
  }
  p.drawText(r, Qt::AlignRight | Qt::AlignVCenter, h.counters);
  p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, h.title);
}

void DiffusionView::drawLegend(QPainter& p, const DiffusionGeometry& g, const Fonts& f) const {
  const TraceViewStyle style(palette());
  const QRectF r = g.legendRect();
  const double lh = f.labelMetrics.height();
  p.setFont(f.label);
  for (const LegendItem& item : legendItems(f, r.width())) {
    const QRectF box = item.rect.translated(r.topLeft());
    if (item.kind < 3) {
      style.drawLegendEntry(p, box.topLeft(), lh, TraceViewStyle::Swatch(item.kind), item.label);
    } else if (item.kind == 3) {
      p.setPen(style.dimText());
      p.drawText(QRectF(box.left(), box.top(), box.width(), lh), Qt::AlignLeft | Qt::AlignVCenter,
                 f.labelMetrics.elidedText(item.label, Qt::ElideRight, box.width()));
    } else {
      const double titleW = f.labelMetrics.horizontalAdvance(item.label) + 8;
      const QRectF bar(std::round(box.left() + titleW), std::round(box.top() + lh * 0.15),
                       std::round(box.width() - titleW), std::round(lh * 0.7));
      style.drawHorizontalColorBar(p, bar, ColorMap::viridis(), item.label);
    }
  }
}

void DiffusionView::drawSlots(QPainter& p, const DiffusionGeometry& g) const {
  const TraceViewStyle style(palette());
  const GenerationFrame& fr = trace_->frames[std::size_t(frame_)];
  const double h = g.slotHeight();
  QFont tokenFont = font();
  tokenFont.setPixelSize(std::max(1, int(h * kTokenFontShare)));
  QFont cornerFont = font();
  cornerFont.setPixelSize(std::max(1, int(h * kCornerFontShare)));
  const QFontMetricsF tokenMetrics(tokenFont);
  const bool showText = h * kTokenFontShare >= 6;
  const bool showCorner = h * kCornerFontShare >= 7;
  const double outline = std::max(2.0, std::round(h / 12));
  std::vector<std::uint8_t> newNow(std::size_t(g.slotCount()), 0);
  for (int pos : fr.committed)
    if (pos >= 0 && pos < g.slotCount()) newNow[std::size_t(pos)] = 1;
  // Every masked slot looks the same: draw one and stamp it (hatching is many clipped lines).
  const QColor maskedText(0x50, 0x50, 0x50);
  QImage maskedTile(QSizeF(g.slotWidth(), g.slotHeight()).toSize().expandedTo({1, 1}),
                    QImage::Format_ARGB32_Premultiplied);
  {
    QPainter tp(&maskedTile);
    TraceViewStyle::drawMaskedFill(tp, QRectF(QPointF(0, 0), maskedTile.size()));
    if (showText) {
      tp.setPen(maskedText);
      textCache_.drawCentered(tp, tokenFont, QRectF(QPointF(0, 0), maskedTile.size()),
                              QStringLiteral("?"));
    }
  }

  for (int pos = 0; pos < g.slotCount(); ++pos) {
    const QRectF rect = g.slotRect(pos);
    const bool prompt = pos < trace_->promptLength;
    if (!prompt && isMasked(fr, pos)) {
      p.drawImage(rect.topLeft(), maskedTile);
      continue;
    }
    const int token = pos < int(fr.tokens.size()) ? fr.tokens[std::size_t(pos)] : -1;
    QColor textColor = style.text();
    if (prompt) {
      p.fillRect(rect, style.contextFill());
      p.setPen(QPen(style.frame(), 1));
      p.setBrush(Qt::NoBrush);
      p.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
    } else {
      const float conf = pos < int(fr.confidence.size()) ? fr.confidence[std::size_t(pos)] : 0.f;
      const QColor fill = ColorMap::viridis().color(conf, 0, 1);
      p.fillRect(rect, fill);
      textColor = TraceViewStyle::textOn(fill);
    }
    p.setPen(textColor);
    if (showText) {
      const QString text = tokenText(token);
      if (textCache_.size(tokenFont, text).width() <= rect.width() - 4) {
        textCache_.drawCentered(p, tokenFont, rect, text);
      } else {  // rare: a token wider than the widest slot shape
        p.setFont(tokenFont);
        p.drawText(rect, Qt::AlignCenter,
                   tokenMetrics.elidedText(text, Qt::ElideRight, std::max(1.0, rect.width() - 4)));
      }
    }
    if (!prompt && showCorner) {
      const int f = commitFrameOf(pos);
      if (f >= 0) {
        const double inset = outline + 1;
        textCache_.drawTopRight(p, cornerFont, rect.adjusted(inset, inset - 1, -inset, -inset),
                                QString::number(trace_->frames[std::size_t(f)].step));
      }
    }
    if (newNow[std::size_t(pos)]) {
      p.setPen(QPen(TraceViewStyle::changedOutline(), outline, Qt::SolidLine, Qt::SquareCap,
                    Qt::MiterJoin));
      p.setBrush(Qt::NoBrush);
      p.drawRect(rect.adjusted(outline / 2, outline / 2, -outline / 2, -outline / 2));
    }
  }
  // Semi-autoregressive blocks: a bar in the gap before each block (except at a row start,
  // where the line break already separates them), so the block-by-block order is visible.
  if (trace_->sampler == "diffusion" && trace_->blockLength > 0 && g.spacing() >= 3) {
    p.setPen(
        QPen(style.text(), std::max(1.0, std::round(g.spacing() / 3)), Qt::SolidLine, Qt::FlatCap));
    for (int pos = trace_->promptLength + trace_->blockLength; pos < g.slotCount();
         pos += trace_->blockLength) {
      if (g.columnOf(pos) == 0) continue;
      const QRectF rect = g.slotRect(pos);
      const double x = rect.left() - g.spacing() / 2;
      p.drawLine(QPointF(x, rect.top() - g.spacing() / 2),
                 QPointF(x, rect.bottom() + g.spacing() / 2));
    }
  }
}

QString DiffusionView::slotDescription(int position) const {
  if (frameCount() == 0 || position < 0 || position >= slotCount()) return {};
  const GenerationFrame& fr = trace_->frames[std::size_t(frame_)];
  auto quoted = [](const QString& t) { return QStringLiteral("\u201c%1\u201d").arg(t); };
  const int token = position < int(fr.tokens.size()) ? fr.tokens[std::size_t(position)] : -1;
  const bool hasConfidence = position < int(fr.confidence.size());
  const double conf = hasConfidence ? fr.confidence[std::size_t(position)] : 0;
  if (position < trace_->promptLength)
    return QStringLiteral("position %1 (prompt)\ntoken %2")
        .arg(position)
        .arg(quoted(tokenText(token)));
  const int answerIndex = position - trace_->promptLength;
  QString text = QStringLiteral("position %1 (answer slot %2)").arg(position).arg(answerIndex);
  if (trace_->sampler == "diffusion" && trace_->blockLength > 0)
    text += QStringLiteral(", block %1").arg(answerIndex / trace_->blockLength);
  if (isMasked(fr, position)) {
    if (trace_->sampler == "ar") return text + QStringLiteral("\nnot generated yet");
    text += QStringLiteral("\nmasked");
    if (hasConfidence)
      text += QStringLiteral("\nbest guess has probability %1").arg(conf, 0, 'f', 3);
    return text;
  }
  text += QStringLiteral("\ntoken %1").arg(quoted(tokenText(token)));
  if (hasConfidence) text += QStringLiteral("\nconfidence %1").arg(conf, 0, 'f', 3);
  const int f = commitFrameOf(position);
  if (f >= 0) {
    text += QStringLiteral("\ncommitted at step %1").arg(trace_->frames[std::size_t(f)].step);
    if (f == frame_) text += QStringLiteral(" (this step)");
  }
  return text;
}

void DiffusionView::paintOverlay(QPainter& p) {
  if (hover_ && frameCount() > 0) {
    const QRectF slot = geometryFor(size()).slotRect(*hover_);
    const TraceViewStyle style(palette());
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(style.background(), 3));
    p.drawRect(slot.adjusted(-2, -2, 2, 2));
    p.setPen(QPen(style.text(), 1.5));
    p.drawRect(slot.adjusted(-2, -2, 2, 2));
  }
}

bool DiffusionView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const DiffusionGeometry g = geometryFor(size());
    const auto slot = frameCount() > 0 ? g.slotAt(help->pos()) : std::nullopt;
    if (slot) {
      QToolTip::showText(help->globalPos(), slotDescription(*slot), this,
                         g.slotRect(*slot).toAlignedRect());
    } else {
      QToolTip::hideText();
      event->ignore();
    }
    return true;
  }
  return CachedView::event(event);
}

void DiffusionView::mouseMoveEvent(QMouseEvent* event) {
  setHover(frameCount() > 0 ? geometryFor(size()).slotAt(event->position()) : std::nullopt);
  QWidget::mouseMoveEvent(event);
}

void DiffusionView::leaveEvent(QEvent* event) {
  setHover(std::nullopt);
  QWidget::leaveEvent(event);
}

void DiffusionView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) computeSlotAspect();
  CachedView::changeEvent(event);
}

void DiffusionView::setHover(std::optional<int> position) {
  if (position == hover_) return;
  hover_ = position;
  update();  // only the overlay changes: the cached pixmap stays
  emit slotHovered(position ? *position : -1);
}

}  // namespace seqscope
