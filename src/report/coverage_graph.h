// The state graph of Armada's job lifecycle (api/job_lifecycle.h) as an
// inline SVG, laid out and drawn in process by Graphviz's library (libgvc,
// its dot layout and core SVG renderer linked in, no external process and no
// plugin configuration read at run time).
//
// Contract: one node per state (<g class="node">), one edge per transition
// of the table (informational events as loops) as <g id="tN" class="edge
// taken"> or <g id="tN" class="edge untaken">, N the transition's index in
// the table; taken edges solid green, untaken dashed grey. The SVG holds no
// link, script or reference outside itself. On a Graphviz failure the
// result is a <p class="coverage-graph-error"> naming it, never a crash.
#pragma once

#include <string>

#include "report/coverage.h"

namespace armada::report {

std::string LifecycleGraphSvg(const Coverage& coverage);

}  // namespace armada::report
