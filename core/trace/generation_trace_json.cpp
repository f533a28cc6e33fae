#include "core/trace/generation_trace_json.h"

#include "core/io/atomic_file.h"
#include "core/trace/meter_json.h"

namespace seqscope {

nlohmann::json generationTraceToJson(const GenerationTrace& trace) {
  using nlohmann::json;
  auto label = [&](int id) -> std::string {
    if (id >= 0 && id < int(trace.vocabulary.size())) return trace.vocabulary[std::size_t(id)];
    std::string unknown = "#";  // appended, not "#" + ...: GCC 12 warns falsely on that form
    unknown += std::to_string(id);
    return unknown;
  };
  json frames = json::array();
  for (const GenerationFrame& f : trace.frames) {
    json text = json::array(), masked = json::array(), confidence = json::array();
    for (std::size_t i = 0; i < f.tokens.size(); ++i) {
      text.push_back(f.masked[i] ? std::string("[M]") : label(f.tokens[i]));
      masked.push_back(bool(f.masked[i]));
      confidence.push_back(f.confidence[i]);
    }
    frames.push_back({{"step", f.step},
                      {"nfe", f.nfe},
                      {"tokens", f.tokens},
                      {"text", text},
                      {"masked", masked},
                      {"confidence", confidence},
                      {"committed", f.committed},
                      {"meter", meterToJson(f.meter)}});
  }
  return {{"sampler", trace.sampler},
          {"model", trace.modelName},
          {"prompt_length", trace.promptLength},
          {"generation_length", trace.generationLength},
          {"block_length", trace.blockLength},
          {"mask_id", trace.maskId},
          {"nfe", trace.frames.empty() ? 0 : trace.frames.back().nfe},
          {"cancelled", trace.cancelled},
          {"vocabulary", trace.vocabulary},
          {"frames", frames}};
}

void writeGenerationTrace(const GenerationTrace& trace, const std::string& path) {
  writeFileAtomically(path, generationTraceToJson(trace).dump() + "\n");
}

}  // namespace seqscope
