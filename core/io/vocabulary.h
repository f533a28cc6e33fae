#pragma once
// The token strings of a model, from the optional vocab.txt in its directory (one token per
// line, line k = token id k; "\n" and "\\" are written escaped). Without vocab.txt tokens are
// shown as their ids. A vocabulary whose tokens are all single characters can encode text
// character by character, which is what the demo and task models use.
#include <optional>
#include <string>
#include <vector>

namespace seqscope {

class Vocabulary {
 public:
  Vocabulary() = default;
  explicit Vocabulary(std::vector<std::string> tokens);

  // Reads DIR/vocab.txt if present; an empty vocabulary otherwise.
  static Vocabulary loadFromModelDir(const std::string& dir);
  void save(const std::string& path) const;

  bool empty() const { return tokens_.empty(); }
  int size() const { return int(tokens_.size()); }
  // Display string of a token: its text, or "#id" when unknown.
  std::string label(int id) const;
  bool isCharacterLevel() const;
  // Whole words of letters, plus single punctuation marks and special tokens (the word-level
  // English task): text is words separated by spaces, with no space before punctuation.
  bool isWordLevel() const { return isWordLevel(tokens_); }
  static bool isWordLevel(const std::vector<std::string>& tokens);
  // Encodes text one character per token; throws Error naming the first unknown character.
  std::vector<int> encodeCharacters(const std::string& text) const;
  // Encodes text word by word (each space-separated chunk by its longest known prefixes, so
  // "runs." is "runs" and "."); throws Error naming the first unknown word.
  std::vector<int> encodeWords(const std::string& text) const;
  // encodeCharacters or encodeWords, as the vocabulary is; Error when it is neither.
  std::vector<int> encode(const std::string& text) const;
  // The tokens as text: characters joined, words with spaces (none before punctuation).
  std::string decode(const std::vector<int>& ids) const;
  // Appends `token` to `text` as decode() would join it.
  static void appendToken(std::string& text, const std::string& token, bool wordLevel);

 private:
  std::vector<std::string> tokens_;
};

// Parses "1 2 3" (spaces or commas) into ids; throws Error naming the bad item.
std::vector<int> parseTokenIds(const std::string& text);

}  // namespace seqscope
