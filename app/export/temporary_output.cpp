#include "app/export/temporary_output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace seqscope {
namespace {

namespace fs = std::filesystem;

// "<folder of target>/.<name>.XXXXXX<suffix>", ready for mkstemps/mkdtemp.
std::string templateBeside(const fs::path& target, const std::string& tag,
                           const std::string& suffix) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string name = ".";
  name += target.filename().string();
  name += tag;
  name += ".XXXXXX";
  name += suffix;
  return (dir / name).string();
}

}  // namespace

TemporaryOutput::TemporaryOutput(const std::string& target, Kind kind)
    : target_(target), kind_(kind) {
  const fs::path t(target);
  if (kind == Kind::File) {
    // Keep the extension so a leftover (after a power cut) still says what it is.
    const std::string ext = t.extension().string();
    std::string tmpl = templateBeside(t, ".part", ext);
    const int fd = ::mkstemps(tmpl.data(), int(ext.size()));
    if (fd < 0)
      throw Error(target + ": cannot write in folder " + t.parent_path().string() + " (" +
                  std::strerror(errno) + ")");
    ::fchmod(fd, 0644);  // mkstemp makes 0600; a video should be readable like any file
    ::close(fd);
    temp_ = tmpl;
  } else {
    std::string tmpl = templateBeside(t, ".part", "");
    if (!::mkdtemp(tmpl.data()))
      throw Error(target + ": cannot write in folder " + t.parent_path().string() + " (" +
                  std::strerror(errno) + ")");
    ::chmod(tmpl.c_str(), 0755);
    temp_ = tmpl;
  }
}

TemporaryOutput::~TemporaryOutput() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(temp_, ec);  // our own file or folder of frames; never the target
}

void TemporaryOutput::commit() {
  const auto fail = [&](const std::string& what) {
    throw Error(target_ + ": " + what + " (" + std::strerror(errno) + ")");
  };
  if (kind_ == Kind::File) {
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot rename the finished file");
    committed_ = true;
    return;
  }
  std::error_code ec;
  if (!fs::exists(target_, ec)) {
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot rename the finished folder");
    committed_ = true;
    return;
  }
  // Replace an earlier export: move it aside (rename onto an empty folder is atomic), move
  // the new frames in, then delete the old ones.
  std::string old = templateBeside(fs::path(target_), ".old", "");
  if (!::mkdtemp(old.data())) fail("cannot make room to replace the existing folder");
  if (std::rename(target_.c_str(), old.c_str()) != 0) {
    ::rmdir(old.c_str());
    fail("cannot move the existing folder aside");
  }
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int saved = errno;
    std::rename(old.c_str(), target_.c_str());
    errno = saved;
    fail("cannot rename the finished folder");
  }
  committed_ = true;
  fs::remove_all(old, ec);
}

}  // namespace seqscope
