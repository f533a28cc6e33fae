#pragma once
// Small RAII and error helpers around FFmpeg's C API, shared by the encoders.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
}

#include <memory>
#include <string>

namespace seqscope::ffmpeg {

struct CodecContextDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FilterGraphDeleter {
  void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); }
};
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, FilterGraphDeleter>;

// FFmpeg's message for an AVERROR code (av_err2str is a C compound literal, unusable in C++).
std::string errorText(int code);

// Throws seqscope::Error("<what>: <FFmpeg's message>") when `code` is negative; returns it
// otherwise.
int check(int code, const std::string& what);

// The encoder called `name`, or Error naming it and the format that needs it (Debian's
// libavcodec has libx264, libvpx-vp9, gif and libwebp_anim; a custom build may not).
const AVCodec* requireEncoder(const char* name, const std::string& neededFor);

// A frame of `format` and size with its buffers allocated (32-byte aligned).
FramePtr allocateFrame(AVPixelFormat format, int width, int height);

// An output file: muxer context + opened AVIO, closed (and freed) in the destructor. The
// caller deletes the file on failure (TemporaryOutput does).
class OutputFile {
 public:
  OutputFile(const std::string& path, const char* muxer);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  AVFormatContext* get() const { return ctx_; }
  const std::string& path() const { return path_; }
  // Adds a stream carrying `codec`'s parameters, with `codec`'s time base as a hint.
  AVStream* addStream(const AVCodecContext* codec);
  void writeHeader(AVDictionary** options = nullptr);
  // Rescales `packet` from `codecTimeBase` to the stream's and writes it (interleaved).
  void writePacket(AVPacket* packet, AVRational codecTimeBase, AVStream* stream);
  void writeTrailer();

 private:
  AVFormatContext* ctx_ = nullptr;
  std::string path_;
};

// Filter-graph endpoints: a source taking frames of `format`/size with time base 1/fps, and a
// sink that delivers `sinkFormat` (AV_PIX_FMT_NONE: whatever the graph gives).
AVFilterContext* addBufferSource(AVFilterGraph* graph, const char* name, AVPixelFormat format,
                                 int width, int height, int fps);
AVFilterContext* addBufferSink(AVFilterGraph* graph, AVPixelFormat sinkFormat);
// Adds filter `filter` with `args`; Error names it when it cannot be created.
AVFilterContext* addFilter(AVFilterGraph* graph, const char* filter, const char* args);
void link(AVFilterContext* from, unsigned fromPad, AVFilterContext* to, unsigned toPad);

// Sends `frame` (nullptr flushes) to `codec` and writes every packet that comes out.
void encodeAndWrite(AVCodecContext* codec, const AVFrame* frame, OutputFile& out, AVStream* stream);

}  // namespace seqscope::ffmpeg
