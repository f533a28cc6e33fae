#pragma once
// View → Scaling: how each mixer's time per token and memory grow with the sequence length,
// from `seqscope bench --json` output (log–log axes). Opens the measurement shipped in
// resources/bench/bench.json (this machine class) or any bench file the user made.
#include <QDialog>

class QLabel;

namespace seqscope {

class ScalingChart;

class ScalingDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ScalingDialog(QWidget* parent = nullptr);

  // Loads a bench JSON file; false (and the reason shown in the dialog) when it cannot.
  bool load(const QString& path);
  QString errorText() const;
  ScalingChart* chart() const { return chart_; }

  static QString shippedBenchPath();

 private:
  ScalingChart* chart_;
  QLabel* source_;
};

}  // namespace seqscope
