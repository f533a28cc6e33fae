#include "core/scene/scene.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/scene/view_registry.h"

namespace seqscope {
namespace {

using nlohmann::json;

// Reads optional field `key` of `object` into `out`, checking its JSON type; `where` names
// the object in messages ("pane 2").
template <typename T>
void read(const json& object, const char* key, T& out, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  try {
    if constexpr (std::is_same_v<T, bool>) {
      if (!it->is_boolean()) throw Error("");
    } else if constexpr (std::is_arithmetic_v<T>) {
      if (!it->is_number()) throw Error("");
      if (std::is_integral_v<T> && !it->is_number_integer()) throw Error("");
    } else {
      if (!it->is_string()) throw Error("");
    }
    out = it->get<T>();
  } catch (const std::exception&) {
    std::string expected = std::is_same_v<T, bool>        ? "true or false"
                           : std::is_integral_v<T>        ? "an integer"
                           : std::is_arithmetic_v<T>      ? "a number"
                                                          : "a string";
    throw Error(where + ": \"" + key + "\" must be " + expected + ", not " + it->dump());
  }
}

void checkKeys(const json& object, const std::vector<std::string>& known, const std::string& where) {
  for (const auto& [key, value] : object.items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw Error(where + ": unknown key \"" + key + "\"");
}

void checkRange(double value, double lo, double hi, const char* key, const std::string& where) {
  if (!(value >= lo && value <= hi)) {
    std::ostringstream s;
    s << where << ": \"" << key << "\" is " << value << ", expected " << lo << " to " << hi;
    throw Error(s.str());
  }
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out;
}

PaneSpec readPane(const json& j, const std::string& where) {
  if (!j.is_object()) throw Error(where + ": must be an object");
  checkKeys(j, {"title", "model", "run", "view", "input", "layer", "head", "implicit_attention",
                "generation_length", "steps", "block_length", "remasking", "temperature", "seed",
                "max_steps"},
            where);
  PaneSpec p;
  read(j, "title", p.title, where);
  read(j, "model", p.model, where);
  if (p.model.empty()) throw Error(where + ": \"model\" is missing (a bundled model or a folder)");
  read(j, "run", p.run, where);
  if (!ViewRegistry::findRun(p.run))
    throw Error(where + ": unknown run \"" + p.run + "\" (known: " + joined(ViewRegistry::runNames()) + ")");
  read(j, "view", p.view, where);
  const std::vector<std::string> views = ViewRegistry::viewsFor(p.run);
  if (p.view.empty()) p.view = views.front();
  if (!contains(views, p.view))
    throw Error(where + ": the view \"" + p.view + "\" cannot show a \"" + p.run +
                "\" run (it can: " + joined(views) + ")");
  read(j, "input", p.input, where);
  read(j, "layer", p.layer, where);
  read(j, "head", p.head, where);
  read(j, "implicit_attention", p.implicitAttention, where);
  read(j, "generation_length", p.generationLength, where);
  read(j, "steps", p.steps, where);
  read(j, "block_length", p.blockLength, where);
  read(j, "remasking", p.remasking, where);
  read(j, "temperature", p.temperature, where);
  read(j, "seed", p.seed, where);
  read(j, "max_steps", p.maxSteps, where);
  checkRange(p.layer, 0, 1024, "layer", where);
  checkRange(p.head, -1, 4096, "head", where);
  checkRange(p.generationLength, 0, 4096, "generation_length", where);
  checkRange(p.steps, 0, 4096, "steps", where);
  checkRange(p.blockLength, 0, 4096, "block_length", where);
  checkRange(p.temperature, 0, 100, "temperature", where);
  checkRange(p.maxSteps, 1, 256, "max_steps", where);
  if (p.remasking != "low_confidence" && p.remasking != "random")
    throw Error(where + ": \"remasking\" must be \"low_confidence\" or \"random\", not \"" +
                p.remasking + "\"");
  return p;
}

NarrationStep readStep(const json& j, int paneCount, const std::string& where) {
  if (!j.is_object()) throw Error(where + ": must be an object");
  checkKeys(j, {"frame", "pane", "text", "pause"}, where);
  if (!j.contains("frame") || !j.contains("text"))
    throw Error(where + ": \"frame\" and \"text\" are required");
  NarrationStep s;
  read(j, "frame", s.frame, where);
  read(j, "pane", s.pane, where);
  read(j, "text", s.text, where);
  read(j, "pause", s.pause, where);
  checkRange(s.frame, 0, 1000000, "frame", where);
  checkRange(s.pane, -1, paneCount - 1, "pane", where);
  if (s.text.empty() || s.text.size() > 600)
    throw Error(where + ": \"text\" must have 1 to 600 characters, has " + std::to_string(s.text.size()));
  return s;
}

}  // namespace

int Scene::stepAt(int frame) const {
  int shown = -1;
  for (std::size_t i = 0; i < steps.size() && steps[i].frame <= frame; ++i) shown = int(i);
  return shown;
}

Scene Scene::fromJson(const std::string& text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(source + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object()) throw Error(source + ": a scene must be a JSON object");
  checkKeys(j, {"seqscope_scene", "title", "description", "input", "columns", "fps", "meters", "panes", "steps"},
            source);
  int version = 0;
  read(j, "seqscope_scene", version, source);
  if (version != kFormatVersion)
    throw Error(source + ": \"seqscope_scene\" must be " + std::to_string(kFormatVersion) +
                " (the scene format version)");
  Scene s;
  read(j, "title", s.title, source);
  read(j, "description", s.description, source);
  read(j, "input", s.input, source);
  read(j, "columns", s.columns, source);
  read(j, "fps", s.framesPerSecond, source);
  read(j, "meters", s.showMeters, source);
  checkRange(s.columns, 1, kMaxPanes, "columns", source);
  checkRange(s.framesPerSecond, 0.1, 120, "fps", source);
  const auto panes = j.find("panes");
  if (panes == j.end() || !panes->is_array() || panes->empty())
    throw Error(source + ": \"panes\" must be a list of 1 to " + std::to_string(kMaxPanes) + " panes");
  if (panes->size() > std::size_t(kMaxPanes))
    throw Error(source + ": " + std::to_string(panes->size()) + " panes; a scene has at most " +
                std::to_string(kMaxPanes));
  for (std::size_t i = 0; i < panes->size(); ++i)
    s.panes.push_back(readPane((*panes)[i], source + ", pane " + std::to_string(i + 1)));
  if (const auto steps = j.find("steps"); steps != j.end() && !steps->is_null()) {
    if (!steps->is_array()) throw Error(source + ": \"steps\" must be a list of narration steps");
    if (steps->size() > 64) throw Error(source + ": " + std::to_string(steps->size()) + " steps; at most 64");
    for (std::size_t i = 0; i < steps->size(); ++i) {
      const std::string where = source + ", step " + std::to_string(i + 1);
      s.steps.push_back(readStep((*steps)[i], int(s.panes.size()), where));
      if (i > 0 && s.steps[i].frame <= s.steps[i - 1].frame)
        throw Error(where + ": frame " + std::to_string(s.steps[i].frame) +
                    " must come after the previous step's frame " + std::to_string(s.steps[i - 1].frame));
    }
  }
  return s;
}

std::string Scene::toJson() const {
  // Every field is written, also those a pane's run ignores, so that a scene round-trips
  // exactly (tests check fromJson(toJson()) == scene).
  json list = json::array();
  for (const auto& p : panes) {
    json o{{"model", p.model}, {"run", p.run}, {"view", p.view}};
    if (!p.title.empty()) o["title"] = p.title;
    if (!p.input.empty()) o["input"] = p.input;
    o["layer"] = p.layer;
    o["head"] = p.head;
    o["implicit_attention"] = p.implicitAttention;
    o["generation_length"] = p.generationLength;
    o["steps"] = p.steps;
    o["block_length"] = p.blockLength;
    o["remasking"] = p.remasking;
    o["temperature"] = p.temperature;
    o["seed"] = p.seed;
    o["max_steps"] = p.maxSteps;
    list.push_back(std::move(o));
  }
  json j{{"seqscope_scene", kFormatVersion}, {"title", title}};
  if (!description.empty()) j["description"] = description;
  j["input"] = input;
  j["columns"] = columns;
  j["fps"] = framesPerSecond;
  j["meters"] = showMeters;
  j["panes"] = std::move(list);
  if (!steps.empty()) {
    json narration = json::array();
    for (const auto& s : steps) {
      json o{{"frame", s.frame}, {"text", s.text}};
      if (s.pane >= 0) o["pane"] = s.pane;
      if (s.pause) o["pause"] = true;
      narration.push_back(std::move(o));
    }
    j["steps"] = std::move(narration);
  }
  return j.dump(2) + "\n";
}

Scene Scene::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the scene file");
  std::ostringstream text;
  text << in.rdbuf();
  return fromJson(text.str(), path);
}

void Scene::save(const std::string& path) const { writeFileAtomically(path, toJson()); }

}  // namespace seqscope
