// makeTask / knownTasks (declared in task.h): the one place that maps task names to classes.
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

const std::vector<std::string>& knownTasks() {
  static const std::vector<std::string> names = {"mqar",     "copy",    "selective_copy", "induction",
                                                 "addition", "english", "english_words",  "sudoku4",
                                                 "sudoku6",  "sudoku9", "maze"};
  return names;
}

std::vector<int> Task::answerPositions(const std::vector<int>&, int) const { return {}; }
Judgement Task::judge(const std::string&) const { return {}; }

std::unique_ptr<Task> makeTask(const std::string& name, const TaskOptions& options) {
  if (name == "mqar") return std::make_unique<MqarTask>(options);
  if (name == "copy") return std::make_unique<CopyTask>(options);
  if (name == "selective_copy") return std::make_unique<SelectiveCopyTask>(options);
  if (name == "induction") return std::make_unique<InductionTask>(options);
  if (name == "addition") return std::make_unique<AdditionTask>(options);
  if (name == "english") return std::make_unique<EnglishTask>(options);
  if (name == "english_words") return std::make_unique<EnglishWordsTask>(options);
  if (name == "sudoku4") return std::make_unique<SudokuTask>(4, options);
  if (name == "sudoku6") return std::make_unique<SudokuTask>(6, options);
  if (name == "sudoku9") return std::make_unique<SudokuTask>(9, options);
  if (name == "maze") return std::make_unique<MazeTask>(options);
  std::string list;
  for (const auto& n : knownTasks()) list += (list.empty() ? "" : ", ") + n;
  throw Error("unknown task '" + name + "' (known: " + list + ")");
}

}  // namespace seqscope
