#include "core/scene/view_registry.h"

#include <algorithm>

#include "core/error.h"
#include "core/scene/scene.h"

namespace seqscope {
namespace {

constexpr unsigned kSamplerControls = kControlGenerationLength | kControlTemperature | kControlSeed;

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

const std::vector<RunInfo>& ViewRegistry::runs() {
  static const std::vector<RunInfo> r{
      {"read", "read token by token", ModelKind::LanguageModel, 0,
       "The model reads the input token by token; layer and head are in the pane's header."},
      {"diffusion", "masked diffusion", ModelKind::DiffusionModel,
       kSamplerControls | kControlSteps | kControlBlockLength | kControlRemasking, ""},
      {"ar", "autoregressive", ModelKind::LanguageModel, kSamplerControls,
       "Autoregressive decoding writes one token per step, left to right."},
      {"solve", "TRM solve", ModelKind::RecursiveReasoner, kControlMaxSteps, ""},
  };
  return r;
}

const std::vector<ViewInfo>& ViewRegistry::views() {
  static const std::vector<ViewInfo> v{
      {"attention", "attention map", {"read"}, kControlLayer | kControlHead, HeadChoice::AttentionHead, false},
      {"state", "state evolution", {"read"}, kControlLayer | kControlHead | kControlImplicitAttention,
       HeadChoice::StateSlice, false},
      {"diffusion", "generation (diffusion / AR)", {"diffusion", "ar"}, 0, HeadChoice::None, true},
      {"refinement", "TRM refinement", {"solve"}, 0, HeadChoice::None, false},
  };
  return v;
}

const RunInfo* ViewRegistry::findRun(const std::string& name) {
  for (const auto& r : runs())
    if (r.name == name) return &r;
  return nullptr;
}

const ViewInfo* ViewRegistry::findView(const std::string& name) {
  for (const auto& v : views())
    if (v.name == name) return &v;
  return nullptr;
}

const RunInfo& ViewRegistry::run(const std::string& name) {
  if (const RunInfo* r = findRun(name)) return *r;
  throw Error("unknown run \"" + name + "\" (known: " + joined(runNames()) + ")");
}

const ViewInfo& ViewRegistry::view(const std::string& name) {
  if (const ViewInfo* v = findView(name)) return *v;
  throw Error("unknown view \"" + name + "\" (known: " + joined(viewNames()) + ")");
}

std::vector<std::string> ViewRegistry::runNames() {
  std::vector<std::string> out;
  for (const auto& r : runs()) out.push_back(r.name);
  return out;
}

std::vector<std::string> ViewRegistry::viewNames() {
  std::vector<std::string> out;
  for (const auto& v : views()) out.push_back(v.name);
  return out;
}

std::vector<std::string> ViewRegistry::viewsFor(const std::string& run) {
  std::vector<std::string> out;
  for (const auto& v : views())
    if (std::find(v.runs.begin(), v.runs.end(), run) != v.runs.end()) out.push_back(v.name);
  return out;
}

std::string ViewRegistry::runFor(const std::string& view, ModelKind kind) {
  const ViewInfo* v = findView(view);
  if (!v) return {};
  for (const auto& name : v->runs)
    if (run(name).model == kind) return name;
  return {};
}

unsigned ViewRegistry::controls(const PaneSpec& spec) {
  unsigned c = 0;
  if (const ViewInfo* v = findView(spec.view)) c |= v->controls;
  if (const RunInfo* r = findRun(spec.run)) c |= r->controls;
  return c;
}

HeadChoice ViewRegistry::heads(const PaneSpec& spec) {
  const ViewInfo* v = findView(spec.view);
  if (!v) return HeadChoice::None;
  if ((v->controls & kControlImplicitAttention) && spec.implicitAttention) return HeadChoice::AttentionHead;
  return v->heads;
}

}  // namespace seqscope
