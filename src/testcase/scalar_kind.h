// How a YAML scalar is typed, as Armada's loader (go-yaml v2, YAML 1.1)
// types it, and how a node is named in an error message.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace armada::testcase {

// What a scalar is: quoting makes a string; a plain scalar is typed by its
// text.
enum class Kind { kNull, kBool, kInt, kFloat, kString };

// The kind of a scalar node (a null node is kNull). Integers follow
// ParseYamlInteger, so `012` and `0x1A` are kInt.
Kind KindOf(const YAML::Node& node);

// Whether text is one of YAML 1.1's spellings of true (true, yes, on, ...).
bool IsTrue(const std::string& text);

// Every plain scalar read as a boolean: YAML 1.1's spellings of true and
// false (true, yes, on, false, no, off, ... in three cases).
const std::vector<std::string>& BooleanWords();

// The node as an error names it: "a list", "the number 3", "the string
// \"x\"" (cut short when long), "nothing".
std::string Describe(const YAML::Node& node);

}  // namespace armada::testcase
