#include "common/bounded_yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "common/read_file.h"

namespace armada {
namespace {

// Thrown by the counting handler to stop the parser at the first limit.
struct Refusal {
  YAML::Mark mark;
  std::string message;
};

YamlError ErrorAt(const YAML::Mark& mark, std::string message) {
  // yaml-cpp's marks are 0-based, and -1 when it has none.
  return YamlError{mark.line >= 0 ? mark.line + 1 : 1, mark.column >= 0 ? mark.column + 1 : 1,
                   std::move(message)};
}

class CountingHandler final : public YAML::EventHandler {
 public:
  CountingHandler(std::string_view text, const YamlLimits& limits) : text_(text), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp starts a new, empty document at the same place when it cannot
    // get past a token (a lone `,` or `]` at the top), forever.
    if (documents_ > 0 && mark.pos == last_document_pos_) {
      const char ch =
          mark.pos >= 0 && static_cast<size_t>(mark.pos) < text_.size() ? text_[mark.pos] : '?';
      throw Refusal{mark, std::string("YAML syntax error: unexpected '") + ch + "'"};
    }
    last_document_pos_ = mark.pos;
    if (++documents_ > limits_.max_documents) {
      throw Refusal{mark, "more than " + std::to_string(limits_.max_documents) +
                              " YAML document(s) in one file"};
    }
    anchors_.clear();
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { Leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    Leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw Refusal{mark, "an alias inside the node it refers to (a cycle)"};
    }
    Add(mark, it->second);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Open_ {
    YAML::anchor_t anchor;
    size_t nodes_before;
  };

  void Add(const YAML::Mark& mark, size_t count) {
    if (count > limits_.max_nodes - nodes_) {
      throw Refusal{mark, "more than " + std::to_string(limits_.max_nodes) +
                              " YAML nodes (counting what aliases repeat)"};
    }
    nodes_ += count;
  }
  void Leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    Add(mark, 1);
    if (anchor != YAML::NullAnchor) anchors_[anchor] = 1;
  }
  void Open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    Add(mark, 1);
    if (open_.size() >= limits_.max_depth) {
      throw Refusal{mark,
                    "YAML nested more than " + std::to_string(limits_.max_depth) + " levels deep"};
    }
    open_.push_back({anchor, nodes_ - 1});
  }
  void Close() {
    const Open_ done = open_.back();
    open_.pop_back();
    if (done.anchor != YAML::NullAnchor) anchors_[done.anchor] = nodes_ - done.nodes_before;
  }

  std::string_view text_;
  const YamlLimits& limits_;
  size_t documents_ = 0;
  int last_document_pos_ = -1;
  size_t nodes_ = 0;
  std::vector<Open_> open_;
  // Nodes under each finished anchor of the current document.
  std::map<YAML::anchor_t, size_t> anchors_;
};

ParsedYaml Refused(YamlError error) {
  ParsedYaml out;
  out.error = std::move(error);
  return out;
}

}  // namespace

ParsedYaml ParseYaml(std::string_view text, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Refused({1, 1,
                    std::to_string(text.size()) + " bytes, more than the " +
                        std::to_string(limits.max_bytes) + " allowed"});
  }
  // yaml-cpp's scanner reads a whole flow collection ahead, holding every
  // token, before it hands on the first event: a 1 MB `[1,1,...]` costs
  // seconds and hundreds of megabytes before any count below could stop it.
  // Each ',', '[' or '{' may start a node, so more of them than nodes allowed
  // means too many nodes, wherever they are (even quoted).
  size_t marks = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if ((ch == ',' || ch == '[' || ch == '{') && ++marks > limits.max_nodes) {
      YAML::Mark mark;
      mark.line = static_cast<int>(std::count(text.begin(), text.begin() + i, '\n'));
      const size_t line_start = text.rfind('\n', i);
      mark.column = static_cast<int>(line_start == std::string_view::npos ? i : i - line_start - 1);
      return Refused(ErrorAt(mark, "more than " + std::to_string(limits.max_nodes) +
                                       " of ',', '[' and '{' (each may start a YAML node)"));
    }
  }
  const std::string owned(text);
  try {
    std::istringstream in(owned);
    YAML::Parser parser(in);
    CountingHandler counter(text, limits);
    while (parser.HandleNextDocument(counter)) {
    }
    ParsedYaml out;
    // Within every limit, so the loader's own loop ends and its nodes are few.
    out.documents = YAML::LoadAll(owned);
    return out;
  } catch (const Refusal& r) {
    return Refused(ErrorAt(r.mark, r.message));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this is "bad file".
    return Refused(ErrorAt(e.mark, "YAML nested too deeply to parse"));
  } catch (const YAML::Exception& e) {
    return Refused(ErrorAt(e.mark, "YAML syntax error: " + e.msg));
  } catch (const std::bad_alloc&) {
    return Refused({1, 1, "out of memory while parsing YAML"});
  }
}

StatusOr<std::vector<YAML::Node>> ReadYamlFile(const std::string& path, const YamlLimits& limits) {
  StatusOr<std::string> text = ReadFileToString(path, limits.max_bytes);
  if (!text.ok()) return text.status();
  ParsedYaml parsed = ParseYaml(*text, limits);
  if (parsed.error) {
    return Status::Error(path + ":" + std::to_string(parsed.error->line) + ":" +
                         std::to_string(parsed.error->column) + ": " + parsed.error->message);
  }
  return std::move(parsed.documents);
}

}  // namespace armada
