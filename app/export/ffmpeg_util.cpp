#include "app/export/ffmpeg_util.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
}

#include "core/error.h"

namespace seqscope::ffmpeg {

std::string errorText(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

int check(int code, const std::string& what) {
  if (code < 0) throw Error(what + ": " + errorText(code));
  return code;
}

const AVCodec* requireEncoder(const char* name, const std::string& neededFor) {
  const AVCodec* codec = avcodec_find_encoder_by_name(name);
  if (!codec)
    throw Error(neededFor + " needs FFmpeg's \"" + name +
                "\" encoder, which this libavcodec does not have (Debian's libavcodec59 "
                "does; check `ffmpeg -encoders`)");
  return codec;
}

FramePtr allocateFrame(AVPixelFormat format, int width, int height) {
  FramePtr frame(av_frame_alloc());
  if (!frame) throw Error("out of memory allocating a video frame");
  frame->format = format;
  frame->width = width;
  frame->height = height;
  check(av_frame_get_buffer(frame.get(), 32), "allocating a video frame");
  return frame;
}

OutputFile::OutputFile(const std::string& path, const char* muxer) : path_(path) {
  check(avformat_alloc_output_context2(&ctx_, nullptr, muxer, path.c_str()),
        std::string("FFmpeg's ") + muxer + " muxer");
  if (!(ctx_->oformat->flags & AVFMT_NOFILE)) {
    const int rc = avio_open(&ctx_->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
      avformat_free_context(ctx_);
      ctx_ = nullptr;
      throw Error(path + ": cannot write (" + errorText(rc) + ")");
    }
  }
}

OutputFile::~OutputFile() {
  if (!ctx_) return;
  if (!(ctx_->oformat->flags & AVFMT_NOFILE)) avio_closep(&ctx_->pb);
  avformat_free_context(ctx_);
}

AVStream* OutputFile::addStream(const AVCodecContext* codec) {
  AVStream* stream = avformat_new_stream(ctx_, nullptr);
  if (!stream) throw Error("out of memory adding a video stream");
  check(avcodec_parameters_from_context(stream->codecpar, codec), "copying codec parameters");
  stream->time_base = codec->time_base;
  stream->avg_frame_rate = codec->framerate;
  return stream;
}

void OutputFile::writeHeader(AVDictionary** options) {
  check(avformat_write_header(ctx_, options), path_ + ": writing the header");
}

void OutputFile::writePacket(AVPacket* packet, AVRational codecTimeBase, AVStream* stream) {
  av_packet_rescale_ts(packet, codecTimeBase, stream->time_base);
  packet->stream_index = stream->index;
  check(av_interleaved_write_frame(ctx_, packet), path_ + ": writing a frame");
}

void OutputFile::writeTrailer() {
  check(av_write_trailer(ctx_), path_ + ": finishing the file");
  if (ctx_->pb) check(ctx_->pb->error, path_ + ": writing");
}

AVFilterContext* addBufferSource(AVFilterGraph* graph, const char* name, AVPixelFormat format,
                                 int width, int height, int fps) {
  const std::string args = "video_size=" + std::to_string(width) + "x" + std::to_string(height) +
                           ":pix_fmt=" + std::to_string(int(format)) + ":time_base=1/" +
                           std::to_string(fps) + ":pixel_aspect=1/1";
  AVFilterContext* ctx = nullptr;
  check(avfilter_graph_create_filter(&ctx, avfilter_get_by_name("buffer"), name, args.c_str(),
                                     nullptr, graph),
        "creating a filter-graph source");
  return ctx;
}

AVFilterContext* addBufferSink(AVFilterGraph* graph, AVPixelFormat sinkFormat) {
  AVFilterContext* ctx = nullptr;
  check(avfilter_graph_create_filter(&ctx, avfilter_get_by_name("buffersink"), "out", nullptr,
                                     nullptr, graph),
        "creating a filter-graph sink");
  if (sinkFormat != AV_PIX_FMT_NONE) {
    const AVPixelFormat formats[] = {sinkFormat, AV_PIX_FMT_NONE};
    check(av_opt_set_int_list(ctx, "pix_fmts", formats, AV_PIX_FMT_NONE, AV_OPT_SEARCH_CHILDREN),
          "setting the filter-graph sink's pixel format");
  }
  return ctx;
}

AVFilterContext* addFilter(AVFilterGraph* graph, const char* filter, const char* args) {
  const AVFilter* f = avfilter_get_by_name(filter);
  if (!f) throw Error(std::string("this libavfilter has no \"") + filter + "\" filter");
  AVFilterContext* ctx = nullptr;
  check(avfilter_graph_create_filter(&ctx, f, filter, args, nullptr, graph),
        std::string("creating the ") + filter + " filter (" + args + ")");
  return ctx;
}

void link(AVFilterContext* from, unsigned fromPad, AVFilterContext* to, unsigned toPad) {
  check(avfilter_link(from, fromPad, to, toPad),
        std::string("linking ") + from->name + " to " + to->name);
}

void encodeAndWrite(AVCodecContext* codec, const AVFrame* frame, OutputFile& out,
                    AVStream* stream) {
  check(avcodec_send_frame(codec, frame), std::string("encoding with ") + codec->codec->name);
  PacketPtr packet(av_packet_alloc());
  if (!packet) throw Error("out of memory allocating a packet");
  for (;;) {
    const int rc = avcodec_receive_packet(codec, packet.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    check(rc, std::string("encoding with ") + codec->codec->name);
    // Our encoders count time in frames (time base 1/fps); a packet without a duration
    // would make the muxer guess the last frame's display time.
    if (packet->duration == 0) packet->duration = 1;
    out.writePacket(packet.get(), codec->time_base, stream);
    av_packet_unref(packet.get());
  }
}

}  // namespace seqscope::ffmpeg
