#include "testcase/scalar_kind.h"

#include <cctype>
#include <initializer_list>
#include <string_view>

#include "testcase/yaml_integer.h"

namespace armada::testcase {
namespace {

constexpr std::initializer_list<const char*> kTrueWords = {"true", "True", "TRUE", "yes", "Yes",
                                                           "YES",  "on",   "On",   "ON"};
constexpr std::initializer_list<const char*> kFalseWords = {"false", "False", "FALSE", "no", "No",
                                                            "NO",    "off",   "Off",   "OFF"};

bool IsOneOf(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* word : words) {
    if (text == word) return true;
  }
  return false;
}

bool IsFalse(const std::string& text) { return IsOneOf(text, kFalseWords); }

bool IsFloatText(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN") {
    return true;
  }
  size_t i = 0;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (i == s.size()) return false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  return i == s.size();
}

}  // namespace

bool IsTrue(const std::string& text) { return IsOneOf(text, kTrueWords); }

const std::vector<std::string>& BooleanWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> all(kTrueWords.begin(), kTrueWords.end());
    all.insert(all.end(), kFalseWords.begin(), kFalseWords.end());
    return all;
  }();
  return words;
}

Kind KindOf(const YAML::Node& node) {
  if (node.IsNull()) return Kind::kNull;
  // "!" marks a quoted scalar; an explicit !!str tag also forces a string.
  if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return Kind::kString;
  const std::string& text = node.Scalar();
  if (IsOneOf(text, {"", "~", "null", "Null", "NULL"})) return Kind::kNull;
  if (IsTrue(text) || IsFalse(text)) return Kind::kBool;
  if (ParseYamlInteger(text)) return Kind::kInt;
  if (IsFloatText(text)) return Kind::kFloat;
  return Kind::kString;
}

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  switch (KindOf(node)) {
    case Kind::kNull:
      return "nothing";
    case Kind::kBool:
      return "the boolean " + node.Scalar();
    case Kind::kInt:
    case Kind::kFloat:
      return "the number " + node.Scalar();
    case Kind::kString:
      break;
  }
  // A long string (a whole file read as one scalar, say) is cut short so the
  // error stays one readable line.
  constexpr size_t kShown = 60;
  std::string text = node.Scalar();
  if (text.size() > kShown) {
    size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "...";
  }
  return "the string \"" + text + "\"";
}

}  // namespace armada::testcase
