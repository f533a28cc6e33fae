#include "core/mixers/mixer.h"

#include "core/error.h"

namespace seqscope {

Mat Mixer::backward(const Mat&, const Mat&, Gradients&) const {
  throw Error("the " + kind() + " mixer cannot be trained yet (no backward pass)");
}

}  // namespace seqscope
