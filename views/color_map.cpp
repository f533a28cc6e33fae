#include "views/color_map.h"

#include <algorithm>
#include <cmath>

namespace seqscope {
namespace {

// matplotlib's viridis (mpl-colormaps by Nathaniel Smith and Stefan van der Walt, CC0),
// its 256 float entries rounded to 8-bit sRGB.
constexpr std::array<QRgb, ColorMap::kSize> kViridis = {
    0x440154, 0x440256, 0x450457, 0x450559, 0x46075a, 0x46085c, 0x460a5d, 0x460b5e, 0x470d60,
    0x470e61, 0x471063, 0x471164, 0x471365, 0x481467, 0x481668, 0x481769, 0x48186a, 0x481a6c,
    0x481b6d, 0x481c6e, 0x481d6f, 0x481f70, 0x482071, 0x482173, 0x482374, 0x482475, 0x482576,
    0x482677, 0x482878, 0x482979, 0x472a7a, 0x472c7a, 0x472d7b, 0x472e7c, 0x472f7d, 0x46307e,
    0x46327e, 0x46337f, 0x463480, 0x453581, 0x453781, 0x453882, 0x443983, 0x443a83, 0x443b84,
    0x433d84, 0x433e85, 0x423f85, 0x424086, 0x424186, 0x414287, 0x414487, 0x404588, 0x404688,
    0x3f4788, 0x3f4889, 0x3e4989, 0x3e4a89, 0x3e4c8a, 0x3d4d8a, 0x3d4e8a, 0x3c4f8a, 0x3c508b,
    0x3b518b, 0x3b528b, 0x3a538b, 0x3a548c, 0x39558c, 0x39568c, 0x38588c, 0x38598c, 0x375a8c,
    0x375b8d, 0x365c8d, 0x365d8d, 0x355e8d, 0x355f8d, 0x34608d, 0x34618d, 0x33628d, 0x33638d,
    0x32648e, 0x32658e, 0x31668e, 0x31678e, 0x31688e, 0x30698e, 0x306a8e, 0x2f6b8e, 0x2f6c8e,
    0x2e6d8e, 0x2e6e8e, 0x2e6f8e, 0x2d708e, 0x2d718e, 0x2c718e, 0x2c728e, 0x2c738e, 0x2b748e,
    0x2b758e, 0x2a768e, 0x2a778e, 0x2a788e, 0x29798e, 0x297a8e, 0x297b8e, 0x287c8e, 0x287d8e,
    0x277e8e, 0x277f8e, 0x27808e, 0x26818e, 0x26828e, 0x26828e, 0x25838e, 0x25848e, 0x25858e,
    0x24868e, 0x24878e, 0x23888e, 0x23898e, 0x238a8d, 0x228b8d, 0x228c8d, 0x228d8d, 0x218e8d,
    0x218f8d, 0x21908d, 0x21918c, 0x20928c, 0x20928c, 0x20938c, 0x1f948c, 0x1f958b, 0x1f968b,
    0x1f978b, 0x1f988b, 0x1f998a, 0x1f9a8a, 0x1e9b8a, 0x1e9c89, 0x1e9d89, 0x1f9e89, 0x1f9f88,
    0x1fa088, 0x1fa188, 0x1fa187, 0x1fa287, 0x20a386, 0x20a486, 0x21a585, 0x21a685, 0x22a785,
    0x22a884, 0x23a983, 0x24aa83, 0x25ab82, 0x25ac82, 0x26ad81, 0x27ad81, 0x28ae80, 0x29af7f,
    0x2ab07f, 0x2cb17e, 0x2db27d, 0x2eb37c, 0x2fb47c, 0x31b57b, 0x32b67a, 0x34b679, 0x35b779,
    0x37b878, 0x38b977, 0x3aba76, 0x3bbb75, 0x3dbc74, 0x3fbc73, 0x40bd72, 0x42be71, 0x44bf70,
    0x46c06f, 0x48c16e, 0x4ac16d, 0x4cc26c, 0x4ec36b, 0x50c46a, 0x52c569, 0x54c568, 0x56c667,
    0x58c765, 0x5ac864, 0x5cc863, 0x5ec962, 0x60ca60, 0x63cb5f, 0x65cb5e, 0x67cc5c, 0x69cd5b,
    0x6ccd5a, 0x6ece58, 0x70cf57, 0x73d056, 0x75d054, 0x77d153, 0x7ad151, 0x7cd250, 0x7fd34e,
    0x81d34d, 0x84d44b, 0x86d549, 0x89d548, 0x8bd646, 0x8ed645, 0x90d743, 0x93d741, 0x95d840,
    0x98d83e, 0x9bd93c, 0x9dd93b, 0xa0da39, 0xa2da37, 0xa5db36, 0xa8db34, 0xaadc32, 0xaddc30,
    0xb0dd2f, 0xb2dd2d, 0xb5de2b, 0xb8de29, 0xbade28, 0xbddf26, 0xc0df25, 0xc2df23, 0xc5e021,
    0xc8e020, 0xcae11f, 0xcde11d, 0xd0e11c, 0xd2e21b, 0xd5e21a, 0xd8e219, 0xdae319, 0xdde318,
    0xdfe318, 0xe2e418, 0xe5e419, 0xe7e419, 0xeae51a, 0xece51b, 0xefe51c, 0xf1e51d, 0xf4e61e,
    0xf6e620, 0xf8e621, 0xfbe723, 0xfde725,
};

// --- Moreland's cool-warm map, computed rather than tabulated so that its construction is
// visible: interpolate in Msh (polar CIELAB) from blue through a neutral white point to red.

struct Lab {
  double L, a, b;
};
struct Msh {
  double M, s, h;
};

// D65 reference white, as in Moreland's paper.
constexpr double kXn = 0.95047, kYn = 1.0, kZn = 1.08883;
constexpr double kPi = 3.14159265358979323846;

double srgbToLinear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double linearToSrgb(double c) {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}
double labF(double t) {
  return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0;
}
double labFInverse(double t) {
  return t > 0.20689 ? t * t * t : (t - 16.0 / 116.0) / 7.787;
}

Lab rgbToLab(double r, double g, double b) {
  r = srgbToLinear(r), g = srgbToLinear(g), b = srgbToLinear(b);
  const double x = 0.4124 * r + 0.3576 * g + 0.1805 * b;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const double fx = labF(x / kXn), fy = labF(y / kYn), fz = labF(z / kZn);
  return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

QRgb labToRgb(const Lab& lab) {
  const double fy = (lab.L + 16.0) / 116.0;
  const double x = kXn * labFInverse(fy + lab.a / 500.0);
  const double y = kYn * labFInverse(fy);
  const double z = kZn * labFInverse(fy - lab.b / 200.0);
  const double r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
  const double g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
  const double b = 0.0557 * x - 0.2040 * y + 1.0570 * z;
  auto to8 = [](double c) { return std::clamp(int(std::lround(linearToSrgb(c) * 255.0)), 0, 255); };
  return qRgb(to8(r), to8(g), to8(b));
}

Msh labToMsh(const Lab& lab) {
  const double M = std::sqrt(lab.L * lab.L + lab.a * lab.a + lab.b * lab.b);
  return {M, M > 0 ? std::acos(lab.L / M) : 0.0, std::atan2(lab.b, lab.a)};
}
Lab mshToLab(const Msh& m) {
  return {m.M * std::cos(m.s), m.M * std::sin(m.s) * std::cos(m.h),
          m.M * std::sin(m.s) * std::sin(m.h)};
}

// Hue of the unsaturated end so that the hue spins smoothly into the saturated one
// instead of jumping (Moreland 2009, "AdjustHue").
double adjustHue(const Msh& saturated, double unsaturatedM) {
  if (saturated.M >= unsaturatedM) return saturated.h;
  const double spin = saturated.s *
                      std::sqrt(unsaturatedM * unsaturatedM - saturated.M * saturated.M) /
                      (saturated.M * std::sin(saturated.s));
  return saturated.h > -kPi / 3 ? saturated.h + spin : saturated.h - spin;
}

Msh interpolateMsh(Msh a, Msh b, double t) {
  // Two saturated, distinct hues: pass through the neutral point so the middle is white-ish.
  if (a.s > 0.05 && b.s > 0.05 && std::abs(a.h - b.h) > kPi / 3) {
    const double mid = std::max({a.M, b.M, 88.0});
    if (t < 0.5) {
      b = {mid, 0.0, 0.0};
      t = 2 * t;
    } else {
      a = {mid, 0.0, 0.0};
      t = 2 * t - 1;
    }
  }
  if (a.s < 0.05 && b.s > 0.05)
    a.h = adjustHue(b, a.M);
  else if (b.s < 0.05 && a.s > 0.05)
    b.h = adjustHue(a, b.M);
  return {(1 - t) * a.M + t * b.M, (1 - t) * a.s + t * b.s, (1 - t) * a.h + t * b.h};
}

std::array<QRgb, ColorMap::kSize> coolWarmTable() {
  const Msh cool = labToMsh(rgbToLab(0.230, 0.299, 0.754));
  const Msh warm = labToMsh(rgbToLab(0.706, 0.016, 0.150));
  std::array<QRgb, ColorMap::kSize> table{};
  for (int i = 0; i < ColorMap::kSize; ++i)
    table[std::size_t(i)] =
        labToRgb(mshToLab(interpolateMsh(cool, warm, i / double(ColorMap::kSize - 1))));
  return table;
}

}  // namespace

ColorMap::ColorMap(QString name, bool diverging, const std::array<QRgb, kSize>& table)
    : name_(std::move(name)), diverging_(diverging), table_(table) {}

const ColorMap& ColorMap::viridis() {
  static const ColorMap map(QStringLiteral("viridis"), false, kViridis);
  return map;
}

const ColorMap& ColorMap::coolWarm() {
  static const ColorMap map(QStringLiteral("cool-warm"), true, coolWarmTable());
  return map;
}

QRgb ColorMap::rgbAt(double t) const {
  if (!(t > 0)) t = 0;  // also catches NaN
  if (t > 1) t = 1;
  const int i = std::min(kSize - 1, int(t * kSize));
  return table_[std::size_t(i)] | 0xff000000u;
}

QRgb ColorMap::rgb(double value, double lo, double hi) const {
  if (!(hi > lo)) return rgbAt(0.5);
  return rgbAt((value - lo) / (hi - lo));
}

double ColorMap::lightness(QRgb rgb) {
  return rgbToLab(qRed(rgb) / 255.0, qGreen(rgb) / 255.0, qBlue(rgb) / 255.0).L;
}

}  // namespace seqscope
