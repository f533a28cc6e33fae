#include "views/mixer_notation.h"

#include <map>

#include "core/mixers/mixer_registry.h"

namespace seqscope {
const MixerNotation& mixerNotation(const std::string& kind) {
  // The registry is fixed after static initialisation; each thread keeps its QString copies.
  static thread_local std::map<std::string, MixerNotation> cache;
  const auto it = cache.find(kind);
  if (it != cache.end()) return it->second;
  MixerNotation n{QString::fromStdString(kind), QStringLiteral("state row"), QStringLiteral("state column"), {}, false};
  if (const MixerEntry* e = MixerRegistry::find(kind)) {
    const auto& m = e->notation;
    n = {QString::fromStdString(m.name), QString::fromStdString(m.stateRows),
         QString::fromStdString(m.stateColumns), QString::fromStdString(m.formula), e->stateGrowsWithTokens};
  }
  return cache.emplace(kind, std::move(n)).first->second;
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
