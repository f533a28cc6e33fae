#pragma once
// What a pane can run and which views show it, in one place: the scene validator, the pane's
// header and settings, the model picker, the captions and the exporter read these entries.
// A run produces one kind of trace from one kind of checkpoint (core/run/pane_run); a view
// paints the traces of one or more runs (an adapter in app/gui/pane_views.cpp). Adding a view
// is one ViewInfo here and one adapter there (docs/ARCHITECTURE.md, "Add a view").
#include <string>
#include <vector>

#include "core/io/model_kind.h"

namespace seqscope {

struct PaneSpec;

// The settings a pane offers for a run or a view (bits of PaneSpec it reads).
enum PaneControl : unsigned {
  kControlLayer = 1u << 0,
  kControlHead = 1u << 1,
  kControlImplicitAttention = 1u << 2,
  kControlGenerationLength = 1u << 3,
  kControlSteps = 1u << 4,
  kControlBlockLength = 1u << 5,
  kControlRemasking = 1u << 6,
  kControlTemperature = 1u << 7,
  kControlSeed = 1u << 8,
  kControlMaxSteps = 1u << 9,
};

struct RunInfo {
  std::string name;       // as in scene files: "read", "diffusion", "ar", "solve"
  std::string title;      // what the pane's caption calls it ("masked diffusion")
  ModelKind model;        // the checkpoint it runs
  unsigned controls = 0;  // PaneControl bits
  std::string note;       // one line for the pane's settings popup, or empty
};

// What the head control of a view picks.
enum class HeadChoice { None, AttentionHead, StateSlice };

struct ViewInfo {
  std::string name;               // as in scene files: "attention", "state", ...
  std::string title;              // the header's view box and the caption
  std::vector<std::string> runs;  // the runs whose traces it shows; the first is the default
  unsigned controls = 0;          // PaneControl bits of the view itself
  HeadChoice heads = HeadChoice::None;
  // It runs models on typed text, so a model needs a character or word vocabulary.
  bool typedText = false;
};

class ViewRegistry {
 public:
  static const std::vector<RunInfo>& runs();
  static const std::vector<ViewInfo>& views();
  // nullptr when unknown.
  static const RunInfo* findRun(const std::string& name);
  static const ViewInfo* findView(const std::string& name);
  // Throw Error naming the known ones when unknown.
  static const RunInfo& run(const std::string& name);
  static const ViewInfo& view(const std::string& name);

  static std::vector<std::string> runNames();
  static std::vector<std::string> viewNames();
  // The views that can show a run's traces.
  static std::vector<std::string> viewsFor(const std::string& run);
  // The run a view does with a model of `kind` (a generation view runs what the checkpoint
  // was trained for); empty when the view cannot show that kind of model.
  static std::string runFor(const std::string& view, ModelKind kind);
  static bool viewShows(const std::string& view, ModelKind kind) { return !runFor(view, kind).empty(); }
  // The view's and the run's controls together.
  static unsigned controls(const PaneSpec& spec);
  // What the head control picks for this pane (the state view with implicit attention on
  // picks attention heads).
  static HeadChoice heads(const PaneSpec& spec);
};

}  // namespace seqscope
