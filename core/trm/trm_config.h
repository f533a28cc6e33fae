#pragma once
// Hyper-parameters of a Tiny Recursive Model (Jolicoeur-Martineau 2025, "Less is More:
// Recursive Reasoning with Tiny Networks"), stored as config.json with model_type
// "seqscope_trm" next to model.safetensors. The grid task fixes the number of cells and the
// alphabets; the recursion sizes n (latent updates per cycle), T (cycles per supervision step)
// and N_sup (supervision steps) are part of the config so a checkpoint solves as trained.
#include <nlohmann/json.hpp>
#include <string>

namespace seqscope {

struct TrmConfig {
  std::string task;             // "sudoku4", "sudoku9", "maze"
  std::string variant = "mlp";  // "mlp" (token-mixing MLP over positions) or "attention"
  int hiddenSize = 64;          // D
  int intermediateSize = 128;   // SwiGLU channel MLP width
  int tokenMixSize = 0;         // MLP variant: SwiGLU width over positions (0: 2 * cells)
  int numHeads = 4;             // attention variant
  int numLayers = 2;            // layers of the one network f
  int cells = 0;                // grid cells (positions)
  int rows = 0, cols = 0;       // grid shape, for display
  int inputVocab = 0;           // puzzle symbols (task-specific, see TrmTask)
  int numClasses = 0;           // answer symbols the output head scores
  int latentSteps = 6;          // n: z = f(x + y + z) updates per cycle
  int cycles = 3;               // T: cycles per supervision step (T - 1 without gradient)
  int supervisionSteps = 16;    // N_sup: the most supervision steps
  float normEps = 1e-5f;
  std::string note;  // provenance, shown by the GUI

  int tokenMix() const { return tokenMixSize > 0 ? tokenMixSize : 2 * cells; }
  // Network evaluations f(.) of one cycle: n latent updates and one answer update.
  int evaluationsPerCycle() const { return latentSteps + 1; }

  // Throws Error naming `source` for a missing or out-of-range field.
  static TrmConfig fromJson(const nlohmann::json& j, const std::string& source);
  nlohmann::json toJson() const;
  // Throws Error for sizes the model cannot be built with.
  void validate(const std::string& source) const;
};

inline constexpr const char* kTrmModelType = "seqscope_trm";

}  // namespace seqscope
