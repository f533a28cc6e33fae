// seqscope chart (--json SPEC.json | --bench BENCH.json) --out FILE.png [--size WxH] [--dark]
//                [--font-scale F]
// Renders a line chart described in JSON (README, "Chart spec"), or the scaling charts of
// `seqscope bench --json` results, to a PNG with the same Qt Charts code the explorer uses, so
// charts in docs/ are drawn by Seqscope itself.
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/command.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "views/line_chart.h"
#include "views/scaling_chart.h"

namespace seqscope::cli {
namespace {

QSize parseSize(const QString& text) {
  const QStringList parts = text.toLower().split('x');
  bool okW = false, okH = false;
  const int w = parts.size() == 2 ? parts[0].toInt(&okW) : 0;
  const int h = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
  // 16 to 8192 pixels a side: enough for a 4K slide, small enough not to exhaust memory.
  if (!okW || !okH || w < 16 || h < 16 || w > 8192 || h > 8192)
    throw Error("--size: \"" + text.toStdString() +
                "\" is not WxH with each side 16 to 8192 pixels");
  return {w, h};
}

nlohmann::json readJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot be read (no such file or no permission)");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
}

}  // namespace

int chartCommand(const QStringList& args) {
  QCommandLineParser parser;
  const QCommandLineOption spec("json", "Chart spec (JSON, see the README).", "SPEC.json");
  const QCommandLineOption bench("bench", "Scaling charts of `seqscope bench --json` output.",
                                 "BENCH.json");
  const QCommandLineOption out("out", "PNG file to write.", "FILE.png");
  const QCommandLineOption size("size", "Image size in pixels (default 1200x750).", "WxH",
                                "1200x750");
  const QCommandLineOption dark("dark", "Dark background (for dark slides).");
  const QCommandLineOption fontScale("font-scale",
                                     "Multiply every font size (e.g. 1.6 for slides).", "F", "1");
  parser.addOptions({spec, bench, out, size, dark, fontScale});
  if (auto exit = parseArguments(parser, "chart",
                                 "Renders a line chart described in JSON (or the scaling charts "
                                 "of bench results) to a PNG image.",
                                 args))
    return *exit;
  if (parser.isSet(spec) == parser.isSet(bench) || !parser.isSet(out)) {
    printError("chart",
               "one of --json SPEC.json or --bench BENCH.json, and --out FILE.png, are required "
               "(see seqscope chart --help)");
    return kUsage;
  }
  const QSize pixels = parseSize(parser.value(size));
  const double scale = numberOption(parser, fontScale).value_or(-1);
  if (scale < 0.25 || scale > 8)
    throw Error("--font-scale: \"" + parser.value(fontScale).toStdString() +
                "\" is not a number from 0.25 to 8");
  const std::string specPath = parser.value(parser.isSet(spec) ? spec : bench).toStdString();
  const std::string outPath = parser.value(out).toStdString();
  if (!parser.value(out).endsWith(".png", Qt::CaseInsensitive))
    throw Error(outPath + ": the output must be a .png file");

  const ChartStyle style(parser.isSet(dark), scale);
  QImage image;
  try {
    const nlohmann::json j = readJsonFile(specPath);
    if (parser.isSet(spec)) {
      image = renderLineChart(LineChartSpec::fromJson(j), pixels, style);
    } else {
      ScalingChart scaling;
      scaling.setChartStyle(style);
      scaling.setResults(ScalingChart::rowsFromJson(j));
      image = scaling.renderToImage(pixels);
    }
  } catch (const Error& e) {
    // Name the file as well as the key, unless the message already starts with it.
    const std::string m = e.what();
    throw Error(m.rfind(specPath, 0) == 0 ? m : specPath + ": " + m);
  }
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  if (!image.save(&buffer, "PNG")) throw Error(outPath + ": PNG encoding failed");
  // Written in one go beside the target and renamed: never a half-written PNG.
  writeFileAtomically(outPath, png.toStdString());
  std::printf("wrote %s (%dx%d)\n", outPath.c_str(), pixels.width(), pixels.height());
  return kOk;
}

}  // namespace seqscope::cli
