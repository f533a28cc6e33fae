// The contract every registered mixer keeps, run over MixerRegistry::entries(): a mixer is
// tested the day its folder registers, with nothing to add here. For each kind, at its --arch
// preset in two shapes:
//  - the parallel form equals the recurrent form at lengths that are and are not multiples of
//    the chunk size, and forward()'s final state continues decoding like the recurrent one;
//  - the implicit attention reproduces the output;
//  - the cost model's state bytes equal the bytes the state holds;
//  - a one-layer model of it survives save -> load with the same logits, and its config
//    section survives write -> read -> write;
//  - bad values in its config section give an Error naming the section and the key.
// And the listings: `info --json`, `train --help`, the bench and the config reader name
// exactly the registered kinds. (Gradients: test_mixer_contract_grad, in double.)
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "core/bench/mixer_bench.h"
#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/io/model_config.h"
#include "core/mixers/mixer_registry.h"
#include "core/models/language_model.h"
#include "core/train/arch_presets.h"
#include "mixer_checks.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

const MixerSizing kShapes[] = {{32, 2, 8, true}, {48, 4, 16, true}};

std::unique_ptr<Mixer> makeFromPreset(const MixerEntry& e, const MixerSizing& s, std::uint64_t seed) {
  auto m = e.make(*e.preset(s));
  initMixer(*m, seed);
  return m;
}

QString where(const MixerEntry& e, const MixerSizing& s) {
  return QStringLiteral("%1 (d_model %2, %3 heads, state %4)")
      .arg(QString::fromStdString(e.kind))
      .arg(s.dModel)
      .arg(s.heads)
      .arg(s.stateSize);
}

// A one-layer Seqscope model of `kind` through the same path as `train --arch kind`.
ModelConfig oneLayerModel(const std::string& kind) {
  ArchOptions o;
  o.dModel = 32;
  o.heads = 2;
  o.stateSize = 8;
  o.layers = 1;
  return makeArchConfig(kind, o, 13, 16);
}

}  // namespace

class TestMixerContract : public QObject {
  Q_OBJECT

 private slots:
  void registryHasTheMixers() {
    const auto& entries = MixerRegistry::entries();
    QVERIFY(entries.size() >= 6);
    for (std::size_t i = 0; i + 1 < entries.size(); ++i) QVERIFY(entries[i].order <= entries[i + 1].order);
    for (const MixerEntry& e : entries) {
      QVERIFY2(e.make && e.preset && e.readSection && e.writeSection, e.kind.c_str());
      QVERIFY2(!e.notation.name.empty() && !e.notation.formula.empty(), e.kind.c_str());
      QVERIFY2(!e.hasBidirectionalForm || e.isBidirectional, e.kind.c_str());
      QCOMPARE(e.make(*e.preset({})).get()->kind(), e.kind);
    }
    QVERIFY_THROWS_EXCEPTION(Error, MixerRegistry::at("no_such_mixer"));
  }

  void parallelEqualsRecurrent() {
    for (const MixerEntry& e : MixerRegistry::entries())
      for (const MixerSizing& s : kShapes) {
        const auto m = makeFromPreset(e, s, 11);
        for (Eigen::Index T : {1, 7, 33, 65, 130}) {
          checkParallelEqualsRecurrent(*m, T, std::uint64_t(100 + T));
          if (QTest::currentTestFailed()) qWarning("%s T=%d", qPrintable(where(e, s)), int(T));
        }
      }
  }

  void implicitAttentionReproducesOutput() {
    for (const MixerEntry& e : MixerRegistry::entries())
      for (const MixerSizing& s : kShapes) {
        const auto m = makeFromPreset(e, s, 12);
        for (Eigen::Index T : {1, 9, 40}) {
          checkImplicitAttention(*m, T, std::uint64_t(200 + T));
          if (QTest::currentTestFailed()) qWarning("%s T=%d", qPrintable(where(e, s)), int(T));
        }
      }
  }

  void costModelStateBytesAreHeld() {
    for (const MixerEntry& e : MixerRegistry::entries())
      for (const MixerSizing& s : kShapes) {
        const auto m = makeFromPreset(e, s, 13);
        for (Eigen::Index T : {1, 17, 70}) {
          checkStateBytes(*m, T, std::uint64_t(300 + T));
          if (QTest::currentTestFailed()) qWarning("%s T=%d", qPrintable(where(e, s)), int(T));
        }
        // The state's growth is what the entry says: a KV cache grows, a recurrent state not.
        const MixerCost c1 = m->cost(10), c2 = m->cost(20);
        QVERIFY2((c2.stateBytes > c1.stateBytes) == e.stateGrowsWithTokens, qPrintable(where(e, s)));
      }
  }

