#include "app/export/gif_palette.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
}

#include "app/export/frame_converter.h"
#include "core/error.h"

namespace seqscope {

GifPalette::GifPalette(int width, int height, int fps) : graph_(avfilter_graph_alloc()) {
  if (!graph_) throw Error("out of memory allocating a filter graph");
  AVFilterGraph* g = graph_.get();
  g->nb_threads = 1;  // palettegen only counts colours; threads would only add overhead
  source_ = ffmpeg::addBufferSource(g, "in", AV_PIX_FMT_RGB32, width, height, fps);
  // stats_mode=full: count every frame's pixels (not just what changed), so the palette fits
  // the animation as a whole. One entry stays transparent: the GIF encoder uses it for
  // pixels that did not change since the previous frame, which keeps files small.
  AVFilterContext* palettegen =
      ffmpeg::addFilter(g, "palettegen", "max_colors=256:reserve_transparent=1:stats_mode=full");
  sink_ = ffmpeg::addBufferSink(g, AV_PIX_FMT_NONE);
  ffmpeg::link(source_, 0, palettegen, 0);
  ffmpeg::link(palettegen, 0, sink_, 0);
  ffmpeg::check(avfilter_graph_config(g, nullptr), "configuring the GIF palette filter graph");
}

void GifPalette::addFrame(const QImage& image, int64_t pts) {
  FrameConverter copy(AV_PIX_FMT_RGB32, image.width(), image.height());
  ffmpeg::FramePtr frame = copy.convert(image, pts);
  ffmpeg::check(av_buffersrc_add_frame(source_, frame.get()), "building the GIF palette");
}

ffmpeg::FramePtr GifPalette::finish() {
  ffmpeg::check(av_buffersrc_add_frame(source_, nullptr), "building the GIF palette");
  ffmpeg::FramePtr palette(av_frame_alloc());
  if (!palette) throw Error("out of memory allocating a frame");
  ffmpeg::check(av_buffersink_get_frame(sink_, palette.get()), "building the GIF palette");
  return palette;
}

}  // namespace seqscope
