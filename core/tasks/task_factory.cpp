// makeTask / knownTasks (declared in task.h): the one table that maps task names to classes.
#include "core/error.h"
#include "core/tasks/addition_task.h"
#include "core/tasks/copy_task.h"
#include "core/tasks/english_task.h"
#include "core/tasks/english_words_task.h"
#include "core/tasks/induction_task.h"
#include "core/tasks/maze_task.h"
#include "core/tasks/mqar_task.h"
#include "core/tasks/selective_copy_task.h"
#include "core/tasks/sudoku_task.h"
#include "core/tasks/task.h"

namespace seqscope {

namespace {

template <typename T>
std::unique_ptr<Task> make(const TaskOptions& options) {
  return std::make_unique<T>(options);
}
template <int N>
std::unique_ptr<Task> makeSudoku(const TaskOptions& options) {
  return std::make_unique<SudokuTask>(N, options);
}

// Every task, in the order `train --help` lists them: adding a task is one row here.
const std::vector<std::pair<std::string, std::unique_ptr<Task> (*)(const TaskOptions&)>>& entries() {
  static const std::vector<std::pair<std::string, std::unique_ptr<Task> (*)(const TaskOptions&)>> e{
      {"mqar", make<MqarTask>},
      {"copy", make<CopyTask>},
      {"selective_copy", make<SelectiveCopyTask>},
      {"induction", make<InductionTask>},
      {"addition", make<AdditionTask>},
      {"english", make<EnglishTask>},
      {"english_words", make<EnglishWordsTask>},
      {"sudoku4", makeSudoku<4>},
      {"sudoku6", makeSudoku<6>},
      {"sudoku9", makeSudoku<9>},
      {"maze", make<MazeTask>},
  };
  return e;
}

}  // namespace

const std::vector<std::string>& knownTasks() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& [name, factory] : entries()) n.push_back(name);
    return n;
  }();
  return names;
}

std::vector<int> Task::answerPositions(const std::vector<int>&, int) const { return {}; }
Judgement Task::judge(const std::string&) const { return {}; }

std::unique_ptr<Task> makeTask(const std::string& name, const TaskOptions& options) {
  for (const auto& [known, factory] : entries())
    if (known == name) return factory(options);
  std::string list;
  for (const auto& n : knownTasks()) list += (list.empty() ? "" : ", ") + n;
  throw Error("unknown task '" + name + "' (known: " + list + ")");
}

}  // namespace seqscope
