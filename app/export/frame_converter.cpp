#include "app/export/frame_converter.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
}

#include "core/error.h"

namespace seqscope {

FrameConverter::FrameConverter(AVPixelFormat format, int width, int height)
    : format_(format), width_(width), height_(height) {
  if (format == AV_PIX_FMT_RGB32) return;
  // Same size in and out: no scaling happens, the flags only pick accurate rounding and
  // full-resolution chroma input (no point-sampled chroma on thin lines).
  sws_ = sws_getContext(width, height, AV_PIX_FMT_RGB32, width, height, format,
                        SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, nullptr, nullptr,
                        nullptr);
  if (!sws_)
    throw Error("swscale cannot convert RGB32 to " + std::string(av_get_pix_fmt_name(format)));
  const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
  // src range 1 = full-range RGB; dst range 0 = limited ("TV") range YUV, what players expect.
  sws_setColorspaceDetails(sws_, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
}

FrameConverter::~FrameConverter() {
  sws_freeContext(sws_);
}

ffmpeg::FramePtr FrameConverter::convert(const QImage& image, int64_t pts) {
  ffmpeg::FramePtr frame = ffmpeg::allocateFrame(format_, width_, height_);
  const uint8_t* src[1] = {image.constBits()};
  const int srcStride[1] = {int(image.bytesPerLine())};
  if (sws_) {
    sws_scale(sws_, src, srcStride, 0, height_, frame->data, frame->linesize);
  } else {
    av_image_copy_plane(frame->data[0], frame->linesize[0], src[0], srcStride[0], width_ * 4,
                        height_);
  }
  frame->pts = pts;
  return frame;
}

QImage checkedFrameImage(const QImage& image, QSize size, int index) {
  if (image.isNull()) throw Error("the scene rendered no image for frame " + std::to_string(index));
  if (image.size() != size)
    throw Error("the scene rendered frame " + std::to_string(index) + " at " +
                std::to_string(image.width()) + "x" + std::to_string(image.height()) +
                " instead of " + std::to_string(size.width()) + "x" +
                std::to_string(size.height()));
  if (image.format() == QImage::Format_ARGB32 || image.format() == QImage::Format_RGB32)
    return image;
  return image.convertToFormat(QImage::Format_ARGB32);
}

}  // namespace seqscope
