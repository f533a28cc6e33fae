#pragma once
// One entry per mixer kind, registered by the mixer's own folder (core/mixers/<kind>/
// <kind>_entry.cpp) at static initialisation. Everything outside that folder that needs to know
// about mixers asks here: the config reader (layer_types and each kind's section, the Hugging
// Face architectures a mixer reads), the model (building layers, tensor names), the trainer's
// --arch presets, `info`, `bench`, and the views (names, formulas, state axes, whether the
// state grows with the tokens). Adding a mixer is adding a folder; nothing else names a kind.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/mixers/mixer.h"
#include "core/util/json_reader.h"

namespace seqscope {

// A mixer's hyper-parameters, type-erased: each folder's config is a plain struct (tests build
// them as aggregates) wrapped in a TypedMixerConfig. Held immutable (shared_ptr<const>) by
// ModelConfig, so copies of a config share them.
struct MixerConfig {
  virtual ~MixerConfig() = default;
};

template <class C>
struct TypedMixerConfig final : MixerConfig {
  explicit TypedMixerConfig(C v) : value(std::move(v)) {}
  C value;
};

template <class C>
std::shared_ptr<const MixerConfig> wrapMixerConfig(C c) {
  return std::make_shared<const TypedMixerConfig<C>>(std::move(c));
}

// What `seqscope train --arch` and `bench` size a mixer by.
struct MixerSizing {
  int dModel = 64;
  int heads = 4;
  int stateSize = 16;  // the key (feature) width of a matrix state, or an SSM's N
  bool causal = true;  // false: the bidirectional form (masked diffusion), where there is one
};

// How the views write about a mixer (plain UTF-8; the views turn it into QString).
struct MixerNotationText {
  std::string name;                     // "Gated DeltaNet"
  std::string stateRows, stateColumns;  // "key dimension", "value dimension"
  // The recurrence (or, for attention, the read) as HTML with <sub>/<sup>; "%1" is the token
  // index t, "%2" the highlighted term's opening tag, "%3" its closing tag, "%4" t - 1.
  std::string formula;
};

// The model-level values a Hugging Face config gives besides the mixer's own section.
struct HfModelFields {
  int intermediateSize = 0;  // SwiGLU width; 0: blocks without MLP (Mamba style)
  float normEps = 1e-5f;
  std::shared_ptr<const MixerConfig> mixer;
};

// A Hugging Face architecture whose every layer is this mixer (llama: attention).
struct HfArchitecture {
  std::string modelType;     // config.json "model_type", e.g. "llama"
  std::string className;     // "architectures" entry written back, e.g. "LlamaForCausalLM"
  bool backboneNaming = false;  // tensors under "backbone." and "mixer." (the mamba family)
  bool tieDefault = false;      // tie_word_embeddings when the config does not say
  // Reads the top-level keys of such a config.json (hidden_size given).
  std::function<HfModelFields(const JsonReader& r, int hiddenSize)> read;
  // Writes them back (the common keys are written by ModelConfig).
  std::function<void(nlohmann::json& j, const MixerConfig& mixer, int hiddenSize, int intermediateSize,
                     float normEps)> write;
};

struct MixerEntry {
  std::string kind;     // Mixer::kind(), the layer_types name and the config section's key
  int order = 0;        // place in every listing (info, bench, help), smallest first
  std::string summary;  // one line for `train --help` and `info`
  MixerNotationText notation;
  bool stateGrowsWithTokens = false;  // a KV cache: one row per token read (attention)
  bool quadraticScores = false;       // the parallel form holds T x T scores (bench's guard)
  bool hasBidirectionalForm = false;  // can be trained with the masked-diffusion objective
  // Tensor name of the mixer's block in Seqscope's and llama-style naming ("self_attn.");
  // the mamba family's naming always uses "mixer.".
  std::string tensorPrefix = "mixer.";

  // The "<kind>" section of a Seqscope config.json (hidden size from the model); Error names
  // the section and key.
  std::function<std::shared_ptr<const MixerConfig>(const JsonReader& section, int hiddenSize)> readSection;
  std::function<nlohmann::json(const MixerConfig&)> writeSection;
  // True when this config is the bidirectional form (required of a diffusion model's layers).
  std::function<bool(const MixerConfig&)> isBidirectional;
  // The config `train --arch <kind>` and `bench` use.
  std::function<std::shared_ptr<const MixerConfig>(const MixerSizing&)> preset;
  std::function<std::unique_ptr<Mixer>(const MixerConfig&)> make;
  std::vector<HfArchitecture> hfArchitectures;
  // Other --arch names this folder defines: layer patterns built from its kind and others
  // ("hybrid": three Gated DeltaNet layers, then attention).
  struct ArchAlias {
    std::string name, summary;
    std::function<std::vector<std::string>(int layers)> layerKinds;
  };
  std::vector<ArchAlias> archAliases;
};

class MixerRegistry {
 public:
  // Called once per kind at static initialisation; returns true (for a namespace-scope bool).
  static bool add(MixerEntry entry);
  // All entries, by `order`.
  static const std::vector<MixerEntry>& entries();
  // The entry of `kind`, or null.
  static const MixerEntry* find(const std::string& kind);
  // The entry of `kind`; Error "unknown mixer kind "x" (known: ...)" otherwise.
  static const MixerEntry& at(const std::string& kind);
  // The kinds, by order ("attention, linear_attention, ...").
  static std::vector<std::string> kinds();
  static std::string kindList();
  // The Hugging Face architecture reading `modelType`, with its mixer's entry; null if none.
  static const HfArchitecture* findHf(const std::string& modelType, const MixerEntry** entry = nullptr);
};

// Builds a mixer of `kind` from its config; Error for an unknown kind or a config of the wrong
// type.
std::unique_ptr<Mixer> makeMixer(const std::string& kind, const MixerConfig& config);

// The registered mixer kinds, in order (MixerRegistry::kinds()).
std::vector<std::string> knownMixerKinds();

// A folder's config struct from the type-erased one; Error naming the kind if it is not a C.
template <class C>
const C& mixerConfigAs(const MixerConfig& c, const char* kind) {
  if (const auto* p = dynamic_cast<const TypedMixerConfig<C>*>(&c)) return p->value;
  throw Error(std::string("internal: the config given to mixer \"") + kind + "\" is of another kind");
}

}  // namespace seqscope
