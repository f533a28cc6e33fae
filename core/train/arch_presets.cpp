#include "core/train/arch_presets.h"

#include <algorithm>

#include "core/error.h"

namespace seqscope {
namespace {

// The mixer kind of every layer for `arch`: a registered kind throughout, or an alias a mixer's
// folder defines (a layer pattern); empty when the name is unknown.
std::vector<std::string> layerKindsOf(const std::string& arch, int layers) {
  for (const MixerEntry& e : MixerRegistry::entries()) {
    if (e.kind == arch) return std::vector<std::string>(std::size_t(layers), arch);
    for (const auto& alias : e.archAliases)
      if (alias.name == arch) return alias.layerKinds(layers);
  }
  return {};
}

}  // namespace

std::vector<std::string> knownArchs() {
  std::vector<std::string> archs = MixerRegistry::kinds();
  for (const MixerEntry& e : MixerRegistry::entries())
    for (const auto& alias : e.archAliases) archs.push_back(alias.name);
  return archs;
}

std::string knownArchList() {
  std::string list;
  for (const auto& a : knownArchs()) list += (list.empty() ? "" : ", ") + a;
  return list;
}

std::string bidirectionalKinds() {
  std::string list;
  for (const MixerEntry& e : MixerRegistry::entries())
    if (e.hasBidirectionalForm) list += (list.empty() ? "" : ", ") + e.kind;
  return list;
}

ModelConfig makeArchConfig(const std::string& arch, const ArchOptions& o, int vocabSize, int maxLength) {
  if (layerKindsOf(arch, 1).empty())
    throw Error("unknown architecture \"" + arch + "\" (known: " + knownArchList() + ")");
  auto check = [](bool ok, const std::string& what) {
    if (!ok) throw Error("invalid hyper-parameter: " + what);
  };
  check(o.dModel >= 8 && o.dModel <= 4096, "--d-model must be between 8 and 4096");
  check(o.layers >= 1 && o.layers <= 64, "--layers must be between 1 and 64");
  check(o.heads >= 1 && o.dModel % o.heads == 0, "--heads must divide --d-model");
  check(o.stateSize >= 1 && o.stateSize <= 1024, "--state-size must be between 1 and 1024");
  check(o.mlpRatio >= 0 && o.mlpRatio <= 16, "--mlp-ratio must be between 0 and 16");
  (void)maxLength;

  ModelConfig c;
  c.modelType = "seqscope";
  c.vocabSize = vocabSize;
  c.hiddenSize = o.dModel;
  c.numLayers = o.layers;
  c.intermediateSize = o.mlpRatio * o.dModel;
  c.normEps = 1e-5f;
  c.layerMixers = layerKindsOf(arch, o.layers);
  const MixerSizing sizing{o.dModel, o.heads, o.stateSize, o.causal};
  for (const std::string& kind : c.layerMixers)
    if (!c.mixers.count(kind)) c.mixers[kind] = MixerRegistry::at(kind).preset(sizing);
  return c;
}

}  // namespace seqscope
