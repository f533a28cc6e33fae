#include "views/meter_charts.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPainter>
#include <QResizeEvent>

#include "views/render_image.h"

namespace seqscope {

MeterCharts::MeterCharts(QWidget* parent) : QWidget(parent) {
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setSpacing(0);
  legend_ = new QLabel(this);
  legend_->setTextFormat(Qt::RichText);
  legend_->setWordWrap(true);
  legend_->setContentsMargins(8, 2, 8, 2);
  for (auto& view : views_) {
    view = new QChartView(this);
    view->setRenderHint(QPainter::Antialiasing, true);
    view->setFrameShape(QFrame::NoFrame);
    view->setMinimumSize(160, 120);
  }
  relayout();
  refresh(true);
}

void MeterCharts::setSeries(std::vector<MeterSeries> series) {
  if (series.size() > std::size_t(kMaxRuns)) series.resize(kMaxRuns);
  series_ = std::move(series);
  refresh(true);  // new runs: new axis ranges, units and legends
}

void MeterCharts::setCurrentFrame(int frame) {
  if (frame == frame_) return;
  frame_ = frame;
  refresh(false);
}

void MeterCharts::setChartStyle(const ChartStyle& style) {
  if (style == style_) return;
  style_ = style;
  refresh(true);
}

QStringList MeterCharts::legendNames() const {
  QStringList names;
  for (const MeterSeries& s : series_) names << QString::fromStdString(s.name);
  return names;
}

QColor MeterCharts::legendColor(std::size_t run) const {
  return style_.runColor(series_[run].colorIndex >= 0 ? series_[run].colorIndex : int(run));
}

void MeterCharts::updateLegend() {
  // One row for the four charts, each run's colour before its name; whole names, wrapped to
  // more rows if the dock is narrow, never cut.
  QString html;
  for (std::size_t i = 0; i < series_.size(); ++i)
    html += QStringLiteral("<span style=\"color:%1\">\u25a0</span>&nbsp;%2&nbsp;&nbsp;&nbsp; ")
                .arg(legendColor(i).name(), QString::fromStdString(series_[i].name).toHtmlEscaped());
  legend_->setText(html);
  legend_->setFont(style_.font());
  QPalette pal = legend_->palette();
  pal.setColor(QPalette::WindowText, style_.text());
  legend_->setPalette(pal);
  legend_->setVisible(!series_.empty());
}

void MeterCharts::refresh(bool forceRebuild) {
  if (forceRebuild) updateLegend();
  specs_ = MeterChartSpecs::build(series_, frame_);
  for (std::size_t i = 0; i < views_.size(); ++i) {
    // Stepping frames only replaces points; a structural change (a run's first sample gives
    // it a marker) or new data rebuilds the chart with its axes and legend.
    if (!forceRebuild && built_[i].chart && LineChart::update(built_[i], specs_[i])) continue;
    QChart* old = views_[i]->chart();
    built_[i] = LineChart::build(specs_[i], style_);
    views_[i]->setChart(built_[i].chart);  // the view owns the new chart, releases the old
    if (old && old != built_[i].chart) delete old;
    views_[i]->setBackgroundBrush(style_.background());
    ++rebuilds_;
  }
}

void MeterCharts::relayout() {
  // Two by two, or four in a row when the dock is very wide (along the window's bottom).
  const int columns = width() > 2.6 * std::max(1, height()) ? 4 : 2;
  if (columns == columns_) return;
  columns_ = columns;
  for (QChartView* v : views_) grid_->removeWidget(v);
  grid_->removeWidget(legend_);
  grid_->addWidget(legend_, 0, 0, 1, columns);
  for (int i = 0; i < int(views_.size()); ++i)
    grid_->addWidget(views_[std::size_t(i)], 1 + i / columns, i % columns);
}

void MeterCharts::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  relayout();
}

const QChart* MeterCharts::chart(int which) const {
  if (which < 0 || which >= MeterChartSpecs::kChartCount) return nullptr;
  return built_[std::size_t(which)].chart;
}

int MeterCharts::shownPointCount(int which, int run) const {
  if (which < 0 || which >= MeterChartSpecs::kChartCount) return 0;
  const LineChart::Built& b = built_[std::size_t(which)];
  if (run < 0 || run >= int(b.segments.size())) return 0;
  int n = 0;
  for (const QLineSeries* s : b.segments[std::size_t(run)]) n += int(s->count());
  return n;
}

void MeterCharts::render(QPainter& painter, QSize size) const {
  painter.save();
  painter.fillRect(QRect(QPoint(0, 0), size), style_.background());
  // The legend row as the widget shows it, then the charts under it.
  const QFont font = style_.font();
  const QFontMetricsF fm(font);
  double x = 8, y = 2;
  const double line = fm.height() * 1.3;
  painter.setFont(font);
  for (std::size_t i = 0; i < series_.size(); ++i) {
    const QString name = QString::fromStdString(series_[i].name);
    const double w = fm.height() + fm.horizontalAdvance(name) + fm.averageCharWidth() * 3;
    if (x > 8 && x + w > size.width()) x = 8, y += line;
    const double box = fm.height() * 0.7;
    painter.fillRect(QRectF(x, y + (line - box) / 2, box, box), legendColor(i));
    painter.setPen(style_.text());
    painter.drawText(QRectF(x + box + fm.averageCharWidth(), y, w, line), Qt::AlignLeft | Qt::AlignVCenter, name);
    x += w;
  }
  const double top = series_.empty() ? 0 : std::ceil(y + line + 2);
  painter.translate(0, top);
  LineChart::render(painter, specs_,
                    LineChart::gridCells(QSize(size.width(), std::max(1, size.height() - int(top))),
                                         int(specs_.size())),
                    style_);
  painter.restore();
}

QImage MeterCharts::renderToImage(QSize size) const {
  return renderImage(*this, size, style_.background());
}

}  // namespace seqscope
