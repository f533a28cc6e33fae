#include "app/export/video_encoder.h"

extern "C" {
#include <libavutil/opt.h>
}

#include "core/error.h"

namespace seqscope {
namespace {

struct Setup {
  const char* encoder;
  const char* muxer;
  AVPixelFormat pixelFormat;
};

Setup setupFor(ExportFormat format) {
  switch (format) {
    case ExportFormat::Mp4:
      return {"libx264", "mp4", AV_PIX_FMT_YUV420P};
    case ExportFormat::WebM:
      return {"libvpx-vp9", "webm", AV_PIX_FMT_YUV420P};
    case ExportFormat::WebP:
      return {"libwebp_anim", "webp", AV_PIX_FMT_RGB32};
    default:
      throw Error("VideoEncoder cannot write " + exportFormatName(format));
  }
}

// Encoder settings per format. The content is flat colours, thin lines and text, so:
// x264 tuned for animation at near-transparent quality (CRF 18) with a fast preset (export
// should beat real time on 2 cores); VP9 in constant-quality mode with row multithreading;
// WebP lossy at quality 90 (lossless is larger on the colour gradients of heat maps).
void setEncoderOptions(ExportFormat format, AVCodecContext* c, AVDictionary** opts) {
  switch (format) {
    case ExportFormat::Mp4:
      av_dict_set(opts, "preset", "veryfast", 0);
      av_dict_set(opts, "tune", "animation", 0);
      av_dict_set(opts, "crf", "18", 0);
      break;
    case ExportFormat::WebM:
      c->bit_rate = 0;  // with crf: constant quality, no bitrate cap
      av_dict_set(opts, "crf", "32", 0);
      av_dict_set(opts, "deadline", "good", 0);
      av_dict_set(opts, "cpu-used", "5", 0);
      av_dict_set(opts, "row-mt", "1", 0);
      break;
    case ExportFormat::WebP:
      av_dict_set(opts, "quality", "90", 0);
      break;
    default:
      break;
  }
}

}  // namespace

VideoEncoder::VideoEncoder(const std::string& path, ExportFormat format, int width, int height,
                           int fps)
    : out_(path, setupFor(format).muxer) {
  const Setup setup = setupFor(format);
  const AVCodec* codec = ffmpeg::requireEncoder(setup.encoder, exportFormatName(format));
  codec_.reset(avcodec_alloc_context3(codec));
  if (!codec_) throw Error("out of memory allocating an encoder");
  AVCodecContext* c = codec_.get();
  c->width = width;
  c->height = height;
  c->pix_fmt = setup.pixelFormat;
  c->time_base = AVRational{1, fps};
  c->framerate = AVRational{fps, 1};
  c->sample_aspect_ratio = AVRational{1, 1};
  c->gop_size = 2 * fps;  // a key frame every 2 s keeps seeking in players quick
  c->thread_count = 0;    // one thread per core (AVCodecContext's default is 1)
  if (setup.pixelFormat == AV_PIX_FMT_YUV420P) {
    c->color_range = AVCOL_RANGE_MPEG;
    c->colorspace = AVCOL_SPC_BT709;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
  }
  if (out_.get()->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* opts = nullptr;
  setEncoderOptions(format, c, &opts);
  const int rc = avcodec_open2(c, codec, &opts);
  av_dict_free(&opts);
  ffmpeg::check(rc, std::string("opening the ") + setup.encoder + " encoder");
  stream_ = out_.addStream(c);

  AVDictionary* muxerOpts = nullptr;
  if (format == ExportFormat::Mp4) av_dict_set(&muxerOpts, "movflags", "+faststart", 0);
  if (format == ExportFormat::WebP) av_dict_set(&muxerOpts, "loop", "0", 0);  // 0 = forever
  try {
    out_.writeHeader(&muxerOpts);
  } catch (...) {
    av_dict_free(&muxerOpts);
    throw;
  }
  av_dict_free(&muxerOpts);
  converter_ = std::make_unique<FrameConverter>(setup.pixelFormat, width, height);
}

VideoEncoder::~VideoEncoder() = default;

void VideoEncoder::addFrame(const QImage& image) {
  ffmpeg::FramePtr frame = converter_->convert(image, nextPts_++);
  ffmpeg::encodeAndWrite(codec_.get(), frame.get(), out_, stream_);
}

void VideoEncoder::finish() {
  ffmpeg::encodeAndWrite(codec_.get(), nullptr, out_, stream_);
  out_.writeTrailer();
}

}  // namespace seqscope
