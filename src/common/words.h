// A list in words, for messages: "a", "a and b", "a, b and c".
#pragma once

#include <string>
#include <vector>

namespace armada {

std::string ListInWords(const std::vector<std::string>& items);

}  // namespace armada
