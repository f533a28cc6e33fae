#include "views/mixer_notation.h"

#include <map>

namespace seqscope {
namespace {

// Subscript t, the current token; <sub>t−1</sub> the state before it.
const std::map<std::string, MixerNotation>& table() {
  static const std::map<std::string, MixerNotation> t = {
      {"attention",
       {QStringLiteral("softmax attention"), QStringLiteral("cached position"), QStringLiteral("channel"),
        QStringLiteral("o<sub>%1</sub> = Σ<sub>j≤%1</sub> softmax<sub>j</sub>(%2q<sub>%1</sub>·k<sub>j</sub>%3 / √d) v<sub>j</sub>"
                       "  ·  cache: K, V gain %2row %1%3"),
        true}},
      {"linear_attention",
       {QStringLiteral("linear attention"), QStringLiteral("key dimension"), QStringLiteral("value dimension"),
        QStringLiteral("S<sub>%1</sub> = S<sub>%4</sub> + %2φ(k<sub>%1</sub>) v<sub>%1</sub><sup>⊤</sup>%3"
                       "  ·  o<sub>%1</sub> = S<sub>%1</sub><sup>⊤</sup> φ(q<sub>%1</sub>)"),
        false}},
      {"retnet",
       {QStringLiteral("RetNet retention"), QStringLiteral("key dimension"), QStringLiteral("value dimension"),
        QStringLiteral("S<sub>%1</sub> = γ S<sub>%4</sub> + %2k<sub>%1</sub> v<sub>%1</sub><sup>⊤</sup>%3"
                       "  ·  o<sub>%1</sub> = S<sub>%1</sub><sup>⊤</sup> q<sub>%1</sub>"),
        false}},
      {"gated_deltanet",
       {QStringLiteral("Gated DeltaNet"), QStringLiteral("key dimension"), QStringLiteral("value dimension"),
        QStringLiteral("S<sub>%1</sub> = α<sub>%1</sub> (I − %2β<sub>%1</sub> k<sub>%1</sub> k<sub>%1</sub><sup>⊤</sup>%3) "
                       "S<sub>%4</sub> + %2β<sub>%1</sub> k<sub>%1</sub> v<sub>%1</sub><sup>⊤</sup>%3"
                       "  ·  o<sub>%1</sub> = S<sub>%1</sub><sup>⊤</sup> q<sub>%1</sub>"),
        false}},
      {"mamba2",
       {QStringLiteral("Mamba-2"), QStringLiteral("channel of the head"), QStringLiteral("state dimension"),
        QStringLiteral("h<sub>%1</sub> = a<sub>%1</sub> h<sub>%4</sub> + %2x<sub>%1</sub> B<sub>%1</sub><sup>⊤</sup>%3"
                       "  ·  y<sub>%1</sub> = h<sub>%1</sub> C<sub>%1</sub>  (a<sub>%1</sub> = exp(Δ<sub>%1</sub> A), one per head)"),
        false}},
      {"mamba",
       {QStringLiteral("Mamba"), QStringLiteral("channel"), QStringLiteral("state dimension"),
        QStringLiteral("h<sub>%1</sub> = Ā<sub>%1</sub> ⊙ h<sub>%4</sub> + %2B̄<sub>%1</sub> x<sub>%1</sub>%3"
                       "  ·  y<sub>%1</sub> = C<sub>%1</sub> h<sub>%1</sub>  (diagonal: each channel its own decay)"),
        false}},
  };
  return t;
}

}  // namespace

const MixerNotation& mixerNotation(const std::string& kind) {
  const auto it = table().find(kind);
  if (it != table().end()) return it->second;
  static thread_local MixerNotation unknown;
  unknown = {QString::fromStdString(kind), QStringLiteral("state row"), QStringLiteral("state column"), {}, false};
  return unknown;
}

QString formulaHighlightOpen() { return QStringLiteral("<b><span style=\"color:#c05000\">"); }
QString formulaHighlightClose() { return QStringLiteral("</span></b>"); }

QString mixerFormula(const std::string& kind, int t) {
  const MixerNotation& n = mixerNotation(kind);
  if (n.formula.isEmpty()) return {};
  // The state before token t is S_{t-1}; before the first token, S_{-1} = 0.
  return n.formula.arg(t).arg(formulaHighlightOpen(), formulaHighlightClose()).arg(t - 1);
}

}  // namespace seqscope
