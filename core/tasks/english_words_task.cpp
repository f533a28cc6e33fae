#include "core/tasks/english_words_task.h"

#include <algorithm>
#include <sstream>

#include "core/tasks/task_util.h"

namespace seqscope {
namespace {

// A sentence "the cat runs." as its words and the period.
std::vector<std::string> split(const std::string& sentence) {
  std::vector<std::string> out;
  std::istringstream in(sentence);
  std::string w;
  while (in >> w) {
    const bool period = !w.empty() && w.back() == '.';
    if (period) w.pop_back();
    if (!w.empty()) out.push_back(w);
    if (period) out.push_back(".");
  }
  return out;
}

int idOf(const std::string& word) {
  const auto& v = EnglishWordsTask::words();
  return int(std::find(v.begin(), v.end(), word) - v.begin());
}

}  // namespace

EnglishWordsTask::EnglishWordsTask(const TaskOptions& o)
    : EnglishTask(TaskOptions{}),  // the character task's checks do not apply to words
      lengthInWords_(taskutil::option("english_words", "length", o.length, 25, longestSentenceWords(), 4096)) {}

const std::vector<std::string>& EnglishWordsTask::words() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> w;
    for (const std::string& form : EnglishTask::wordForms())
      if (std::find(w.begin(), w.end(), form) == w.end()) w.push_back(form);
    w.push_back(".");
    return w;
  }();
  return v;
}

int EnglishWordsTask::longestSentenceWords() {
  return 11 + 1;  // det adj noun verb det adj noun prep the place, and "."
}

Example EnglishWordsTask::sample(Rng& rng) const {
  std::vector<std::string> text = split(sentence(rng));
  for (;;) {
    const std::vector<std::string> next = split(sentence(rng));
    if (text.size() + next.size() > std::size_t(lengthInWords_)) break;
    text.insert(text.end(), next.begin(), next.end());
  }
  Example ex = taskutil::blankExample(int(text.size()));
  for (std::size_t i = 0; i < text.size(); ++i) ex.tokens[i] = idOf(text[i]);
  taskutil::scoreNext(ex, 0, int(text.size()) - 1);
  return ex;
}

}  // namespace seqscope
