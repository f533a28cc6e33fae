#include "app/gui/meters_panel.h"

#include "views/chart_style.h"
#include "views/meter_charts.h"

namespace seqscope {

MetersPanel::MetersPanel(QWidget* parent) : QWidget(parent), charts_(new MeterCharts(this)) {}

void MetersPanel::setRuns(std::vector<MeterSeries> runs) { charts_->setSeries(std::move(runs)); }

void MetersPanel::setCurrentFrame(int frame) { charts_->setCurrentFrame(frame); }

void MetersPanel::setStyle(bool dark, double fontScale) {
  charts_->setChartStyle(ChartStyle(dark, fontScale));
}

void MetersPanel::render(QPainter& painter, QSize size) const { charts_->render(painter, size); }

void MetersPanel::resizeEvent(QResizeEvent*) { charts_->setGeometry(rect()); }

}  // namespace seqscope
