#include "report/failed_details.h"

namespace armada::report {
namespace {

std::string Trim(std::string_view text) {
  const size_t start = text.find_first_not_of(' ');
  if (start == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(' ');
  return std::string(text.substr(start, end - start + 1));
}

// The value after `key ` up to the next ", " (or the end).
std::string After(std::string_view rest, std::string_view key) {
  const size_t at = rest.find(key);
  if (at == std::string_view::npos) return "";
  const size_t start = at + key.size();
  const size_t end = rest.find(", ", start);
  return Trim(rest.substr(start, end == std::string_view::npos ? end : end - start));
}

}  // namespace

FailedDetails ParseFailedDetails(std::string_view detail) {
  FailedDetails out;
  std::string_view rest = detail;
  constexpr std::string_view kReason = "reason \"";
  if (rest.substr(0, kReason.size()) == kReason) {
    const size_t last = rest.rfind('"');
    if (last >= kReason.size()) {
      out.reason = std::string(rest.substr(kReason.size(), last - kReason.size()));
      rest = rest.substr(last + 1);
    }
  }
  constexpr std::string_view kCategories = "categories [";
  if (const size_t at = rest.find(kCategories); at != std::string_view::npos) {
    const size_t start = at + kCategories.size();
    const size_t end = rest.find(']', start);
    const std::string_view list =
        rest.substr(start, end == std::string_view::npos ? end : end - start);
    size_t pos = 0;
    while (pos <= list.size()) {
      size_t comma = list.find(',', pos);
      if (comma == std::string_view::npos) comma = list.size();
      std::string item = Trim(list.substr(pos, comma - pos));
      if (!item.empty()) out.categories.push_back(std::move(item));
      pos = comma + 1;
    }
    if (end != std::string_view::npos) rest = rest.substr(end + 1);
  }
  out.failure_category = After(rest, "failureCategory ");
  out.failure_subcategory = After(rest, "failureSubcategory ");
  out.retryable =
      rest == "retryable" || (rest.size() >= 11 && rest.substr(rest.size() - 11) == ", retryable");
  return out;
}

}  // namespace armada::report
