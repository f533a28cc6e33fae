#include "core/io/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace seqscope {

void writeFileAtomically(const std::string& path, const std::string& contents) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(path + ": folder " + dir.string() + " does not exist");
  std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw Error(path + ": cannot write here (" + std::strerror(errno) + ")");
  ::fchmod(fd, 0644);  // mkstemp makes 0600; a checkpoint or video should be readable like any file
  std::size_t written = 0;
  bool ok = true;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n <= 0) { ok = false; break; }
    written += std::size_t(n);
  }
  const int savedErrno = errno;
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(tmpl.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(ok ? errno : savedErrno);
    ::unlink(tmpl.c_str());
    throw Error(path + ": writing failed (" + reason + ")");
  }
}

}  // namespace seqscope
