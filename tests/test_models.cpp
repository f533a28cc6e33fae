// Whole models: checkpoints saved by Hugging Face transformers give transformers' float64
// logits within 1e-4 in both forms; Seqscope's own hybrids agree between forms.
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/models/checkpoint.h"
#include "core/util/rng.h"
#include "mixer_checks.h"
#include "test_support.h"

using namespace seqscope;
using namespace seqscope::testing;

class TestModels : public QObject {
  Q_OBJECT

 private slots:
  void huggingFaceLogits_data() {
    QTest::addColumn<QString>("fixture");
    for (const char* name : {"llama", "mistral", "mamba", "mamba2"}) QTest::newRow(name) << name;
  }

  void huggingFaceLogits() {
    QFETCH(QString, fixture);
    const std::string dir = fixtureDir(fixture.toStdString());
    const LanguageModel model = Checkpoint::load(dir);
    std::ifstream in(dir + "/expected_logits.json");
    const nlohmann::json expected = nlohmann::json::parse(in);
    QCOMPARE(expected["sequences"].size(), std::size_t(2));
    for (const auto& seq : expected["sequences"]) {
      const std::vector<int> tokens = seq["tokens"];
      const auto& rows = seq["logits"];
      QCOMPARE(rows.size(), tokens.size());
      const Mat parallel = model.forward(tokens);
      const Mat recurrent = model.forwardRecurrent(tokens);
      double errP = 0, errR = 0, largest = 0;
      for (std::size_t t = 0; t < rows.size(); ++t)
        for (std::size_t v = 0; v < rows[t].size(); ++v) {
          const double ref = rows[t][v];
          largest = std::max(largest, std::abs(ref));
          errP = std::max(errP, std::abs(double(parallel(Eigen::Index(t), Eigen::Index(v))) - ref));
          errR = std::max(errR, std::abs(double(recurrent(Eigen::Index(t), Eigen::Index(v))) - ref));
        }
      qInfo("%s, %zu tokens: max |logit| %.2f, parallel error %.2e, recurrent error %.2e",
            qPrintable(fixture), tokens.size(), largest, errP, errR);
      QVERIFY(largest > 1.0);  // the fixture is not degenerate
      QVERIFY2(errP < 1e-4, qPrintable(QString("parallel form off by %1").arg(errP)));
      QVERIFY2(errR < 1e-4, qPrintable(QString("recurrent form off by %1").arg(errR)));
    }
  }

  void hybridParallelEqualsRecurrent_data() {
    QTest::addColumn<QString>("pattern");
    for (const char* k : {"attention", "linear_attention", "retnet", "mamba", "mamba2",
                          "gated_deltanet", "gated_deltanet,gated_deltanet,gated_deltanet,attention"})
      QTest::newRow(k) << k;
  }

  void hybridParallelEqualsRecurrent() {
    QFETCH(QString, pattern);
    nlohmann::json j = {{"model_type", "seqscope"}, {"vocab_size", 50}, {"hidden_size", 32},
                        {"num_hidden_layers", 4}, {"intermediate_size", 64}};
    j["layer_types"] = nlohmann::json::array();
    for (const QString& k : pattern.split(',')) j["layer_types"].push_back(k.toStdString());
    j["attention"] = {{"num_attention_heads", 4}, {"num_key_value_heads", 2}};
    j["linear_attention"] = {{"num_heads", 2}, {"head_k_dim", 16}, {"head_v_dim", 16}};
    j["retnet"] = {{"num_heads", 2}, {"head_k_dim", 16}, {"head_v_dim", 32}};
    j["mamba"] = {{"intermediate_size", 64}, {"state_size", 8}};
    j["mamba2"] = {{"num_heads", 4}, {"head_dim", 16}, {"state_size", 8}, {"chunk_size", 16}};
    j["gated_deltanet"] = {{"num_heads", 2}, {"head_k_dim", 16}, {"head_v_dim", 16}, {"chunk_size", 16}};
    const ModelConfig config = ModelConfig::fromJson(j, "test");
    // The config survives a round trip through JSON.
    QCOMPARE(ModelConfig::fromJson(config.toJson(), "roundtrip").toJson(), config.toJson());
    LanguageModel model(config);
    ParameterList params = model.parameters();
    for (auto& p : params) p.initStd = p.initStd > 0 ? 0.15f : 0.0f;
    Rng rng(3);
    initParameters(params, rng);
    std::vector<int> tokens;
    Rng tok(5);
    for (int i = 0; i < 37; ++i) tokens.push_back(int(tok.below(50)));
    const Mat a = model.forward(tokens), b = model.forwardRecurrent(tokens);
    const double err = relativeError(a, b);
    QVERIFY2(err < 1e-5, qPrintable(QString("%1: %2").arg(pattern).arg(err)));
    QVERIFY(a.cwiseAbs().maxCoeff() > 1e-3);
  }

  void layerNamesFollowTransformers() {
    LanguageModel m = Checkpoint::load(fixtureDir("mamba"));
    std::vector<std::string> names;
    for (const auto& p : m.parameters()) names.push_back(p.name);
    QVERIFY(std::count(names.begin(), names.end(), "backbone.layers.1.mixer.A_log"));
    QVERIFY(std::count(names.begin(), names.end(), "backbone.norm_f.weight"));
    QVERIFY(!std::count(names.begin(), names.end(), "lm_head.weight"));  // tied
  }
};

QTEST_APPLESS_MAIN(TestModels)
#include "test_models.moc"
