#pragma once
#include <string>

namespace seqscope {

// A temporary file or folder beside the export's target, in the same folder (so the final
// rename is atomic and never crosses file systems). commit() renames it onto the target;
// if commit() is never reached (cancel, failure, exception) the destructor deletes it, so
// a failed export leaves nothing behind.
class TemporaryOutput {
 public:
  enum class Kind { File, Folder };
  // Creates the temporary file/folder now; Error if the target's folder is not writable.
  TemporaryOutput(const std::string& target, Kind kind);
  ~TemporaryOutput();
  TemporaryOutput(const TemporaryOutput&) = delete;
  TemporaryOutput& operator=(const TemporaryOutput&) = delete;

  const std::string& path() const { return temp_; }
  // Moves the temporary onto the target. A file replaces an existing file; a folder replaces
  // an existing folder (planExport allows that only for an earlier export's frames).
  void commit();

 private:
  std::string target_, temp_;
  Kind kind_;
  bool committed_ = false;
};

}  // namespace seqscope
