#pragma once
// How the views write about a mixer (Mixer::kind()): its name, what the rows and columns of its
// state matrices are, and its update rule as one line of rich text with the current token's
// term highlighted. The text lives in the mixer's registry entry (core/mixers/<kind>/); this
// is its Qt form, which the views, the captions and the formula line read instead of
// comparing kind strings of their own.
#include <QString>
#include <string>

namespace seqscope {

struct MixerNotation {
  QString name;                       // "Gated DeltaNet"
  QString stateRows, stateColumns;    // "key dimension", "value dimension"
  // The recurrence (or, for attention, the read) as HTML with <sub>/<sup>; "%1" is the
  // token index t, "%2" the highlighted term's opening tag, "%3" its closing tag, "%4" t − 1.
  QString formula;
  bool growsWithTokens = false;       // a KV cache (attention), not a fixed-size state
};

// The notation of a mixer kind; a neutral one (the kind as its name) for an unknown kind.
const MixerNotation& mixerNotation(const std::string& kind);

// The formula for token t (0-based index, shown as written) with its term highlighted.
QString mixerFormula(const std::string& kind, int t);

// The opening / closing tags that highlight the current step's term in every formula.
QString formulaHighlightOpen();
QString formulaHighlightClose();

}  // namespace seqscope
