// Whole-model gradients (embedding, norms, every mixer kind in one stack, SwiGLU MLPs,
// residuals, head) against central finite differences in double precision.
#include <QtTest>

#include "core/io/model_config.h"
#include "core/models/language_model.h"
#include "core/train/loss.h"
#include "grad_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

class TestModelGrad : public QObject {
  Q_OBJECT

  static LanguageModel stack(bool tied) {
    nlohmann::json j = {{"model_type", "seqscope"}, {"vocab_size", 11}, {"hidden_size", 8},
                        {"num_hidden_layers", 6}, {"intermediate_size", 12}, {"tie_word_embeddings", tied}};
    j["layer_types"] = {"attention", "linear_attention", "retnet", "mamba", "mamba2", "gated_deltanet"};
    j["attention"] = {{"num_attention_heads", 2}, {"num_key_value_heads", 1}};
    j["linear_attention"] = {{"num_heads", 2}, {"head_k_dim", 3}, {"head_v_dim", 4}};
    j["retnet"] = {{"num_heads", 2}, {"head_k_dim", 4}, {"head_v_dim", 4}};
    j["mamba"] = {{"intermediate_size", 12}, {"state_size", 3}, {"time_step_rank", 2}};
    j["mamba2"] = {{"num_heads", 2}, {"head_dim", 4}, {"state_size", 3}, {"chunk_size", 4}};
    j["gated_deltanet"] = {{"num_heads", 2}, {"head_k_dim", 3}, {"head_v_dim", 4}, {"chunk_size", 4}};
    LanguageModel m(ModelConfig::fromJson(j, "test"));
    ParameterList params = m.parameters();
    Rng rng(21);
    for (auto& p : params)
      for (Eigen::Index i = 0; i < p.value->size(); ++i)
        p.value->data()[i] = p.initStd > 0 ? Real(0.4 * rng.normal()) : Real(p.initValue + 0.2 * rng.normal());
    return m;
  }

  static void check(LanguageModel& model) {
    const std::vector<int> tokens{3, 1, 4, 1, 5, 9, 2, 6, 5};
    const Mat R = randomLike(Eigen::Index(tokens.size()), model.config().vocabSize, 5);
    auto loss = [&] { return double(model.forward(tokens).cwiseProduct(R).sum()); };
    Gradients grads;
    model.backward(tokens, R, grads);
    double worst = 0;
    std::string where;
    for (const Parameter& p : model.parameters()) {
      const Mat* g = grads.find(*p.value);
      QVERIFY2(g, qPrintable(QString::fromStdString("no gradient for " + p.name)));
      const Eigen::Index step = std::max<Eigen::Index>(1, p.value->size() / 5);
      for (Eigen::Index i = 0; i < p.value->size(); i += step) {
        Real& slot = p.value->data()[i];
        const Real saved = slot;
        const double h = 1e-6;
        slot = saved + h;
        const double up = loss();
        slot = saved - h;
        const double down = loss();
        slot = saved;
        const double err = gradError(g->data()[i], (up - down) / (2 * h));
        if (err > worst) {
          worst = err;
          where = p.name;
        }
      }
    }
    qInfo("worst relative gradient error %.2e (%s)", worst, where.c_str());
    QVERIFY2(worst < 1e-5, qPrintable(QString("worst %1 at %2").arg(worst).arg(QString::fromStdString(where))));
  }

 private slots:
  void everyMixerInOneStack() {
    LanguageModel m = stack(false);
    check(m);
  }
  void tiedEmbeddings() {
    LanguageModel m = stack(true);
    check(m);
  }
  // The training loss's gradient: softmax - onehot, scaled, on scored rows only.
  void crossEntropyGradient() {
    const Mat logits = randomLike(4, 5, 8);
    const std::vector<int> targets{2, -1, 0, 4};
    Mat d;
    const LossResult r = crossEntropy(logits, targets, &d, 0.5);
    QCOMPARE(r.scored, 3);
    QCOMPARE(double(d.row(1).cwiseAbs().sum()), 0.0);
    for (Eigen::Index t : {0, 2, 3})
      for (Eigen::Index v = 0; v < 5; ++v) {
        Mat up = logits, down = logits;
        up(t, v) += 1e-6;
        down(t, v) -= 1e-6;
        const double num = 0.5 * (crossEntropy(up, targets).loss - crossEntropy(down, targets).loss) / 2e-6;
        QVERIFY(gradError(d(t, v), num) < 1e-6);
      }
  }
};

QTEST_APPLESS_MAIN(TestModelGrad)
#include "test_model_grad.moc"