  void saveLoadRoundTrip() {
    for (const MixerEntry& e : MixerRegistry::entries()) {
      LanguageModel model(oneLayerModel(e.kind));
      Rng rng(5);
      ParameterList params = model.parameters();
      initParameters(params, rng);
      QTemporaryDir dir;
      QVERIFY(dir.isValid());
      Checkpoint::save(model, dir.path().toStdString());
      const LanguageModel loaded = Checkpoint::load(dir.path().toStdString());
      QCOMPARE(loaded.config().layerMixers, std::vector<std::string>{e.kind});
      const std::vector<int> tokens{1, 4, 2, 8, 5, 7, 3};
      const double err = relativeError(model.forward(tokens), loaded.forward(tokens));
      QVERIFY2(err == 0, qPrintable(QStringLiteral("%1: logits differ by %2 after save and load")
                                        .arg(QString::fromStdString(e.kind)).arg(err)));
      // The section written is the section read back.
      const nlohmann::json section = e.writeSection(model.config().mixerConfig(e.kind));
      const auto reread = e.readSection(JsonReader(section, "test"), 32);
      QCOMPARE(e.writeSection(*reread).dump(), section.dump());
    }
  }

  void badConfigValuesAreNamed() {
    for (const MixerEntry& e : MixerRegistry::entries()) {
      const nlohmann::json good = oneLayerModel(e.kind).toJson();
      QVERIFY(good.contains(e.kind));
      // Each key of the section, in turn, given a string: the error names the section and key.
      for (const auto& [key, value] : good[e.kind].items()) {
        nlohmann::json bad = good;
        bad[e.kind][key] = "not a number";
        try {
          ModelConfig::fromJson(bad, "config.json");
          QFAIL(qPrintable(QStringLiteral("%1.%2 = \"not a number\" was accepted")
                               .arg(QString::fromStdString(e.kind), QString::fromStdString(key))));
        } catch (const Error& err) {
          const std::string msg = err.what();
          QVERIFY2(msg.find("config.json (" + e.kind + ")") != std::string::npos && msg.find(key) != std::string::npos,
                   msg.c_str());
        }
      }
      nlohmann::json missing = good;
      missing.erase(e.kind);
      QVERIFY_THROWS_EXCEPTION(Error, ModelConfig::fromJson(missing, "config.json"));
    }
  }

  void listingsNameExactlyTheRegisteredKinds() {
    const std::vector<std::string> kinds = MixerRegistry::kinds();
    // The config reader: an unknown kind's error lists the known ones.
    nlohmann::json j = oneLayerModel(kinds.front()).toJson();
    j["layer_types"] = {"no_such_mixer"};
    try {
      ModelConfig::fromJson(j, "config.json");
      QFAIL("an unknown mixer kind was accepted");
    } catch (const Error& err) {
      QVERIFY2(std::string(err.what()).find("(known: " + MixerRegistry::kindList() + ")") != std::string::npos,
               err.what());
    }
    // info --json
    const CliResult info = runSeqscope({"info", "--json"});
    QCOMPARE(info.exitCode, 0);
    QCOMPARE(nlohmann::json::parse(info.out.toStdString())["mixers"].get<std::vector<std::string>>(), kinds);
    // train --help names every kind (and the aliases) in one list
    const CliResult help = runSeqscope({"train", "--help"});
    QCOMPARE(help.exitCode, 0);
    const QString text = QString::fromUtf8(help.out).simplified();
    QVERIFY2(text.contains(QString::fromStdString("Architecture: " + knownArchList())), qPrintable(text));
    // bench (what `seqscope bench` runs) measures each kind, and its config has each section
    BenchOptions o;
    o.lengths = {8};
    o.minSecondsPerMeasurement = 0;
    o.decodeSteps = 1;
    std::vector<std::string> benched;
    for (const BenchRow& row : MixerBench::run(o)) benched.push_back(row.mixer);
    QCOMPARE(benched, kinds);
    for (const std::string& k : kinds) QVERIFY2(MixerBench::benchConfig().toJson().contains(k), k.c_str());
  }
};

QTEST_GUILESS_MAIN(TestMixerContract)
#include "test_mixer_contract.moc"
