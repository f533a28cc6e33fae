#pragma once
// Every failure the user can cause (bad file, bad shape, bad token) is reported by throwing
// Error with a message that names the file or value and the problem; the command line turns
// it into a message on stderr and a non-zero exit. Programming errors use assert instead.
#include <stdexcept>
#include <string>

namespace seqscope {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace seqscope
