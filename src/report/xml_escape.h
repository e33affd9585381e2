// Text made safe for an XML 1.0 attribute or element body.
#pragma once

#include <string>
#include <string_view>

namespace armada::report {

// Escapes markup characters and drops what XML 1.0 cannot carry at all
// (control characters other than tab/newline/CR, invalid UTF-8), because job
// logs and failure reasons are arbitrary bytes and one bad byte would make
// the whole report unreadable to CI.
std::string XmlEscape(std::string_view text);

}  // namespace armada::report
