#include "report/coverage_graph.h"

#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

#include "api/event_names.h"

// The plugins linked in (libgvplugin_dot_layout, libgvplugin_core): the
// context gets exactly these, so no config6a is read and no other plugin
// (pango's text layout, with fontconfig's caches) is loaded.
extern "C" {
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
}

namespace armada::report {
namespace {

std::string EventCamel(api::EventMessage::EventsCase event) {
  for (const EventKind& kind : EventKinds()) {
    if (kind.oneof_case == event) return std::string(kind.camel);
  }
  return "?";
}

std::string Dot(const Coverage& coverage) {
  std::string dot =
      "digraph lifecycle {\n"
      "  rankdir=LR; bgcolor=\"transparent\";\n"
      "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f6f6f6\", "
      "fontname=\"Helvetica\", fontsize=11];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9];\n"
      "  start [shape=point, width=0.15];\n";
  for (size_t i = 1; i < lifecycle::kJobStateCount; ++i) {
    const auto state = static_cast<lifecycle::JobState>(i);
    const std::string name(lifecycle::StateName(state));
    std::string label = name;
    if (state == lifecycle::JobState::kReturned) label = "returned run\\n(requeued)";
    dot += "  " + name + " [id=\"state-" + name + "\", class=\"state\", label=\"" + label + "\"" +
           (lifecycle::IsEnded(state) ? ", peripheries=2" : "") + "];\n";
  }
  const auto& rows = coverage.rows();
  for (size_t i = 0; i < rows.size(); ++i) {
    const lifecycle::Transition& t = *rows[i].transition;
    const bool taken = !rows[i].tests.empty();
    std::string label = EventCamel(t.event);
    if (t.retryable) label += " (retryable)";
    dot += "  " + std::string(lifecycle::StateName(t.from)) + " -> " +
           std::string(lifecycle::StateName(t.to)) + " [id=\"t" + std::to_string(i) +
           "\", class=\"" + (taken ? "taken" : "untaken") + "\", label=\"" + label + "\", " +
           (taken ? "color=\"#2ca02c\", fontcolor=\"#1b6e1b\", penwidth=2"
                  : "color=\"#9a9a9a\", fontcolor=\"#777777\", style=dashed") +
           "];\n";
  }
  return dot + "}\n";
}

std::string Failure(const std::string& what) {
  return "<p class=\"coverage-graph-error\">the state graph could not be drawn: " + what + "</p>";
}

}  // namespace

std::string LifecycleGraphSvg(const Coverage& coverage) {
  static const lt_symlist_t kPlugins[] = {
      {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
      {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
      {nullptr, nullptr}};
  // Graphviz keeps global state (its error reporting, the cgraph
  // dictionaries): one drawing at a time.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContextPlugins(kPlugins, 0), gvFreeContext);
  if (gvc == nullptr) return Failure("no Graphviz context");
  std::string dot = Dot(coverage);
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
  if (graph == nullptr) return Failure("Graphviz did not read the graph");
  if (gvLayout(gvc.get(), graph.get(), "dot") != 0) return Failure("the dot layout failed");
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(gvc.get(), graph.get(), "svg", &data, &length);
  std::string svg = rendered == 0 && data != nullptr ? std::string(data, length) : std::string();
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), graph.get());
  if (svg.empty()) return Failure("the SVG renderer failed");
  // Inline in HTML: no XML declaration, doctype or comments before <svg.
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) return Failure("the SVG renderer wrote no <svg>");
  return "<div class=\"coverage-graph\">" + svg.substr(start) + "</div>";
}

}  // namespace armada::report
