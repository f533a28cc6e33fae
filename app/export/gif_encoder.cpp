#include "app/export/gif_encoder.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
}

#include "app/export/frame_converter.h"
#include "core/error.h"

namespace seqscope {

GifEncoder::GifEncoder(const std::string& path, int width, int height, int fps,
                       const AVFrame* palette)
    : out_(path, "gif"), graph_(avfilter_graph_alloc()), width_(width), height_(height) {
  const AVCodec* codec = ffmpeg::requireEncoder("gif", "GIF");
  codec_.reset(avcodec_alloc_context3(codec));
  if (!codec_ || !graph_) throw Error("out of memory allocating the GIF encoder");
  AVCodecContext* c = codec_.get();
  c->width = width;
  c->height = height;
  c->pix_fmt = AV_PIX_FMT_PAL8;
  c->time_base = AVRational{1, fps};
  c->framerate = AVRational{fps, 1};
  ffmpeg::check(avcodec_open2(c, codec, nullptr), "opening the GIF encoder");
  stream_ = out_.addStream(c);
  out_.writeHeader();  // the gif muxer's default loop=0 means "forever"

  AVFilterGraph* g = graph_.get();
  source_ = ffmpeg::addBufferSource(g, "in", AV_PIX_FMT_RGB32, width, height, fps);
  AVFilterContext* paletteSource = ffmpeg::addBufferSource(
      g, "palette", AVPixelFormat(palette->format), palette->width, palette->height, fps);
  AVFilterContext* paletteuse =
      ffmpeg::addFilter(g, "paletteuse", "dither=sierra2_4a:diff_mode=rectangle");
  sink_ = ffmpeg::addBufferSink(g, AV_PIX_FMT_PAL8);
  ffmpeg::link(source_, 0, paletteuse, 0);
  ffmpeg::link(paletteSource, 0, paletteuse, 1);
  ffmpeg::link(paletteuse, 0, sink_, 0);
  ffmpeg::check(avfilter_graph_config(g, nullptr), "configuring the GIF filter graph");

  // The palette is one frame; paletteuse keeps using it after its input ends.
  ffmpeg::FramePtr paletteCopy(av_frame_clone(palette));
  if (!paletteCopy) throw Error("out of memory copying the GIF palette");
  paletteCopy->pts = 0;
  ffmpeg::check(av_buffersrc_add_frame(paletteSource, paletteCopy.get()),
                "loading the GIF palette");
  ffmpeg::check(av_buffersrc_add_frame(paletteSource, nullptr), "loading the GIF palette");
}

GifEncoder::~GifEncoder() {
  // FFmpeg 5.1's gif muxer holds the previous packet until the next one (to know its delay)
  // and frees it only in its trailer, so an abandoned export (cancel, error) still writes the
  // trailer, into the temporary file that is deleted next. Found by LeakSanitizer.
  if (!finished_) av_write_trailer(out_.get());
}

void GifEncoder::addFrame(const QImage& image) {
  FrameConverter copy(AV_PIX_FMT_RGB32, width_, height_);
  ffmpeg::FramePtr frame = copy.convert(image, nextPts_++);
  ffmpeg::check(av_buffersrc_add_frame(source_, frame.get()), "dithering a GIF frame");
  drainFilter();
}

void GifEncoder::drainFilter() {
  ffmpeg::FramePtr frame(av_frame_alloc());
  if (!frame) throw Error("out of memory allocating a frame");
  for (;;) {
    const int rc = av_buffersink_get_frame(sink_, frame.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    ffmpeg::check(rc, "dithering a GIF frame");
    ffmpeg::encodeAndWrite(codec_.get(), frame.get(), out_, stream_);
    av_frame_unref(frame.get());
  }
}

void GifEncoder::finish() {
  ffmpeg::check(av_buffersrc_add_frame(source_, nullptr), "dithering the last GIF frame");
  drainFilter();
  ffmpeg::encodeAndWrite(codec_.get(), nullptr, out_, stream_);
  finished_ = true;
  out_.writeTrailer();
}

}  // namespace seqscope
