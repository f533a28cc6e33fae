#pragma once
#include <string>

namespace seqscope {

// Writes `contents` to a temporary file beside `path`, flushes it, then renames it over
// `path`; on any failure the temporary file is removed and Error names the path and the
// reason. Readers never see a half-written file.
void writeFileAtomically(const std::string& path, const std::string& contents);

}  // namespace seqscope
