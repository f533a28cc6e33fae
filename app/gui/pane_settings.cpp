#include "app/gui/pane_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <utility>

#include "core/scene/view_registry.h"

namespace seqscope {
namespace {

// A spin box whose 0 reads "auto" (the run's default) and that reports a typed value once,
// on Enter or when it loses focus, not at every keystroke (each change re-runs the pane).
QSpinBox* autoSpin(QWidget* parent, int max, const QString& tip) {
  auto* box = new QSpinBox(parent);
  box->setRange(0, max);
  box->setSpecialValueText(QObject::tr("auto"));
  box->setKeyboardTracking(false);
  box->setToolTip(tip);
  return box;
}

}  // namespace

PaneSettings::PaneSettings(QWidget* parent) : QWidget(parent) {
  form_ = new QFormLayout(this);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  input_ = new QLineEdit(this);
  input_->setPlaceholderText(tr("the scene's input"));
  input_->setToolTip(tr("This pane's own input (prompt, token ids or puzzle); empty: the scene's"));
  input_->setMinimumWidth(260);
  implicit_ = new QCheckBox(tr("show the implicit attention instead of the state"), this);
  implicit_->setToolTip(tr("The attention matrix the layer's recurrence is equivalent to"));
  length_ = autoSpin(this, 4096, tr("Answer slots to generate; auto: what the model was trained for"));
  steps_ = autoSpin(this, 4096, tr("Diffusion steps (network evaluations); auto: one per token. "
                                   "Fitted to a multiple of the number of blocks."));
  block_ = autoSpin(this, 4096, tr("Diffusion block length (blocks are filled left to right); "
                                   "auto: one block. Fitted to a divisor of the generation length."));
  remasking_ = new QComboBox(this);
  remasking_->addItem(tr("most confident first"), QStringLiteral("low_confidence"));
  remasking_->addItem(tr("random"), QStringLiteral("random"));
  remasking_->setToolTip(tr("Which masked slots a diffusion step commits"));
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setRange(0, 5);
  temperature_->setSingleStep(0.1);
  temperature_->setDecimals(2);
  temperature_->setKeyboardTracking(false);
  temperature_->setSpecialValueText(tr("0 (greedy)"));
  temperature_->setToolTip(tr("Sampling temperature; 0 takes the most likely token"));
  seed_ = new QSpinBox(this);
  seed_->setRange(0, 1'000'000);
  seed_->setKeyboardTracking(false);
  seed_->setToolTip(tr("Seed of the sampling noise and of random remasking"));
  maxSteps_ = new QSpinBox(this);
  maxSteps_->setRange(1, 64);
  maxSteps_->setKeyboardTracking(false);
  maxSteps_->setToolTip(tr("Supervision steps at most (the TRM may halt earlier)"));
  note_ = new QLabel(this);
  note_->setWordWrap(true);
  note_->setTextFormat(Qt::PlainText);

  form_->addRow(tr("&Input:"), input_);
  form_->addRow(implicit_);
  form_->addRow(tr("Generation &length:"), length_);
  form_->addRow(tr("&Steps:"), steps_);
  form_->addRow(tr("&Block length:"), block_);
  form_->addRow(tr("&Remasking:"), remasking_);
  form_->addRow(tr("&Temperature:"), temperature_);
  form_->addRow(tr("S&eed:"), seed_);
  form_->addRow(tr("&Max steps:"), maxSteps_);
  form_->addRow(note_);

  connect(input_, &QLineEdit::editingFinished, this, &PaneSettings::apply);
  connect(implicit_, &QCheckBox::toggled, this, &PaneSettings::apply);
  for (QSpinBox* box : {length_, steps_, block_, seed_, maxSteps_})
    connect(box, &QSpinBox::valueChanged, this, &PaneSettings::apply);
  connect(temperature_, &QDoubleSpinBox::valueChanged, this, &PaneSettings::apply);
  connect(remasking_, &QComboBox::activated, this, &PaneSettings::apply);
}

void PaneSettings::setSpec(const PaneSpec& spec) {
  updating_ = true;
  spec_ = spec;
  const unsigned controls = ViewRegistry::controls(spec);
  input_->setText(QString::fromStdString(spec.input));
  implicit_->setChecked(spec.implicitAttention);
  length_->setValue(spec.generationLength);
  steps_->setValue(spec.steps);
  block_->setValue(spec.blockLength);
  remasking_->setCurrentIndex(std::max(0, remasking_->findData(QString::fromStdString(spec.remasking))));
  temperature_->setValue(spec.temperature);
  seed_->setValue(int(std::min<unsigned long long>(spec.seed, 1'000'000)));
  maxSteps_->setValue(spec.maxSteps);
  const std::pair<QWidget*, unsigned> rows[] = {
      {implicit_, kControlImplicitAttention}, {length_, kControlGenerationLength}, {steps_, kControlSteps},
      {block_, kControlBlockLength},          {remasking_, kControlRemasking},    {temperature_, kControlTemperature},
      {seed_, kControlSeed},                  {maxSteps_, kControlMaxSteps}};
  for (const auto& [row, control] : rows) form_->setRowVisible(row, (controls & control) != 0);
  const RunInfo* run = ViewRegistry::findRun(spec.run);
  note_->setText(run ? QString::fromStdString(run->note) : QString());
  note_->setVisible(!note_->text().isEmpty());
  updating_ = false;
}

void PaneSettings::apply() {
  if (updating_) return;
  PaneSpec s = spec_;
  s.input = input_->text().toStdString();
  s.implicitAttention = implicit_->isChecked();
  s.generationLength = length_->value();
  s.steps = steps_->value();
  s.blockLength = block_->value();
  s.remasking = remasking_->currentData().toString().toStdString();
  s.temperature = temperature_->value();
  s.seed = (unsigned long long)seed_->value();
  s.maxSteps = maxSteps_->value();
  if (s == spec_) return;
  spec_ = s;
  emit edited(s);
}

}  // namespace seqscope
