#pragma once
// What a pane shows: one immutable trace snapshot of one of the producers (core/run/pane_run),
// or nothing yet. A newer snapshot of the same run has the older one's frames as a prefix.
// Adding a producer is adding its trace type to Variant; every trace type has a modelName,
// frameCount() and meters(), so nothing here asks which one it holds.
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/trace/decode_trace.h"
#include "core/trace/generation_trace.h"
#include "core/trace/meter_sample.h"
#include "core/trace/refinement_trace.h"

namespace seqscope {

class PaneTrace {
 public:
  using Variant = std::variant<std::monostate, std::shared_ptr<const DecodeTrace>,
                               std::shared_ptr<const GenerationTrace>, std::shared_ptr<const RefinementTrace>>;

  PaneTrace() = default;
  template <typename Trace>
  explicit PaneTrace(std::shared_ptr<const Trace> trace, bool finished = false)
      : trace_(std::move(trace)), finished_(finished) {}

  // The snapshot when it is a `Trace`, else null.
  template <typename Trace>
  std::shared_ptr<const Trace> get() const {
    const auto* p = std::get_if<std::shared_ptr<const Trace>>(&trace_);
    return p ? *p : nullptr;
  }
  std::shared_ptr<const DecodeTrace> decode() const { return get<DecodeTrace>(); }
  std::shared_ptr<const GenerationTrace> generation() const { return get<GenerationTrace>(); }
  std::shared_ptr<const RefinementTrace> refinement() const { return get<RefinementTrace>(); }

  bool empty() const;
  bool finished() const { return finished_; }  // the run ended (not cancelled)
  int frameCount() const;
  // The measured meters, one sample per frame.
  std::vector<MeterSample> meters() const;
  std::string modelName() const;

 private:
  Variant trace_;
  bool finished_ = false;
};

}  // namespace seqscope
