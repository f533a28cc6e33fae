#pragma once
// The explorer window: a prompt, a model, a layer and a head; on the left the layer's
// attention map (softmax attention) or implicit attention matrix (linear-time mixers), on the
// right its recurrent state (or KV cache) after the whole prompt. The model runs on a worker
// thread (AnalysisRunner); this class only shows results.
#include <QMainWindow>
#include <QTimer>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/analysis_result.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace seqscope {

class AnalysisRunner;
class HeatmapView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // modelDir: the model to open first (the bundled demo model when empty).
  explicit MainWindow(const QString& modelDir = {}, QWidget* parent = nullptr);
  ~MainWindow() override;

  static QString defaultPrompt() { return QStringLiteral("the cat sat on the mat. the cat"); }

  // For tests: the views and the newest result shown.
  HeatmapView* attentionView() const { return attentionView_; }
  HeatmapView* stateView() const { return stateView_; }
  std::shared_ptr<const AnalysisResult> shownResult() const { return result_; }
  QString errorText() const;
  void setPrompt(const QString& text);
  void selectLayer(int layer);
  void selectHead(int head);

 signals:
  // After a result (or an error) from the worker was shown.
  void resultShown();

 private:
  QWidget* buildControls();
  QWidget* buildPane(QWidget* header, HeatmapView* view, QLabel* caption);
  void requestAnalysis();
  void showResult(std::shared_ptr<const AnalysisResult> result);
  void showError(const QString& message);
  void updateLayerBox(const AnalysisResult& r);
  void updateHeadBox(const AnalysisResult& r);
  void updateSliceBox(const AnalysisResult& r);
  void showAttention();
  void showState();
  void updateStatus();
  QString modelDir() const;

  AnalysisRunner* runner_;
  QTimer promptTimer_;
  QComboBox* modelBox_;
  QLineEdit* prompt_;
  QComboBox* layerBox_;
  QComboBox* headBox_;
  QComboBox* sliceBox_;
  QLabel* errorLabel_;
  HeatmapView* attentionView_;
  HeatmapView* stateView_;
  QLabel* attentionCaption_;
  QLabel* stateCaption_;
  QLabel* statusLabel_;  // the model
  QLabel* meterLabel_;   // what was measured on this prompt
  QLabel* busyLabel_;

  std::shared_ptr<const AnalysisResult> result_;  // the last successful result shown
  std::vector<std::string> layerKinds_;           // what layerBox_ lists
};

}  // namespace seqscope
