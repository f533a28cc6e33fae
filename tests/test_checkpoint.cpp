// Safetensors, config.json and checkpoint loading: round trips, and every way a file can be
// wrong gives an Error that names the file and the problem.
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/models/checkpoint.h"
#include "core/io/safetensors.h"
#include "core/io/vocabulary.h"
#include "test_support.h"

using namespace seqscope;
using namespace seqscope::testing;

namespace {

// Rewrites the header of a safetensors file through `edit`, keeping the data bytes.
void editHeader(const std::string& path, const std::function<void(nlohmann::json&)>& edit) {
  const std::string bytes = readBytes(path);
  std::uint64_t len = 0;
  for (int i = 7; i >= 0; --i) len = (len << 8) | std::uint8_t(bytes[std::size_t(i)]);
  nlohmann::json header = nlohmann::json::parse(bytes.substr(8, len));
  edit(header);
  const std::string text = header.dump();
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(char((std::uint64_t(text.size()) >> (8 * i)) & 0xff));
  out += text;
  out += bytes.substr(8 + len);
  writeBytes(path, out);
}

}  // namespace

class TestCheckpoint : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::string root() const { return tmp_.path().toStdString(); }

 private slots:
  void roundTripDtypes() {
    TensorMap in;
    TensorData a;
    a.shape = {2, 3};
    a.values = {0.5f, -1.25f, 3.0f, 1.0f / 3.0f, 65504.0f, -0.0f};
    in["a"] = a;
    TensorData b;
    b.shape = {4};
    b.values = {1e-3f, 2.0f, -7.5f, 100.0f};
    in["b.weight"] = b;
    for (DType d : {DType::F32, DType::F16, DType::BF16}) {
      const std::string path = root() + "/rt_" + dtypeName(d) + ".safetensors";
      Safetensors::write(path, in, d);
      const TensorMap out = Safetensors::read(path);
      QCOMPARE(out.size(), std::size_t(2));
      QCOMPARE(out.at("a").shape, (Shape{2, 3}));
      QCOMPARE(out.at("a").storedAs, d);
      // Exactly representable values survive every dtype; 1/3 within the dtype's precision.
      QCOMPARE(out.at("a").values[0], 0.5f);
      QCOMPARE(out.at("a").values[1], -1.25f);
      const double tol = d == DType::F32 ? 1e-7 : d == DType::F16 ? 1e-3 : 4e-3;  // half an ulp each
      QVERIFY(std::abs(out.at("a").values[3] - 1.0 / 3.0) <= tol * (1.0 / 3.0) + 1e-9);
      QVERIFY(std::abs(out.at("b.weight").values[3] - 100.0) <= tol * 100.0);
    }
    // F16 and BF16 round to nearest: 1 + 2^-11 is a tie in F16 and rounds to even (1.0).
    TensorMap tie;
    TensorData t;
    t.shape = {1};
    t.values = {1.0f + 1.0f / 2048.0f};
    tie["t"] = t;
    Safetensors::write(root() + "/tie.safetensors", tie, DType::F16);
    QCOMPARE(Safetensors::read(root() + "/tie.safetensors").at("t").values[0], 1.0f);
  }

  void writeIsAtomic() {
    TensorMap in;
    TensorData a;
    a.shape = {1};
    a.values = {1};
    in["a"] = a;
    SEQSCOPE_EXPECT_ERROR(Safetensors::write(root() + "/no/such/folder/x.safetensors", in, DType::F32),
                          "no/such/folder", "does not exist");
    QVERIFY(!std::filesystem::exists(root() + "/no"));
    const std::string dir = root() + "/atomic";
    std::filesystem::create_directories(dir);
    Safetensors::write(dir + "/x.safetensors", in, DType::F32);
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
    QCOMPARE(files, 1);  // no temporary left behind
  }

  void truncatedFile() {
    const std::string dir = copyFixture("llama", root() + "/trunc");
    const std::string f = dir + "/model.safetensors";
    const std::string bytes = readBytes(f);
    writeBytes(f, bytes.substr(0, bytes.size() - 100));
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.safetensors", "truncated");
    writeBytes(f, bytes.substr(0, 5));
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.safetensors", "truncated");
  }

  void headerLengthPastEnd() {
    const std::string dir = copyFixture("llama", root() + "/hdr");
    const std::string f = dir + "/model.safetensors";
    std::string bytes = readBytes(f);
    bytes[6] = char(0x7f);  // an absurd header length
    writeBytes(f, bytes);
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.safetensors", "past the end of the file");
  }

  void malformedHeaderJson() {
    const std::string dir = copyFixture("llama", root() + "/hjson");
    const std::string f = dir + "/model.safetensors";
    std::string bytes = readBytes(f);
    bytes[8] = '[';
    bytes[9] = '{';
    writeBytes(f, bytes);
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.safetensors", "JSON");
  }

  void unknownDtype() {
    const std::string dir = copyFixture("llama", root() + "/dtype");
    editHeader(dir + "/model.safetensors",
               [](nlohmann::json& h) { h["model.norm.weight"]["dtype"] = "F8_E4M3"; });
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.safetensors", "model.norm.weight",
                          "unsupported dtype", "F8_E4M3");
  }

  void offsetsNotMatchingShape() {
    const std::string dir = copyFixture("llama", root() + "/offs");
    editHeader(dir + "/model.safetensors",
               [](nlohmann::json& h) { h["model.norm.weight"]["shape"] = {33}; });
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.norm.weight", "do not match shape");
  }

  void missingTensor() {
    const std::string dir = copyFixture("llama", root() + "/missing");
    editHeader(dir + "/model.safetensors",
               [](nlohmann::json& h) { h.erase("model.layers.1.mlp.up_proj.weight"); });
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.safetensors", "missing tensor",
                          "model.layers.1.mlp.up_proj.weight", "[48, 32]");
  }

  void extraTensor() {
    const std::string dir = copyFixture("llama", root() + "/extra");
    editHeader(dir + "/model.safetensors", [](nlohmann::json& h) {
      h["model.layers.7.self_attn.q_proj.weight"] = h["model.norm.weight"];
    });
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.safetensors", "unexpected tensor",
                          "model.layers.7.self_attn.q_proj.weight");
  }

  void wrongShape() {
    const std::string dir = copyFixture("llama", root() + "/shape");
    // Same element count, different shape: passes the offsets check, fails the model's.
    editHeader(dir + "/model.safetensors", [](nlohmann::json& h) {
      h["model.layers.0.self_attn.q_proj.weight"]["shape"] = {16, 64};
    });
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "model.layers.0.self_attn.q_proj.weight",
                          "has shape [16, 64]", "[32, 32]");
  }

  void malformedConfig() {
    const std::string dir = copyFixture("llama", root() + "/badcfg");
    writeBytes(dir + "/config.json", "{ \"model_type\": \"llama\", ");
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "config.json", "malformed JSON");
    writeBytes(dir + "/config.json", "{\"model_type\": \"llama\", \"vocab_size\": 61}");
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "config.json", "missing key", "hidden_size");
    writeBytes(dir + "/config.json",
               "{\"model_type\": \"llama\", \"vocab_size\": \"many\", \"hidden_size\": 32}");
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "config.json", "vocab_size", "integer");
  }

  void unknownModelType() {
    const std::string dir = copyFixture("llama", root() + "/mtype");
    writeBytes(dir + "/config.json", "{\"model_type\": \"gpt_neox_unknown\", \"vocab_size\": 61}");
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "config.json", "unknown model_type",
                          "gpt_neox_unknown");
  }

  void unreadableDirectory() {
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(root() + "/does-not-exist"), "does-not-exist",
                          "not a model directory");
    const std::string dir = root() + "/empty";
    std::filesystem::create_directories(dir);
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(dir), "config.json", "cannot open");
    const std::string noWeights = copyFixture("llama", root() + "/noweights");
    std::filesystem::remove(noWeights + "/model.safetensors");
    SEQSCOPE_EXPECT_ERROR(Checkpoint::load(noWeights), "model.safetensors", "no such file");
  }

  void tokenOutOfRange() {
    const LanguageModel m = Checkpoint::load(fixtureDir("llama"));
    SEQSCOPE_EXPECT_ERROR(m.forward({1, 2, 61}), "token id 61", "position 2", "61 tokens");
    SEQSCOPE_EXPECT_ERROR(m.forwardRecurrent({-1}), "token id -1");
    SEQSCOPE_EXPECT_ERROR(parseTokenIds("1 2 x3"), "\"x3\"");
  }

  void saveAndReload() {
    LanguageModel m = Checkpoint::load(fixtureDir("mamba2"));
    const std::string dir = root() + "/resaved";
    for (DType d : {DType::F32, DType::BF16}) {
      Checkpoint::save(m, dir, d);
      const LanguageModel again = Checkpoint::load(dir);
      const std::vector<int> tokens{3, 1, 4, 1, 5, 9, 2, 6};
      const Mat a = m.forward(tokens), b = again.forward(tokens);
      const double err = (a - b).cwiseAbs().maxCoeff();
      if (d == DType::F32) QCOMPARE(err, 0.0);
      else QVERIFY2(err < 0.5 && err > 0, qPrintable(QString("bf16 error %1").arg(err)));
    }
  }

  void vocabularyRoundTrip() {
    const Vocabulary v({"a", "b", " ", "\n", "\\"});
    v.save(root() + "/vocab.txt");
    const Vocabulary w = Vocabulary::loadFromModelDir(root());
    QCOMPARE(w.size(), 5);
    QCOMPARE(w.label(3), std::string("\n"));
    QCOMPARE(w.label(4), std::string("\\"));
    QVERIFY(w.isCharacterLevel());
    QCOMPARE(w.encodeCharacters("ab \\"), (std::vector<int>{0, 1, 2, 4}));
    SEQSCOPE_EXPECT_ERROR(w.encodeCharacters("abc"), "'c'", "position 2");
  }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
