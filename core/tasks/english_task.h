#pragma once
// A tiny templated English corpus, character level: sentences from a small grammar joined by
// single spaces until the next sentence would not fit in `length` characters. Every
// character after the first is scored (plain language modelling). The grammar has subject-
// verb number agreement, so a model must carry the subject's number across the adjective
// and noun to spell the verb ("the cat runs" / "the big cats run").
//
// Grammar (every word starts with a consonant, so "a" never needs to be "an"):
//   S    -> NP_n VT_n NPo .  |  NP_n VI_n .  |  NP_n VI_n ADV .  |  NP_n VT_n NPo PP .
//        |  NP_n BE_n ADJ .  |  NP_n VI_n PP .
//   NP_n -> DET_n [ADJ] ANIMAL_n          (n = singular or plural, 1/2 each, ADJ 1/2)
//   NPo  -> DET_m [ADJ] (ANIMAL|THING)_m  (object number m drawn independently)
//   PP   -> PREP the PLACE
//   DET_sg: the a          DET_pl: the some two
//   ANIMAL: cat dog bird frog girl boy king horse      (plural: + "s")
//   THING:  ball cake book hat cup kite bell           (plural: + "s")
//   ADJ:    big small red green happy sad tall tiny
//   VT:     see like find hold want take need help     (singular: + "s")
//   VI:     run sleep sing jump wait smile swim walk   (singular: + "s")
//   BE_sg: is   BE_pl: are
//   ADV:    slowly quickly quietly happily
//   PREP:   in near under behind      PLACE: park house garden river hill forest
// Choices are uniform. Vocabulary: ids 0-25 "a".."z", 26 " ", 27 ".".
// Options: length (most characters per example, default 128; at least the longest sentence
// the grammar can produce, longestSentence(), up to 8192).
#include "core/tasks/task.h"

namespace seqscope {

class EnglishTask : public Task {
 public:
  static constexpr int kSpace = 26, kPeriod = 27;

  explicit EnglishTask(const TaskOptions& options);

  std::string name() const override { return "english"; }
  int vocabSize() const override { return 28; }
  int maxLength() const override { return length_; }
  Example sample(Rng& rng) const override;
  Vocabulary vocabulary() const override;
  // Every complete sentence ("... .") parsed against the grammar: "3 of 4 sentences grammatical".
  Judgement judge(const std::string& text) const override;
  // One sentence, with or without its period, by the grammar above (agreement included).
  static bool isGrammatical(const std::string& sentence);

  // One random sentence, ending in "."; exposed for tests and demos.
  static std::string sentence(Rng& rng);
  // Characters of the longest sentence the grammar can produce.
  static int longestSentence();
  // Every word form the grammar writes (plurals and third-person verbs included), in the
  // grammar's order, repeats kept ("the" is a determiner and in every place phrase).
  static std::vector<std::string> wordForms();

 private:
  int length_;
};

}  // namespace seqscope
