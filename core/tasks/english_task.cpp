#include "core/tasks/english_task.h"

#include <algorithm>
#include <functional>

#include "core/tasks/task_util.h"

namespace seqscope {
namespace {

using Words = std::vector<std::string>;
const Words kDetSg = {"the", "a"}, kDetPl = {"the", "some", "two"};
const Words kAnimal = {"cat", "dog", "bird", "frog", "girl", "boy", "king", "horse"};
const Words kThing = {"ball", "cake", "book", "hat", "cup", "kite", "bell"};
const Words kAdj = {"big", "small", "red", "green", "happy", "sad", "tall", "tiny"};
const Words kVt = {"see", "like", "find", "hold", "want", "take", "need", "help"};
const Words kVi = {"run", "sleep", "sing", "jump", "wait", "smile", "swim", "walk"};
const Words kAdv = {"slowly", "quickly", "quietly", "happily"};
const Words kPrep = {"in", "near", "under", "behind"};
const Words kPlace = {"park", "house", "garden", "river", "hill", "forest"};
const Words kObject = [] {  // objects may be animals or things
  Words v = kAnimal;
  v.insert(v.end(), kThing.begin(), kThing.end());
  return v;
}();
constexpr int kTemplates = 6;

// The structural choices of one sentence; words are then picked slot by slot.
struct Shape {
  int tmpl = 0;
  bool subjPlural = false, subjAdj = false, objPlural = false, objAdj = false;
};

using Pick = std::function<const std::string&(const Words&)>;

// Builds a sentence of the given shape, asking `pick` for each word. Sampling passes a random
// picker; longestSentence() passes one that returns the longest word, so both share one
// definition of the grammar and the bound cannot drift from what sample() produces.
std::string build(const Shape& s, const Pick& pick) {
  std::vector<std::string> w;
  auto np = [&](bool plural, bool adj, bool subject) {
    w.push_back(pick(plural ? kDetPl : kDetSg));
    if (adj) w.push_back(pick(kAdj));
    const std::string noun = pick(subject ? kAnimal : kObject);
    w.push_back(plural ? noun + "s" : noun);
  };
  auto verb = [&](const Words& v) { w.push_back(pick(v) + (s.subjPlural ? "" : "s")); };
  auto pp = [&] {
    w.push_back(pick(kPrep));
    w.push_back("the");
    w.push_back(pick(kPlace));
  };
  np(s.subjPlural, s.subjAdj, true);
  switch (s.tmpl) {
    case 0: verb(kVt); np(s.objPlural, s.objAdj, false); break;
    case 1: verb(kVi); break;
    case 2: verb(kVi); w.push_back(pick(kAdv)); break;
    case 3: verb(kVt); np(s.objPlural, s.objAdj, false); pp(); break;
    case 4: w.push_back(s.subjPlural ? "are" : "is"); w.push_back(pick(kAdj)); break;
    default: verb(kVi); pp(); break;
  }
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out + ".";
}

}  // namespace

EnglishTask::EnglishTask(const TaskOptions& o) {
  length_ = taskutil::option("english", "length", o.length, 128, longestSentence(), 8192);
}

std::string EnglishTask::sentence(Rng& rng) {
  Shape s;
  s.tmpl = int(rng.below(kTemplates));
  s.subjPlural = rng.below(2) == 1;
  s.subjAdj = rng.below(2) == 1;
  s.objPlural = rng.below(2) == 1;
  s.objAdj = rng.below(2) == 1;
  return build(s, [&](const Words& v) -> const std::string& { return v[rng.below(v.size())]; });
}

int EnglishTask::longestSentence() {
  auto longest = [](const Words& v) -> const std::string& {
    return *std::max_element(v.begin(), v.end(),
                             [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  };
  std::size_t best = 0;
  for (int shape = 0; shape < kTemplates * 16; ++shape) {
    const Shape s{shape / 16, bool(shape & 1), bool(shape & 2), bool(shape & 4), bool(shape & 8)};
    best = std::max(best, build(s, longest).size());
  }
  return int(best);
}

std::vector<std::string> EnglishTask::wordForms() {
  std::vector<std::string> out;
  auto add = [&](const Words& v, const char* suffix) {
    for (const auto& w : v) out.push_back(w + suffix);
  };
  add(kDetSg, ""), add(kDetPl, "");
  add(kAnimal, ""), add(kAnimal, "s"), add(kThing, ""), add(kThing, "s");
  add(kAdj, "");
  add(kVt, ""), add(kVt, "s"), add(kVi, ""), add(kVi, "s");
  out.push_back("is"), out.push_back("are");
  add(kAdv, ""), add(kPrep, ""), add(kPlace, "");
  return out;
}

Example EnglishTask::sample(Rng& rng) const {
  std::string text = sentence(rng);
  // Keep adding sentences while they fit; the first one that does not ends the example (it
  // is discarded, which keeps sentences whole).
  for (;;) {
    const std::string next = sentence(rng);
    if (text.size() + 1 + next.size() > std::size_t(length_)) break;
    text += " " + next;
  }
  Example ex = taskutil::blankExample(int(text.size()));
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    ex.tokens[i] = c == ' ' ? kSpace : c == '.' ? kPeriod : c - 'a';
  }
  taskutil::scoreNext(ex, 0, int(text.size()) - 1);
  return ex;
}

Vocabulary EnglishTask::vocabulary() const {
  std::vector<std::string> t;
  for (char c = 'a'; c <= 'z'; ++c) t.push_back(std::string(1, c));
  t.push_back(" ");
  t.push_back(".");
  return Vocabulary(std::move(t));
}


bool EnglishTask::isGrammatical(const std::string& sentence) {
  std::vector<std::string> w;
  std::string word;
  for (char ch : sentence) {
    if (ch == ' ' || ch == '.') {
      if (!word.empty()) w.push_back(word);
      word.clear();
    } else {
      word += ch;
    }
  }
  if (!word.empty()) w.push_back(word);
  std::size_t at = 0;
  auto in = [](const Words& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  auto next = [&]() -> std::string { return at < w.size() ? w[at++] : std::string(); };
  // A noun phrase: determiner, optional adjective, noun; returns 0 none, 1 singular, 2 plural.
  auto np = [&](const Words& nouns) {
    const std::string det = next();
    const bool sgDet = in(kDetSg, det), plDet = in(kDetPl, det);
    if (!sgDet && !plDet) return 0;
    std::string noun = next();
    if (in(kAdj, noun)) noun = next();
    if (in(nouns, noun)) return sgDet ? 1 : 0;
    if (noun.size() > 1 && noun.back() == 's' && in(nouns, noun.substr(0, noun.size() - 1))) return plDet ? 2 : 0;
    return 0;
  };
  auto verb = [&](const Words& verbs, bool plural) {
    const std::string v = next();
    if (plural) return in(verbs, v);
    return v.size() > 1 && v.back() == 's' && in(verbs, v.substr(0, v.size() - 1));
  };
  const int subject = np(kAnimal);
  if (subject == 0) return false;
  const bool plural = subject == 2;
  const std::size_t afterSubject = at;
  auto done = [&] { return at == w.size(); };
  auto pp = [&] {
    return in(kPrep, next()) && next() == "the" && in(kPlace, next());
  };
  // Each template in turn, from the same position.
  auto tryTemplate = [&](const std::function<bool()>& rest) {
    at = afterSubject;
    return rest() && done();
  };
  return tryTemplate([&] { return verb(kVt, plural) && np(kObject) != 0; }) ||
         tryTemplate([&] { return verb(kVt, plural) && np(kObject) != 0 && pp(); }) ||
         tryTemplate([&] { return verb(kVi, plural); }) ||
         tryTemplate([&] { return verb(kVi, plural) && in(kAdv, next()); }) ||
         tryTemplate([&] { return verb(kVi, plural) && pp(); }) ||
         tryTemplate([&] { return next() == (plural ? "are" : "is") && in(kAdj, next()); });
}

Judgement EnglishTask::judge(const std::string& text) const {
  Judgement j;
  std::size_t start = 0;
  for (std::size_t dot = text.find('.'); dot != std::string::npos; dot = text.find('.', start)) {
    std::string s = text.substr(start, dot - start);
    start = dot + 1;
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    // Empty, or still holding a masked slot (a diffusion model's period comes before its
    // words): not a sentence yet.
    if (s.empty() || s.find("\u25A2") != std::string::npos) continue;
    ++j.total;
    j.right += isGrammatical(s);
  }
  if (j.total > 0)
    j.summary = std::to_string(j.right) + " of " + std::to_string(j.total) +
                (j.total == 1 ? " sentence grammatical" : " sentences grammatical");
  return j;
}

}  // namespace seqscope
