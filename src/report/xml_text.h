// The policy on top of the XML library (pugixml escapes markup): what XML 1.0
// cannot carry at all is cleaned out of report text.
#pragma once

#include <string>
#include <string_view>

namespace armada::report {

// Drops control characters other than tab/newline/CR and replaces each byte
// of invalid UTF-8 with U+FFFD, because job logs and failure reasons are
// arbitrary bytes and one bad byte would make the whole report unreadable
// to CI. Markup characters are left for the XML writer to escape.
std::string XmlText(std::string_view text);

// XmlText with markup escaped (& < > " '), for the HTML and SVG the reports
// write by hand: the one escape of the HTML report and the coverage graph.
std::string HtmlText(std::string_view text);

}  // namespace armada::report
