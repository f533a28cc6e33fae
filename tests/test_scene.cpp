// Scenes: the JSON format round-trips exactly, every built-in scene parses, and every kind
// of malformed scene is an Error naming the field.
#include <QtTest>
#include <filesystem>

#include "core/error.h"
#include "core/scene/scene.h"
#include "test_support.h"

using namespace seqscope;

class TestScene : public QObject {
  Q_OBJECT

  static Scene sample() {
    Scene s;
    s.title = "t";
    s.description = "d";
    s.input = "abc";
    s.columns = 3;
    s.framesPerSecond = 7.5;
    s.showMeters = false;
    PaneSpec a{.title = "A", .model = "mqar-attention", .run = "read", .view = "state"};
    a.layer = 1;
    a.head = 2;
    a.implicitAttention = true;
    PaneSpec b{.model = "/tmp/x", .run = "diffusion", .view = "diffusion", .input = "1+2="};
    b.steps = 8;
    b.blockLength = 4;
    b.generationLength = 8;
    b.remasking = "random";
    b.temperature = 0.5;
    b.seed = 42;
    PaneSpec c{.model = "trm", .run = "solve", .view = "refinement"};
    c.maxSteps = 9;
    s.panes = {a, b, c};
    s.steps = {{.frame = 0, .text = "first"}, {.frame = 4, .pane = 2, .text = "then", .pause = true}};
    return s;
  }

 private slots:
  void roundTrips() {
    const Scene s = sample();
    const Scene back = Scene::fromJson(s.toJson());
    QVERIFY(back == s);
    QCOMPARE(back.panes[1].seed, 42ull);
    QCOMPARE(back.panes[0].head, 2);
    // And through a file.
    const std::string path = (std::filesystem::temp_directory_path() / "seqscope_scene_rt.json").string();
    s.save(path);
    QVERIFY(Scene::load(path) == s);
    std::filesystem::remove(path);
  }

  // The narration step shown at a frame: the last one starting at or before it.
  void narrationStepAtFrame() {
    Scene s = sample();
    s.steps = {{.frame = 2, .text = "a"}, {.frame = 5, .text = "b"}, {.frame = 9, .text = "c"}};
    QCOMPARE(s.stepAt(0), -1);
    QCOMPARE(s.stepAt(2), 0);
    QCOMPARE(s.stepAt(4), 0);
    QCOMPARE(s.stepAt(5), 1);
    QCOMPARE(s.stepAt(100), 2);
    s.steps.clear();
    QCOMPARE(s.stepAt(3), -1);
  }

  void defaultsFillMissingFields() {
    const Scene s = Scene::fromJson(
        R"({"seqscope_scene": 1, "panes": [{"model": "m", "run": "solve"}]})");
    QCOMPARE(s.columns, 2);
    QCOMPARE(s.panes[0].view, std::string("refinement"));
    QCOMPARE(s.panes[0].maxSteps, 16);
  }

  void builtInScenesParse() {
    const auto dir = std::filesystem::path(testing::sourceDir()) / "resources/scenes";
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const Scene s = Scene::load(entry.path().string());
      QVERIFY(!s.title.empty());
      QVERIFY(!s.panes.empty());
      QVERIFY(Scene::fromJson(s.toJson()) == s);
      ++n;
    }
    QVERIFY(n >= 4);
  }

  void malformedScenesNameTheProblem() {
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson("{", "s.json"), "s.json", "not valid JSON");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson("[]"), "must be a JSON object");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(R"({"panes": [{"model": "m"}]})"), "seqscope_scene");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(R"({"seqscope_scene": 1, "panes": []})"), "panes");
    SEQSCOPE_EXPECT_ERROR(
        Scene::fromJson(R"({"seqscope_scene": 1, "colour": 1, "panes": [{"model": "m"}]})"),
        "unknown key \"colour\"");
    SEQSCOPE_EXPECT_ERROR(
        Scene::fromJson(R"({"seqscope_scene": 1, "panes": [{"model": "m", "run": "fly"}]})"),
        "pane 1", "unknown run \"fly\"");
    SEQSCOPE_EXPECT_ERROR(
        Scene::fromJson(R"({"seqscope_scene": 1, "panes": [{"model": "m", "run": "read", "view": "refinement"}]})"),
        "cannot show");
    SEQSCOPE_EXPECT_ERROR(
        Scene::fromJson(R"({"seqscope_scene": 1, "panes": [{"model": "m", "layer": "two"}]})"),
        "\"layer\" must be an integer");
    SEQSCOPE_EXPECT_ERROR(
        Scene::fromJson(R"({"seqscope_scene": 1, "columns": 9, "panes": [{"model": "m"}]})"),
        "\"columns\" is 9");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(R"({"seqscope_scene": 1, "panes": [{"run": "read"}]})"),
                          "\"model\" is missing");
    SEQSCOPE_EXPECT_ERROR(
        Scene::fromJson(R"({"seqscope_scene": 1, "panes": [{"model":"a"},{"model":"a"},{"model":"a"},{"model":"a"},{"model":"a"}]})"),
        "at most 4");
    // Narration steps.
    const std::string one = R"({"seqscope_scene": 1, "panes": [{"model": "m"}], "steps": )";
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"("talk"})"), "\"steps\" must be a list");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"([{"text": "x"}]})"), "step 1", "\"frame\" and \"text\" are required");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"([{"frame": 0, "text": ""}]})"), "step 1", "1 to 600 characters");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"([{"frame": 0, "text": "x", "pane": 1}]})"), "step 1", "\"pane\" is 1");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"([{"frame": -1, "text": "x"}]})"), "\"frame\" is -1");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"([{"frame": 0, "text": "x", "pause": "yes"}]})"), "\"pause\" must be true or false");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"([{"frame": 3, "text": "x"}, {"frame": 3, "text": "y"}]})"),
                          "step 2", "must come after");
    SEQSCOPE_EXPECT_ERROR(Scene::fromJson(one + R"([{"frame": 0, "text": "x", "when": 1}]})"), "unknown key \"when\"");
    SEQSCOPE_EXPECT_ERROR(Scene::load("/nonexistent/scene.json"), "/nonexistent/scene.json",
                          "cannot open");
  }

  void unwritableSceneFails() {
    SEQSCOPE_EXPECT_ERROR(sample().save("/nonexistent-dir/s.json"), "/nonexistent-dir");
  }
};

QTEST_GUILESS_MAIN(TestScene)
#include "test_scene.moc"
