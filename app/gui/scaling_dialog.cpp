#include "app/gui/scaling_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/resource_paths.h"
#include "core/error.h"
#include "views/scaling_chart.h"

namespace seqscope {

ScalingDialog::ScalingDialog(QWidget* parent)
    : QDialog(parent), chart_(new ScalingChart(this)), source_(new QLabel(this)) {
  setWindowTitle(tr("Scaling: time and memory against sequence length"));
  source_->setWordWrap(true);
  source_->setTextFormat(Qt::PlainText);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(source_);
  layout->addWidget(chart_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  QPushButton* open = buttons->addButton(tr("Open bench JSON…"), QDialogButtonBox::ActionRole);
  connect(open, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open the output of seqscope bench --json"),
                                                      {}, tr("JSON (*.json)"));
    if (!path.isEmpty()) load(path);
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(1200, 800);
  load(shippedBenchPath());
}

QString ScalingDialog::shippedBenchPath() { return resourceDir() + "/bench/bench.json"; }

bool ScalingDialog::load(const QString& path) {
  try {
    std::ifstream in(path.toStdString());
    if (!in) throw Error(path.toStdString() + ": cannot open the bench file");
    nlohmann::json j;
    try {
      in >> j;
    } catch (const nlohmann::json::exception& e) {
      throw Error(path.toStdString() + ": not valid JSON (" + e.what() + ")");
    }
    chart_->setResults(ScalingChart::rowsFromJson(j));
    const int threads = j.value("threads", 0);
    const double gemm = j.value("gemm_gflops", 0.0);
    source_->setText(tr("Measured by seqscope bench (%1; %2 OpenMP threads, GEMM peak %3 GFLOP/s). "
                        "Run `seqscope bench --json > FILE` on your machine and open it to compare.")
                         .arg(path)
                         .arg(threads)
                         .arg(gemm, 0, 'f', 1));
    source_->setProperty("error", false);
    return true;
  } catch (const Error& e) {
    source_->setText(QString::fromUtf8(e.what()));
    source_->setProperty("error", true);
    return false;
  }
}

QString ScalingDialog::errorText() const {
  return source_->property("error").toBool() ? source_->text() : QString();
}

}  // namespace seqscope
