#include "core/io/vocabulary.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/io/atomic_file.h"

namespace seqscope {
namespace {

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\\') out += "\\\\";
    else out.push_back(c);
  }
  return out;
}

}  // namespace

Vocabulary::Vocabulary(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

Vocabulary Vocabulary::loadFromModelDir(const std::string& dir) {
  const auto path = std::filesystem::path(dir) / "vocab.txt";
  std::ifstream in(path);
  if (!in) return {};
  std::vector<std::string> tokens;
  std::string line;
  while (std::getline(in, line)) tokens.push_back(unescape(line));
  return Vocabulary(std::move(tokens));
}

void Vocabulary::save(const std::string& path) const {
  std::string text;
  for (const auto& t : tokens_) text += escape(t) + "\n";
  writeFileAtomically(path, text);
}

std::string Vocabulary::label(int id) const {
  if (id >= 0 && id < size()) return tokens_[std::size_t(id)];
  return "#" + std::to_string(id);
}

bool Vocabulary::isCharacterLevel() const {
  // Single characters, plus special tokens in brackets (a diffusion model's mask "[M]"),
  // which text never spells.
  if (tokens_.empty()) return false;
  bool anyCharacter = false;
  for (const auto& t : tokens_) {
    const bool special = t.size() > 2 && t.front() == '[' && t.back() == ']';
    if (t.size() != 1 && !special) return false;
    anyCharacter = anyCharacter || t.size() == 1;
  }
  return anyCharacter;
}

std::vector<int> Vocabulary::encodeCharacters(const std::string& text) const {
  std::vector<int> ids;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int found = -1;
    for (int k = 0; k < size() && found < 0; ++k)
      if (tokens_[std::size_t(k)].size() == 1 && tokens_[std::size_t(k)][0] == text[i]) found = k;
    if (found < 0)
      throw Error("character '" + std::string(1, text[i]) + "' at position " + std::to_string(i) +
                  " is not in the model's vocabulary");
    ids.push_back(found);
  }
  return ids;
}

bool Vocabulary::isWordLevel(const std::vector<std::string>& tokens) {
  bool anyWord = false;
  for (const auto& t : tokens) {
    const bool special = t.size() > 2 && t.front() == '[' && t.back() == ']';
    if (special || t == "_") continue;
    const bool letters = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return std::isalpha((unsigned char)c); });
    const bool punctuation = t.size() == 1 && std::ispunct((unsigned char)t[0]);
    if (!letters && !punctuation) return false;
    anyWord = anyWord || (letters && t.size() > 1);
  }
  return anyWord;
}

std::vector<int> Vocabulary::encodeWords(const std::string& text) const {
  std::vector<int> ids;
  std::istringstream in(text);
  std::string chunk;
  while (in >> chunk) {
    std::size_t at = 0;
    while (at < chunk.size()) {
      int best = -1;
      std::size_t bestLength = 0;
      for (int k = 0; k < size(); ++k) {
        const std::string& t = tokens_[std::size_t(k)];
        if (t.size() > bestLength && chunk.compare(at, t.size(), t) == 0) best = k, bestLength = t.size();
      }
      if (best < 0)
        throw Error("\"" + chunk + "\" is not in the model's vocabulary of " + std::to_string(size()) + " words");
      ids.push_back(best);
      at += bestLength;
    }
  }
  return ids;
}

std::vector<int> Vocabulary::encode(const std::string& text) const {
  if (isCharacterLevel()) return encodeCharacters(text);
  if (isWordLevel()) return encodeWords(text);
  throw Error("the model's vocabulary cannot encode text (give token ids)");
}

void Vocabulary::appendToken(std::string& text, const std::string& token, bool wordLevel) {
  const bool punctuation = token.size() == 1 && std::ispunct((unsigned char)token[0]);
  if (wordLevel && !text.empty() && !punctuation) text += ' ';
  text += token;
}

std::string Vocabulary::decode(const std::vector<int>& ids) const {
  const bool words = isWordLevel();
  std::string s;
  for (int id : ids) appendToken(s, label(id), words);
  return s;
}

std::vector<int> parseTokenIds(const std::string& text) {
  std::string cleaned = text;
  for (char& c : cleaned)
    if (c == ',') c = ' ';
  std::istringstream in(cleaned);
  std::vector<int> ids;
  std::string item;
  while (in >> item) {
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || v < 0 || v > 1'000'000'000)
      throw Error("\"" + item + "\" is not a token id (expected non-negative integers)");
    ids.push_back(int(v));
  }
  if (ids.empty()) throw Error("no token ids given");
  return ids;
}

}  // namespace seqscope
