#include "core/mixers/mixer_registry.h"

#include <algorithm>

#include "core/error.h"

namespace seqscope {
namespace {

// Function-local, so that entries registering from other translation units during static
// initialisation always find it constructed.
std::vector<MixerEntry>& table() {
  static std::vector<MixerEntry> t;
  return t;
}

}  // namespace

bool MixerRegistry::add(MixerEntry entry) {
  auto& t = table();
  if (find(entry.kind)) throw Error("internal: mixer kind \"" + entry.kind + "\" registered twice");
  t.push_back(std::move(entry));
  std::stable_sort(t.begin(), t.end(), [](const MixerEntry& a, const MixerEntry& b) { return a.order < b.order; });
  return true;
}

const std::vector<MixerEntry>& MixerRegistry::entries() { return table(); }

const MixerEntry* MixerRegistry::find(const std::string& kind) {
  for (const auto& e : table())
    if (e.kind == kind) return &e;
  return nullptr;
}

const MixerEntry& MixerRegistry::at(const std::string& kind) {
  if (const MixerEntry* e = find(kind)) return *e;
  throw Error("unknown mixer kind \"" + kind + "\" (known: " + kindList() + ")");
}

std::vector<std::string> MixerRegistry::kinds() {
  std::vector<std::string> k;
  for (const auto& e : table()) k.push_back(e.kind);
  return k;
}

std::string MixerRegistry::kindList() {
  std::string list;
  for (const auto& e : table()) list += (list.empty() ? "" : ", ") + e.kind;
  return list;
}

const HfArchitecture* MixerRegistry::findHf(const std::string& modelType, const MixerEntry** entry) {
  for (const auto& e : table())
    for (const auto& a : e.hfArchitectures)
      if (a.modelType == modelType) {
        if (entry) *entry = &e;
        return &a;
      }
  return nullptr;
}

std::unique_ptr<Mixer> makeMixer(const std::string& kind, const MixerConfig& config) {
  return MixerRegistry::at(kind).make(config);
}

std::vector<std::string> knownMixerKinds() { return MixerRegistry::kinds(); }

}  // namespace seqscope
