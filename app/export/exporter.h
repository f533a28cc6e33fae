#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "app/export/export_options.h"
#include "app/export/frame_source.h"

namespace seqscope {

// Called after every frame (and once with done = 0 before the first): `done` of `total`
// steps. GIF counts two steps per frame (palette pass, then encoding pass). Return false to
// cancel; the export then stops at the next frame and removes its temporary output. Called
// on the exporting thread: a GUI forwards it with a queued signal and answers from an
// atomic flag.
using ExportProgress = std::function<bool(int done, int total)>;

struct ExportResult {
  bool cancelled = false;
  std::string outputPath;   // the file or folder written (nothing exists there if cancelled)
  int frames = 0;           // frames in the output, hold frames included
  std::uint64_t bytes = 0;  // size of the file, or of all PNGs in the folder
  double seconds = 0.0;     // length of the animation: frames / fps
};

// Renders frames options.from..to of `source` at options' size, repeats the last one for the
// hold time, and writes them in the format of options (see ExportOptions). Writes into a
// temporary file/folder beside the target and renames it onto the target only when complete:
// a cancel, an exception from `source`, or an encoder failure leaves nothing behind. Bad
// options throw Error (see planExport) before anything is rendered or created. Makes no GUI
// calls: run it on a worker thread.
ExportResult exportAnimation(FrameSource& source, const ExportOptions& options,
                             const ExportProgress& progress = {});

}  // namespace seqscope
