#include "core/trace/pane_trace.h"

namespace seqscope {

bool PaneTrace::empty() const {
  return std::visit([](const auto& t) {
    if constexpr (std::is_same_v<std::decay_t<decltype(t)>, std::monostate>) return true;
    else return t == nullptr;
  }, trace_);
}

int PaneTrace::frameCount() const {
  return std::visit([](const auto& t) -> int {
    if constexpr (std::is_same_v<std::decay_t<decltype(t)>, std::monostate>) return 0;
    else return t ? t->frameCount() : 0;
  }, trace_);
}

std::vector<MeterSample> PaneTrace::meters() const {
  return std::visit([](const auto& t) -> std::vector<MeterSample> {
    if constexpr (std::is_same_v<std::decay_t<decltype(t)>, std::monostate>) return {};
    else return t ? t->meters() : std::vector<MeterSample>{};
  }, trace_);
}

std::string PaneTrace::modelName() const {
  return std::visit([](const auto& t) -> std::string {
    if constexpr (std::is_same_v<std::decay_t<decltype(t)>, std::monostate>) return {};
    else return t ? t->modelName : std::string();
  }, trace_);
}

}  // namespace seqscope
