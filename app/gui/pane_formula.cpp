#include "app/gui/pane_formula.h"

#include <QObject>
#include <algorithm>

#include "views/heatmap_data.h"
#include "views/mixer_notation.h"

namespace seqscope {
namespace {

QString highlighted(const QString& html) { return formulaHighlightOpen() + html + formulaHighlightClose(); }

QString readFormula(const PaneSpec& spec, const DecodeTrace& d, int t) {
  if (spec.layer < 0 || spec.layer >= int(d.layerKinds.size())) return {};
  const QString rule = mixerFormula(d.layerKinds[std::size_t(spec.layer)], t);
  if (rule.isEmpty()) return {};
  const QString token = HeatmapData::visibleToken(QString::fromStdString(d.tokenLabels[std::size_t(t)]));
  return rule + QObject::tr("   (t = %1, token “%2”)").arg(t).arg(token.toHtmlEscaped());
}

QString generationFormula(const GenerationTrace& g, int frame) {
  const GenerationFrame& f = g.frames[std::size_t(frame)];
  const int committed = int(f.committed.size());
  if (g.sampler == "ar") {
    const int t = g.promptLength + std::max(0, f.step - 1);
    return QObject::tr("x<sub>%1</sub> = argmax<sub>x</sub> p<sub>θ</sub>(x | x<sub>&lt;%1</sub>)   "
                       "(one network evaluation per token, with the KV cache)")
        .arg(highlighted(QString::number(t)));
  }
  // LLaDA: each step one evaluation of the whole sequence; the scheduled number of masked
  // slots of the current block, the most confident ones, are committed and never change.
  return QObject::tr("step %1: x<sup>(%1)</sup> = x<sup>(%2)</sup> with the %3 most confident "
                     "▢ of the current block filled from p<sub>θ</sub>(· | x<sup>(%2)</sup>)   "
                     "(one network evaluation of all %4 positions)")
      .arg(f.step)
      .arg(std::max(0, f.step - 1))
      .arg(highlighted(QString::number(committed)))
      .arg(g.promptLength + g.generationLength);
}

QString solveFormula(const RefinementTrace& r, int frame) {
  const RefinementFrame& f = r.frames[std::size_t(frame)];
  return QObject::tr("supervision step %1, cycle %2: z ← f(x, y, z) n times, then y ← g(y, z)   ·   "
                     "halt when σ(h(y)) > 0.5 (now %3)")
      .arg(f.supervisionStep + 1)
      .arg(highlighted(QString::number(f.cycle + 1)))
      .arg(f.haltProbability, 0, 'f', 2);
}

}  // namespace

QString paneFormula(const PaneSpec& spec, const PaneTrace& traces, int shownFrame) {
  const int count = traces.frameCount();
  if (count == 0) return {};
  const int frame = std::clamp(shownFrame, 0, count - 1);
  if (traces.decode()) return readFormula(spec, *traces.decode(), frame);
  if (traces.generation()) return generationFormula(*traces.generation(), frame);
  if (traces.refinement()) return solveFormula(*traces.refinement(), frame);
  return {};
}

QString paneGlossary() {
  return QObject::tr(
      "<b>NFE</b>: network function evaluations, one full pass of the model.<br>"
      "<b>d<sub>k</sub></b>, <b>d<sub>v</sub></b>: key and value dimensions per head; a state S is d<sub>k</sub> × d<sub>v</sub>.<br>"
      "<b>implicit attention</b>: the weight a linear-time mixer's output at t gives each earlier token, "
      "read from its parallel form.<br>"
      "<b>parallel = recurrent</b>: the layer computed over the whole sequence at once and token by token "
      "gives the same logits (the caption says how closely).<br>"
      "<b>KV cache</b>: attention's memory, a key and a value row per token read.");
}

}  // namespace seqscope
