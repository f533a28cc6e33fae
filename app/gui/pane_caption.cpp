#include "app/gui/pane_caption.h"

#include <QFileInfo>
#include <QObject>
#include <algorithm>

#include "core/scene/view_registry.h"
#include "core/util/format_bytes.h"
#include "core/tasks/task.h"
#include "core/trm/answer_check.h"
#include "views/decode_heatmaps.h"
#include "views/heatmap_data.h"

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
QString answerVerdict(const PaneTrace& traces, int shown) {
  if (traces.refinement() && !traces.refinement()->frames.empty()) {
    // A TRM's answer at the shown frame, by the puzzle's rules: "solved ✓", "path broken ✗".
    const RefinementTrace& r = *traces.refinement();
    const auto& frame = r.frames[std::size_t(std::clamp(shown, 0, int(r.frames.size()) - 1))];
    const GridVerdict v = checkGridAnswer(r.task, r.rows, r.cols, r.puzzle, frame.answer);
    return QString::fromStdString(v.summary) + (v.solved ? QStringLiteral(" ✓") : QStringLiteral(" ✗"));
  }
  if (traces.generation() && !traces.generation()->frames.empty() && !traces.generation()->task.empty()) {
    // What the task's rules say of the text at the shown frame ("123+045 = 168 ✓").
    const GenerationTrace& g = *traces.generation();
    const auto& tasks = knownTasks();
    if (std::find(tasks.begin(), tasks.end(), g.task) == tasks.end()) return {};
    const Judgement j = makeTask(g.task)->judge(g.text(shown));
    if (j.total == 0) return QString::fromStdString(j.summary);  // nothing to judge yet: no mark
    return QString::fromStdString(j.summary) + (j.allRight() ? QStringLiteral(" ✓") : QStringLiteral(" ✗"));
  }
  if (!traces.decode() || traces.decode()->answerPositions.empty()) return {};
  const DecodeTrace& d = *traces.decode();
  const AnswerTally t = d.answersUpTo(shown);
  // One mark per answer while they fit in a glance (and do not make one long unbreakable word).
  QString marks;
  if (t.total <= 8)
    for (int p : d.answerPositions) {
      const int v = d.answerVerdict(p);
      marks += p > shown || v < 0 ? QStringLiteral("·") : v ? QStringLiteral("✓") : QStringLiteral("✗");
    }
  if (t.read == 0) return t.total == 1 ? QObject::tr("1 answer to come") : QObject::tr("%1 answers to come").arg(t.total);
  if (t.read < t.total)
    return QObject::tr("answers %1/%2 right so far %3").arg(t.correct).arg(t.read).arg(marks).trimmed();
  return QObject::tr("answered %1 of %2 right %3").arg(t.correct).arg(t.total).arg(marks).trimmed();
}

QString bytesText(std::size_t bytes) { return QString::fromStdString(formatBytes(double(bytes), 2)); }

QString quoted(const std::string& token) {
  return QStringLiteral("“%1”").arg(HeatmapData::visibleToken(QString::fromStdString(token)));
}

// What the shown frame did, in the view's own words.
QString readStory(const PaneSpec& spec, const DecodeTrace& d, int t) {
  const DecodeFrame& f = *d.frames[std::size_t(t)];
  QString s = QObject::tr("read %1").arg(quoted(d.tokenLabels[std::size_t(t)]));
  const ViewInfo* view = ViewRegistry::findView(spec.view);
  const HeadChoice heads = view ? view->heads : HeadChoice::None;
  if (heads == HeadChoice::AttentionHead && !spec.implicitAttention && DecodeHeatmaps::headCount(d, spec.layer) > 0) {
    // Where row t of the shown map (a head, or the mean of the heads) puts most weight; one
    // row, not the T x T map.
    const auto& heads = (*d.attention)[std::size_t(spec.layer)].weights;
    const int h = std::min(spec.head, int(heads.size()) - 1);
    Row row = h >= 0 ? Row(heads[std::size_t(h)].row(t).head(t + 1)) : Row(Row::Zero(t + 1));
    if (h < 0)
      for (const Mat& w : heads) row += w.row(t).head(t + 1) / Real(heads.size());
    Eigen::Index best = 0;
    const double w = row.maxCoeff(&best);
    s += QObject::tr(", looks most at %1 (position %2, %3)")
             .arg(quoted(d.tokenLabels[std::size_t(best)]))
             .arg(best)
             .arg(w, 0, 'f', 2);
  } else if (heads == HeadChoice::StateSlice && spec.layer >= 0 && spec.layer < int(f.layers.size())) {
    // How the shown state matrix's norm moved with this token.
    const auto& norms = f.layers[std::size_t(spec.layer)].norms;
    const int slice = std::max(0, spec.head);
    if (slice < int(norms.size())) {
      const double before =
          t > 0 && spec.layer < int(d.frames[std::size_t(t - 1)]->layers.size())
              ? d.frames[std::size_t(t - 1)]->layers[std::size_t(spec.layer)].norms[std::size_t(slice)]
              : 0.0;
      s += QObject::tr(", ‖%1‖ %2 → %3")
               .arg(QString::fromStdString(f.layers[std::size_t(spec.layer)].slices[std::size_t(slice)].name))
               .arg(before, 0, 'f', 2)
               .arg(norms[std::size_t(slice)], 0, 'f', 2);
    }
  }
  if (f.predictedToken >= 0)
    s += QObject::tr(", predicts %1 (%2)").arg(quoted(f.predictedLabel)).arg(f.predictedProbability, 0, 'f', 2);
  return s;
}

