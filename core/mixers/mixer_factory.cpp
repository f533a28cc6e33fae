#include "core/mixers/mixer_factory.h"

#include "core/error.h"
#include "core/mixers/gated_deltanet.h"
#include "core/mixers/linear_attention.h"
#include "core/mixers/mamba.h"
#include "core/mixers/mamba2.h"
#include "core/mixers/retention.h"
#include "core/mixers/softmax_attention.h"

namespace seqscope {

std::unique_ptr<Mixer> makeMixer(const std::string& kind, const ModelConfig& c) {
  if (kind == "attention") return std::make_unique<SoftmaxAttention>(c.attention);
  if (kind == "linear_attention") return std::make_unique<LinearAttention>(c.linearAttention);
  if (kind == "retnet") return std::make_unique<Retention>(c.retnet);
  if (kind == "mamba") return std::make_unique<Mamba>(c.mamba);
  if (kind == "mamba2") return std::make_unique<Mamba2>(c.mamba2);
  if (kind == "gated_deltanet") return std::make_unique<GatedDeltaNet>(c.gatedDeltaNet);
  throw Error("unknown mixer kind \"" + kind + "\"");
}

}  // namespace seqscope
