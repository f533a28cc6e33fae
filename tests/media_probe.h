#pragma once
// Reads an exported animation back for the tests: libavformat + libavcodec decode every frame
// of an MP4/WebM/GIF (codec, size, frame count, timestamps, mean colour per frame); animated
// WebP, which FFmpeg 5.1 cannot decode, is read from its RIFF chunks (VP8X canvas, ANIM loop
// count, one ANMF per frame with its duration).
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include <QImage>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace seqscope::testing {

struct ProbedMedia {
  bool opened = false;
  AVCodecID codec = AV_CODEC_ID_NONE;
  int width = 0, height = 0;
  AVPixelFormat pixelFormat = AV_PIX_FMT_NONE;
  AVRational avgFrameRate{0, 1};
  std::vector<double> ptsSeconds;              // decoded frames, in order
  std::vector<std::array<double, 3>> meanRgb;  // decoded frames, in order
  int frames() const { return int(ptsSeconds.size()); }
  // Frames per second implied by the first and last timestamps.
  double measuredFps() const {
    return frames() < 2 ? 0 : (frames() - 1) / (ptsSeconds.back() - ptsSeconds.front());
  }
};

inline std::array<double, 3> meanRgb(const QImage& rgb32) {
  std::array<double, 3> sum{0, 0, 0};
  for (int y = 0; y < rgb32.height(); ++y) {
    const QRgb* line = reinterpret_cast<const QRgb*>(rgb32.constScanLine(y));
    for (int x = 0; x < rgb32.width(); ++x) {
      sum[0] += qRed(line[x]);
      sum[1] += qGreen(line[x]);
      sum[2] += qBlue(line[x]);
    }
  }
  const double n = double(rgb32.width()) * rgb32.height();
  return {sum[0] / n, sum[1] / n, sum[2] / n};
}

// Decoded frame -> RGB32 image, honouring the frame's colour matrix and range.
inline QImage toImage(const AVFrame* f) {
  QImage image(f->width, f->height, QImage::Format_RGB32);
  SwsContext* sws = sws_getContext(
      f->width, f->height, AVPixelFormat(f->format), f->width, f->height, AV_PIX_FMT_RGB32,
      SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr);
  const int space = f->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
  sws_setColorspaceDetails(sws, sws_getCoefficients(space), f->color_range == AVCOL_RANGE_JPEG,
                           sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
  uint8_t* dst[1] = {image.bits()};
  const int dstStride[1] = {int(image.bytesPerLine())};
  sws_scale(sws, f->data, f->linesize, 0, f->height, dst, dstStride);
  sws_freeContext(sws);
  return image;
}

inline ProbedMedia probeMedia(const std::string& path) {
  ProbedMedia m;
  AVFormatContext* fmt = nullptr;
  if (avformat_open_input(&fmt, path.c_str(), nullptr, nullptr) < 0) return m;
  avformat_find_stream_info(fmt, nullptr);
  const int s = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (s < 0) {
    avformat_close_input(&fmt);
    return m;
  }
  AVStream* st = fmt->streams[s];
  m.opened = true;
  m.codec = st->codecpar->codec_id;
  m.width = st->codecpar->width;
  m.height = st->codecpar->height;
  m.pixelFormat = AVPixelFormat(st->codecpar->format);
  m.avgFrameRate = st->avg_frame_rate;
  const AVCodec* dec = avcodec_find_decoder(m.codec);
  AVCodecContext* c = avcodec_alloc_context3(dec);
  avcodec_parameters_to_context(c, st->codecpar);
  c->pkt_timebase = st->time_base;
  avcodec_open2(c, dec, nullptr);
  AVPacket* pkt = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  auto drain = [&] {
    while (avcodec_receive_frame(c, frame) == 0) {
      m.ptsSeconds.push_back(double(frame->best_effort_timestamp) * av_q2d(st->time_base));
      m.meanRgb.push_back(meanRgb(toImage(frame)));
      av_frame_unref(frame);
    }
  };
  while (av_read_frame(fmt, pkt) >= 0) {
    if (pkt->stream_index == s && avcodec_send_packet(c, pkt) >= 0) drain();
    av_packet_unref(pkt);
  }
  avcodec_send_packet(c, nullptr);
  drain();
  av_frame_free(&frame);
  av_packet_free(&pkt);
  avcodec_free_context(&c);
  avformat_close_input(&fmt);
  return m;
}

struct ProbedWebP {
  bool valid = false, hasAnimChunk = false;
  int canvasWidth = 0, canvasHeight = 0, loopCount = -1;
  std::vector<int> durationsMs;  // one per ANMF chunk
};

inline ProbedWebP probeWebP(const std::string& bytes) {
  ProbedWebP w;
  auto u16 = [&](size_t at) { return int(uint8_t(bytes[at])) | int(uint8_t(bytes[at + 1])) << 8; };
  auto u24 = [&](size_t at) { return u16(at) | int(uint8_t(bytes[at + 2])) << 16; };
  auto u32 = [&](size_t at) { return uint32_t(u16(at)) | uint32_t(u16(at + 2)) << 16; };
  if (bytes.size() < 12 || bytes.compare(0, 4, "RIFF") != 0 || bytes.compare(8, 4, "WEBP") != 0)
    return w;
  if (u32(4) + 8 != bytes.size()) return w;
  for (size_t at = 12; at + 8 <= bytes.size();) {
    const std::string id = bytes.substr(at, 4);
    const size_t size = u32(at + 4), body = at + 8;
    if (body + size > bytes.size()) return w;
    if (id == "VP8X") {
      w.canvasWidth = u24(body + 4) + 1;
      w.canvasHeight = u24(body + 7) + 1;
    } else if (id == "ANIM") {
      w.hasAnimChunk = true;
      w.loopCount = u16(body + 4);
    } else if (id == "ANMF") {
      w.durationsMs.push_back(u24(body + 12));
    }
    at = body + size + (size & 1);
  }
  w.valid = true;
  return w;
}

// GIF block structure: whether the header has a global colour table, and how many images
// (frames) after the first carry a local one of their own. (FFmpeg 5.1's GIF encoder gives
// the first image its palette as a local table, in palettegen's order, and every later
// image uses the global table.)
struct ProbedGif {
  bool valid = false, globalTable = false;
  int images = 0, localTablesAfterFirst = 0;
};

inline ProbedGif probeGif(const std::string& b) {
  ProbedGif g;
  if (b.size() < 13 || b.compare(0, 3, "GIF") != 0) return g;
  auto byte = [&](size_t at) { return at < b.size() ? int(uint8_t(b[at])) : -1; };
  auto skipSubBlocks = [&](size_t at) {
    while (byte(at) > 0) at += size_t(byte(at)) + 1;
    return at + 1;
  };
  g.globalTable = byte(10) & 0x80;
  size_t at = 13 + (g.globalTable ? 3u << ((byte(10) & 7) + 1) : 0);
  while (at < b.size()) {
    const int block = byte(at);
    if (block == 0x3B) {
      g.valid = true;
      break;
    }
    if (block == 0x21) {
      at = skipSubBlocks(at + 2);
    } else if (block == 0x2C) {
      const int packed = byte(at + 9);
      at += 10;
      if (packed & 0x80) {
        if (g.images > 0) ++g.localTablesAfterFirst;
        at += 3u << ((packed & 7) + 1);
      }
      ++g.images;
      at = skipSubBlocks(at + 1);  // after the LZW minimum code size
    } else {
      break;
    }
  }
  return g;
}

}  // namespace seqscope::testing
