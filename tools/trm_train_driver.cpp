// A Qt-free front end to TrmTrainer, for training the larger TRM checkpoints on a machine
// without Qt (the device box): the same C++ trainer as `seqscope train --arch trm-*`, the
// same options, then a 1000-puzzle evaluation written next to the checkpoint as eval.json.
// Build (from the repository root; Eigen and nlohmann-json headers on the include path):
//   g++ -O3 -std=c++20 -fopenmp -I. tools/trm_train_driver.cpp core/**/*.cpp -o trm_train
// usage: trm_train --task T --variant mlp|attention --out DIR [--d-model D] [--latent-steps n]
//        [--cycles T] [--sup-steps N] [--steps S] [--batch-size B] [--lr LR] [--warmup W]
//        [--seed S] [--eval-every E] [--eval-n N]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "core/error.h"
#include "core/trm/trm_checkpoint.h"
#include "core/trm/trm_trainer.h"

int main(int argc, char** argv) {
  using namespace seqscope;
  std::map<std::string, std::string> a;
  for (int i = 1; i + 1 < argc; i += 2) a[argv[i]] = argv[i + 1];
  auto get = [&](const char* k, const char* d) { return a.count(k) ? a[k] : std::string(d); };
  try {
    TrmTrainOptions o;
    o.task = get("--task", "sudoku4");
    o.variant = get("--variant", "mlp");
    o.outDir = get("--out", "");
    o.hiddenSize = std::stoi(get("--d-model", "64"));
    o.latentSteps = std::stoi(get("--latent-steps", "2"));
    o.cycles = std::stoi(get("--cycles", "2"));
    o.supervisionSteps = std::stoi(get("--sup-steps", "8"));
    o.steps = std::stol(get("--steps", "1000"));
    o.batchSize = std::stoi(get("--batch-size", "32"));
    o.learningRate = std::stod(get("--lr", "0.003"));
    o.warmupSteps = std::stol(get("--warmup", "50"));
    o.seed = std::stoull(get("--seed", "1"));
    o.evalEvery = std::stol(get("--eval-every", "0"));
    const int evalN = std::stoi(get("--eval-n", "1000"));
    if (o.outDir.empty()) throw Error("--out DIR is required");
    const TrmModel model = TrmTrainer::train(o, [](const TrmTrainProgress& p) {
      if (p.step % 25 == 0 || p.evalAccuracy >= 0)
        std::fprintf(stderr,
                     "step %ld/%ld loss %.4f cell %.3f exact %.3f halted-at %.2f eval %.3f %.0fs\n",
                     long(p.step), long(p.totalSteps), p.loss, p.cellAccuracy, p.exactRate,
                     p.meanHaltedAt, p.evalAccuracy, p.elapsedSeconds);
    });
    const TrmEvalResult r = TrmTrainer::evaluate(model, TrmTask(o.task), evalN, 1);
    const nlohmann::json j = {{"task", o.task},
                              {"accuracy", r.accuracy},
                              {"n", r.n},
                              {"cell_accuracy", r.cellAccuracy},
                              {"mean_supervision_steps", r.meanSteps},
                              {"halted_fraction", r.haltedFraction},
                              {"accuracy_by_steps", r.accuracyBySteps}};
    std::ofstream(o.outDir + "/eval.json") << j.dump(2) << "\n";
    std::printf("%s\n", j.dump().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "trm_train: %s\n", e.what());
    return 1;
  }
  return 0;
}
