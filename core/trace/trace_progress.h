#pragma once
// The one protocol of every trace producer (DecodeTracer, the diffusion and AR samplers, the
// TRM solver, and those to come): after each frame it calls back with its whole trace so far,
// header included, and stops when the callback returns false. The caller (core/run/pane_run)
// copies what it wants to publish into an immutable shared_ptr<const Trace> snapshot, so no
// caller rebuilds a producer's header or collects its frames a second time.
#include <functional>

namespace seqscope {

template <typename Trace>
using TraceProgress = std::function<bool(const Trace& soFar)>;

}  // namespace seqscope
