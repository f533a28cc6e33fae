#pragma once
// The settings of one pane that are not in its header row: its own input, for a state view
// whether it shows the implicit attention, and what its run takes: for a generation (diffusion or autoregressive) the generation length, steps, block
// length, remasking, temperature and seed; for a TRM the most supervision steps. Every field a
// scene file can hold for a pane is a control here or in the header. Shown as the popup of
// the header's settings button; a change re-runs that pane only.
#include <QWidget>

#include "core/scene/scene.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace seqscope {

class PaneSettings : public QWidget {
  Q_OBJECT

 public:
  explicit PaneSettings(QWidget* parent = nullptr);

  // Shows the controls that apply to the spec's run, holding its values.
  void setSpec(const PaneSpec& spec);

 signals:
  // One field changed; `spec` is the pane's spec with it applied.
  void edited(const PaneSpec& spec);

 private:
  void apply();

  PaneSpec spec_;
  bool updating_ = false;
  QFormLayout* form_;
  QLineEdit* input_;
  QCheckBox* implicit_;
  QSpinBox* length_;
  QSpinBox* steps_;
  QSpinBox* block_;
  QComboBox* remasking_;
  QDoubleSpinBox* temperature_;
  QSpinBox* seed_;
  QSpinBox* maxSteps_;
  QLabel* note_;
};

}  // namespace seqscope
