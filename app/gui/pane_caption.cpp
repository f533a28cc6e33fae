#include "app/gui/pane_caption.h"

#include <QFileInfo>
#include <QObject>
#include <algorithm>

#include "core/tasks/task.h"
#include "core/trm/answer_check.h"
#include "views/decode_heatmaps.h"

namespace seqscope {
namespace {

QString formatSeconds(double s) {
  if (s < 1e-3) return QStringLiteral("%1 µs").arg(s * 1e6, 0, 'f', 1);
  if (s < 1) return QStringLiteral("%1 ms").arg(s * 1e3, 0, 'f', 2);
  return QStringLiteral("%1 s").arg(s, 0, 'f', 2);
}

QString modelName(const PaneSpec& spec) {
  const QString model = QString::fromStdString(spec.model);
  return model.contains('/') ? QFileInfo(model).fileName() : model;
}

// "57 tokens in 21 steps (blocks of 19)": what the sampler ran with, after fitting the scene's
// steps and blocks to the input (core/sample/sampler.h, fitSamplerOptions).
QString generationFacts(const GenerationTrace& t) {
  const int steps = t.frames.empty() ? 0 : t.frames.back().step;
  auto count = [](int n, const char* one, const char* many) {
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
  };
  QString s = count(t.generationLength, "token", "tokens");
  if (t.cancelled || t.frames.empty()) return s;
  s += QStringLiteral(" in ") + count(steps, "step", "steps");
  if (t.sampler == "diffusion" && t.blockLength > 0 && t.blockLength < t.generationLength)
    s += QObject::tr(" (blocks of %1)").arg(t.blockLength);
  return s;
}

// "answers 3/4 ✓✓✗·": the model's answers read so far, checked against the input (the last
// thing the caption says, in presentation mode too). Empty when the pane checks no answers.
QString answerVerdict(const PaneTraces& traces, int shown) {
  if (traces.refinement && !traces.refinement->frames.empty()) {
    // A TRM's answer at the shown frame, by the puzzle's rules: "solved ✓", "path broken ✗".
    const RefinementTrace& r = *traces.refinement;
    const auto& frame = r.frames[std::size_t(std::clamp(shown, 0, int(r.frames.size()) - 1))];
    const GridVerdict v = checkGridAnswer(r.task, r.rows, r.cols, r.puzzle, frame.answer);
    return QString::fromStdString(v.summary) + (v.solved ? QStringLiteral(" ✓") : QStringLiteral(" ✗"));
  }
  if (traces.generation && !traces.generation->frames.empty() && !traces.generation->task.empty()) {
    // What the task's rules say of the text at the shown frame ("123+045 = 168 ✓").
    const GenerationTrace& g = *traces.generation;
    const auto& tasks = knownTasks();
    if (std::find(tasks.begin(), tasks.end(), g.task) == tasks.end()) return {};
    const Judgement j = makeTask(g.task)->judge(g.text(shown));
    if (j.total == 0) return {};
    return QString::fromStdString(j.summary) + (j.allRight() ? QStringLiteral(" ✓") : QStringLiteral(" ✗"));
  }
  if (!traces.decode || traces.decode->answerPositions.empty()) return {};
  const DecodeTrace& d = *traces.decode;
  const AnswerTally t = d.answersUpTo(shown);
  // One mark per answer while they fit in a glance (and do not make one long unbreakable word).
  QString marks;
  if (t.total <= 8)
    for (int p : d.answerPositions) {
      const int v = d.answerVerdict(p);
      marks += p > shown || v < 0 ? QStringLiteral("·") : v ? QStringLiteral("✓") : QStringLiteral("✗");
    }
  if (t.read < t.total)
    return QObject::tr("answers %1/%2 right so far %3").arg(t.correct).arg(t.read).arg(marks).trimmed();
  return QObject::tr("answered %1 of %2 right %3").arg(t.correct).arg(t.total).arg(marks).trimmed();
}

}  // namespace

QString viewTitle(const std::string& view) {
  if (view == "attention") return QObject::tr("attention map");
  if (view == "state") return QObject::tr("state evolution");
  if (view == "diffusion") return QObject::tr("generation (diffusion / AR)");
  if (view == "refinement") return QObject::tr("TRM refinement");
  return QString::fromStdString(view);
}

QString PaneCaption::text() const {
  if (facts.isEmpty()) return heading;
  return heading + QStringLiteral(" · ") + facts;
}

QString describePane(const PaneSpec& spec) {
  QString s = modelName(spec) + QStringLiteral(" · ");
  if (spec.view == "diffusion")
    s += spec.run == "ar" ? QObject::tr("autoregressive") : QObject::tr("masked diffusion");
  else if (spec.view == "state" && spec.implicitAttention)
    s += QObject::tr("implicit attention");
  else
    s += viewTitle(spec.view);
  if (spec.view == "attention" || spec.view == "state") {
    s += QObject::tr(" · layer %1").arg(spec.layer);
    if (spec.head >= 0) s += QObject::tr(", head %1").arg(spec.head);
    else if (spec.view == "attention" || spec.implicitAttention) s += QObject::tr(", mean of heads");
  }
  return s;
}

PaneCaption paneCaption(const PaneSpec& spec, const PaneTraces& traces, int shownFrame, bool busy,
                        const QString& error, bool brief) {
  PaneCaption c;
  c.heading = spec.title.empty() ? describePane(spec) : QString::fromStdString(spec.title);
  if (!error.isEmpty()) {
    c.facts = error;
    return c;
  }
  const int count = traces.frameCount();
  if (count == 0) {
    if (busy) c.facts = QObject::tr("running…");
    return c;
  }
  QStringList facts;
  if (traces.generation) facts << generationFacts(*traces.generation);
  const int shown = std::clamp(shownFrame, 0, count - 1);
  QString frame = QObject::tr("frame %1/%2").arg(shown + 1).arg(count);
  if (!traces.finished && busy) frame += QObject::tr(" (running)");
  facts << frame;
  const QString verdict = answerVerdict(traces, shown);
  if (brief) {
    if (!verdict.isEmpty()) facts << verdict;
    c.facts = facts.join(QStringLiteral(" · "));
    return c;
  }
  const std::vector<MeterSample> meters = traces.meters();
  const MeterSample& m = meters[std::size_t(shown)];
  facts << QObject::tr("step %1").arg(formatSeconds(m.stepSeconds));
  if (traces.decode) {
    // The shown layer's own state (a KV cache or a recurrent matrix) and the whole model's:
    // a Gated DeltaNet pane of a hybrid must not be credited with the attention layer's cache.
    const DecodeTrace& d = *traces.decode;
    const bool layerKnown = shown < int(d.frames.size()) && spec.layer >= 0 &&
                            spec.layer < int(d.frames[std::size_t(shown)]->layers.size()) &&
                            d.frames[std::size_t(shown)]->layers.size() > 1;
    if (layerKnown)
      facts << QObject::tr("layer %1 state %2 of %3")
                   .arg(spec.layer)
                   .arg(DecodeHeatmaps::formatBytes(d.frames[std::size_t(shown)]->layers[std::size_t(spec.layer)].bytes))
                   .arg(DecodeHeatmaps::formatBytes(m.liveBytes));
    else
      facts << QObject::tr("state %1").arg(DecodeHeatmaps::formatBytes(m.liveBytes));
  }
  else if (m.liveBytes > 0)
    facts << QObject::tr("held %1").arg(DecodeHeatmaps::formatBytes(m.liveBytes));
  if (traces.decode && traces.decode->parallelVsRecurrent >= 0)
    facts << QObject::tr("parallel = recurrent within %1").arg(traces.decode->parallelVsRecurrent, 0, 'g', 2);
  if (!verdict.isEmpty()) facts << verdict;
  c.facts = facts.join(QStringLiteral(" · "));
  return c;
}

QString paneLegendName(int index, const PaneSpec& spec) {
  return QStringLiteral("%1 %2").arg(index + 1).arg(modelName(spec));
}

}  // namespace seqscope
