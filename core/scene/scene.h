#pragma once
// A scene: what the explorer shows and the exporter renders, as a JSON file
// (resources/scenes/*.json; format in the README). It names the panes (model + run + view),
// the shared input, the grid's columns and the playback speed. Same scene => same frames.
// Plain data with a validating reader: every problem is an Error naming the field.
#include <string>
#include <vector>

namespace seqscope {

struct PaneSpec {
  std::string title;          // optional caption; the model name when empty
  std::string model;          // bundled model name, or a directory (relative: to the scene file)
  std::string run = "read";   // a run of ViewRegistry: "read" (token by token), "diffusion", ...
  std::string view;           // a view of ViewRegistry that shows that run
  std::string input;          // overrides the scene's input for this pane when not empty
  int layer = 0;              // attention/state views: the layer shown
  int head = -1;              // -1: the average over heads (attention), the first slice (state)
  bool implicitAttention = false;  // state view: show the implicit attention instead
  // Samplers ("diffusion", "ar").
  int generationLength = 0;   // 0: the model's default for its task
  int steps = 0;              // 0: one step per token
  int blockLength = 0;        // 0: the whole generation is one block
  std::string remasking = "low_confidence";
  double temperature = 0;
  unsigned long long seed = 0;
  // TRM ("solve").
  int maxSteps = 16;          // supervision steps at most

  bool operator==(const PaneSpec&) const = default;
};

// One step of a scene's narration: from frame `frame` on (until the next step), the window
// shows `text` prominently; `pane` (0-based, -1: none) is the pane the text is about; with
// `pause`, autoplay stops when it reaches the frame, so a lecturer can talk.
struct NarrationStep {
  int frame = 0;
  int pane = -1;
  std::string text;
  bool pause = false;

  bool operator==(const NarrationStep&) const = default;
};

struct Scene {
  static constexpr int kFormatVersion = 1;
  static constexpr int kMaxPanes = 4;

  std::string title;
  std::string description;
  std::string input;          // prompt text, token ids, or a puzzle (see the panes' runs)
  int columns = 2;            // 1..4
  double framesPerSecond = 4; // playback speed at 1x
  bool showMeters = true;
  std::vector<PaneSpec> panes;
  std::vector<NarrationStep> steps;  // "steps": in increasing frame order; may be empty

  bool operator==(const Scene&) const = default;

  // The index of the narration step shown at `frame` (the last one starting at or before it),
  // or -1 before the first step or when there are none.
  int stepAt(int frame) const;

  // Throws Error naming `source` and the field for malformed JSON, unknown keys' wrong types,
  // unknown runs/views (ViewRegistry), 0 or more than kMaxPanes panes, out-of-range numbers.
  static Scene fromJson(const std::string& text, const std::string& source = "scene");
  std::string toJson() const;
  static Scene load(const std::string& path);
  void save(const std::string& path) const;  // atomic: temporary file, then rename
};

}  // namespace seqscope