QString generationStory(const GenerationTrace& g, int frame) {
  const GenerationFrame& f = g.frames[std::size_t(frame)];
  if (f.committed.empty()) return QObject::tr("nothing committed yet");
  QStringList parts;
  for (std::size_t i = 0; i < f.committed.size() && i < 4; ++i) {
    const int pos = f.committed[i];
    const int id = f.tokens[std::size_t(pos)];
    const std::string label = id >= 0 && id < int(g.vocabulary.size()) ? g.vocabulary[std::size_t(id)] : "?";
    parts << QStringLiteral("%1 (%2)").arg(quoted(label)).arg(f.confidence[std::size_t(pos)], 0, 'f', 2);
  }
  QString s = QObject::tr("committed %1").arg(parts.join(QStringLiteral(", ")));
  if (f.committed.size() > 4) s += QObject::tr(" and %1 more").arg(f.committed.size() - 4);
  return s;
}

QString solveStory(const RefinementTrace& r, int frame) {
  const RefinementFrame& f = r.frames[std::size_t(frame)];
  const int changed = int(std::count(f.changed.begin(), f.changed.end(), std::uint8_t(1)));
  return QObject::tr("cycle %1 of step %2: %3 cells changed, halting %4")
      .arg(f.cycle + 1)
      .arg(f.supervisionStep + 1)
      .arg(changed)
      .arg(f.haltProbability, 0, 'f', 2);
}

}  // namespace

QString frameStory(const PaneSpec& spec, const PaneTrace& traces, int shownFrame) {
  const int count = traces.frameCount();
  if (count == 0) return {};
  const int frame = std::clamp(shownFrame, 0, count - 1);
  if (traces.decode() && frame < int(traces.decode()->frames.size())) return readStory(spec, *traces.decode(), frame);
  if (traces.generation()) return generationStory(*traces.generation(), frame);
  if (traces.refinement()) return solveStory(*traces.refinement(), frame);
  return {};
}

QString viewTitle(const std::string& view) {
  const ViewInfo* v = ViewRegistry::findView(view);
  return QString::fromStdString(v ? v->title : view);
}

QString PaneCaption::text() const {
  QString s = heading;
  if (!story.isEmpty()) s += QStringLiteral(" · ") + story;
  if (!facts.isEmpty()) s += QStringLiteral(" · ") + facts;
  return s;
}

QString describePane(const PaneSpec& spec) {
  QString s = modelName(spec) + QStringLiteral(" · ");
  const ViewInfo* view = ViewRegistry::findView(spec.view);
  const RunInfo* run = ViewRegistry::findRun(spec.run);
  const unsigned controls = ViewRegistry::controls(spec);
  // A view of several runs (generation) is named by the run it shows.
  if (view && view->runs.size() > 1 && run)
    s += QString::fromStdString(run->title);
  else if ((controls & kControlImplicitAttention) && spec.implicitAttention)
    s += QObject::tr("implicit attention");
  else
    s += viewTitle(spec.view);
  if (controls & kControlLayer) {
    s += QObject::tr(" · layer %1").arg(spec.layer);
    if (spec.head >= 0) s += QObject::tr(", head %1").arg(spec.head);
    else if (ViewRegistry::heads(spec) == HeadChoice::AttentionHead) s += QObject::tr(", mean of heads");
  }
  return s;
}

PaneCaption paneCaption(const PaneSpec& spec, const PaneTrace& traces, int shownFrame, bool busy,
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
  if (traces.generation()) facts << generationFacts(*traces.generation());
  const int shown = std::clamp(shownFrame, 0, count - 1);
  c.story = frameStory(spec, traces, shown);
  QString frame = QObject::tr("frame %1/%2").arg(shown + 1).arg(count);
  if (!traces.finished() && busy) frame += QObject::tr(" (running)");
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
  if (traces.decode()) {
    // The shown layer's own state (a KV cache or a recurrent matrix) and the whole model's:
    // a Gated DeltaNet pane of a hybrid must not be credited with the attention layer's cache.
    const DecodeTrace& d = *traces.decode();
    const bool layerKnown = shown < int(d.frames.size()) && spec.layer >= 0 &&
                            spec.layer < int(d.frames[std::size_t(shown)]->layers.size()) &&
                            d.frames[std::size_t(shown)]->layers.size() > 1;
    if (layerKnown)
      facts << QObject::tr("layer %1 state %2 of %3")
                   .arg(spec.layer)
                   .arg(bytesText(d.frames[std::size_t(shown)]->layers[std::size_t(spec.layer)].bytes))
                   .arg(bytesText(m.liveBytes));
    else
      facts << QObject::tr("state %1").arg(bytesText(m.liveBytes));
  }
  else if (m.liveBytes > 0)
    facts << QObject::tr("held %1").arg(bytesText(m.liveBytes));
  if (traces.decode() && traces.decode()->parallelVsRecurrent >= 0)
    facts << QObject::tr("parallel = recurrent within %1").arg(traces.decode()->parallelVsRecurrent, 0, 'g', 2);
  if (!verdict.isEmpty()) facts << verdict;
  c.facts = facts.join(QStringLiteral(" · "));
  return c;
}

QString paneLegendName(int index, const PaneSpec& spec) {
  return QStringLiteral("%1 %2").arg(index + 1).arg(modelName(spec));
}

}  // namespace seqscope
