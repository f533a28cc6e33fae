// The cost model against what the code really holds and against hand-computed counts.
#include <QtTest>

#include "core/cost/model_cost.h"
#include "core/models/checkpoint.h"
#include "core/mixers/mixer_registry.h"
#include "test_support.h"

using namespace seqscope;
using namespace seqscope::testing;

class TestCostModel : public QObject {
  Q_OBJECT

 private slots:
  void stateBytesEqualDecodeState_data() {
    QTest::addColumn<QString>("fixture");
    for (const char* name : {"llama", "mistral", "mamba", "mamba2"}) QTest::newRow(name) << name;
  }

  // After T tokens the model's recurrent state holds exactly what the cost model says.
  void stateBytesEqualDecodeState() {
    QFETCH(QString, fixture);
    LanguageModel model = Checkpoint::load(fixtureDir(fixture.toStdString()));
    for (int T : {1, 15, 16, 17, 40}) {
      auto state = model.newState();
      for (int t = 0; t < T; ++t) model.step(state, t % 50);
      QCOMPARE(state.bytes(), CostModel::of(model, T).stateBytes);
    }
  }

  // Llama fixture by hand: d=32, 4 heads of 8, 2 KV heads, MLP 48, vocab 61, 2 layers.
  void llamaByHand() {
    LanguageModel model = Checkpoint::load(fixtureDir("llama"));
    const ModelCost c = CostModel::of(model, 10);
    const double proj = 2.0 * 32 * (32 + 16 + 16) + 2.0 * 32 * 32;  // q,k,v,o per token
    const double mlp = 2.0 * 3 * 32 * 48;
    const double head = 2.0 * 32 * 61;
    // Decode token 10 attends to 10 keys: QK and PV, 2 FLOPs each per head-dim element.
    const double attnDecode = 4.0 * 8 * 4 * 10;
    QCOMPARE(c.decodeFlopsPerToken, 2 * (proj + attnDecode + mlp) + head);
    // Prefill: token t sees t+1 keys, sum over t of (t+1) = 55.
    const double attnPrefill = 4.0 * 8 * 4 * 55;
    QCOMPARE(c.prefillFlops, 2 * (10 * proj + attnPrefill + 10 * mlp) + 10 * head);
    QCOMPARE(c.stateBytes, std::size_t(2 * 10 * 2 * 2 * 8 * 4));  // layers*T*(K,V)*kv*hd*4
    QCOMPARE(c.weightBytes, model.parameterCount() * 4);
  }

  // Attention's KV bytes grow with T; every recurrent mixer's state does not; a sliding
  // window caps attention's.
  void scalingShapes() {
    LanguageModel llama = Checkpoint::load(fixtureDir("llama"));
    LanguageModel mistral = Checkpoint::load(fixtureDir("mistral"));
    LanguageModel mamba = Checkpoint::load(fixtureDir("mamba"));
    QCOMPARE(CostModel::of(llama, 2000).stateBytes, 2 * CostModel::of(llama, 1000).stateBytes);
    QCOMPARE(CostModel::of(mistral, 2000).stateBytes, CostModel::of(mistral, 16).stateBytes);
    QCOMPARE(CostModel::of(mamba, 2000).stateBytes, CostModel::of(mamba, 1).stateBytes);
    // Prefill: attention superlinear, Mamba linear in T.
    const double a1 = CostModel::of(llama, 1000).prefillFlops, a2 = CostModel::of(llama, 4000).prefillFlops;
    const double m1 = CostModel::of(mamba, 1000).prefillFlops, m2 = CostModel::of(mamba, 4000).prefillFlops;
    QVERIFY(a2 / a1 > 4.5);
    QVERIFY(std::abs(m2 / m1 - 4.0) < 1e-9);
  }
};

QTEST_APPLESS_MAIN(TestCostModel)
#include "test_cost_model.moc"
