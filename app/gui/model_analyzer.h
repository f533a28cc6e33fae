#pragma once
// Runs a model on a prompt and gathers what the window shows. Called only on worker threads:
// loading a checkpoint and running a model never happen on the GUI thread. One analysis runs
// at a time (a mutex); the last loaded model is kept for the next request.
#include <memory>
#include <mutex>
#include <string>

#include "app/gui/analysis_result.h"
#include "core/io/vocabulary.h"
#include "core/models/language_model.h"

namespace seqscope {

class ModelAnalyzer {
 public:
  // The longest prompt analysed: a T x T map per head of the layer must stay small.
  static constexpr int kMaxTokens = 512;

  ModelAnalyzer();
  ~ModelAnalyzer();

  // Never throws: a failure (missing model, unknown character...) comes back as result.error.
  std::shared_ptr<const AnalysisResult> analyze(const AnalysisRequest& request,
                                                std::uint64_t generation);

 private:
  void ensureLoaded(const std::string& dir);
  std::vector<int> encode(const QString& prompt) const;
  void compute(AnalysisResult& r);

  std::mutex mutex_;
  std::string loadedDir_;
  std::unique_ptr<LanguageModel> model_;
  Vocabulary vocab_;
  std::size_t parameterCount_ = 0;
};

}  // namespace seqscope
