#pragma once
// Helpers for tests that work with files: the source tree, scratch folders, raw bytes.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace seqscope::testing {

inline std::string sourceDir() {
  const QByteArray env = qgetenv("SEQSCOPE_SOURCE_DIR");
  return env.isEmpty() ? std::string(SEQSCOPE_SOURCE_DIR) : env.toStdString();
}

inline std::string fixtureDir(const std::string& name) {
  return sourceDir() + "/tests/fixtures/hf/" + name;
}

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

// Copies a fixture model directory into a fresh scratch folder under `root`.
inline std::string copyFixture(const std::string& name, const std::string& root) {
  namespace fs = std::filesystem;
  const fs::path dst = fs::path(root) / name;
  fs::create_directories(dst);
  for (const char* f : {"config.json", "model.safetensors"})
    fs::copy_file(fs::path(fixtureDir(name)) / f, dst / f, fs::copy_options::overwrite_existing);
  return dst.string();
}

// Asserts that fn throws seqscope::Error whose message contains every fragment.
#define SEQSCOPE_EXPECT_ERROR(expr, ...)                                                        \
  do {                                                                                          \
    bool thrown_ = false;                                                                       \
    try {                                                                                       \
      (void)(expr);                                                                             \
    } catch (const seqscope::Error& e_) {                                                       \
      thrown_ = true;                                                                           \
      const std::string msg_ = e_.what();                                                       \
      for (const std::string frag_ : {__VA_ARGS__})                                             \
        QVERIFY2(msg_.find(frag_) != std::string::npos,                                         \
                 qPrintable(QString("message \"%1\" lacks \"%2\"")                              \
                                .arg(QString::fromStdString(msg_), QString::fromStdString(frag_)))); \
    }                                                                                           \
    QVERIFY2(thrown_, "expected seqscope::Error from " #expr);                                  \
  } while (0)

}  // namespace seqscope::testing
