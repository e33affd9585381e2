// Results for the report tests: one model, built as the runner builds it
// (JobTimeline::Add with event kinds from api/event_names.h).
#pragma once

#include <chrono>
#include <initializer_list>
#include <string>
#include <utility>

#include "api/event_names.h"
#include "report/result.h"

namespace armada::report::testing {

struct SampleEvent {
  const char* name;  // camel, e.g. "leased"
  int offset_ms;     // after the job's submission
  std::string detail = "";
};

// A job submitted at t0 showing events at the given offsets; terminal as the
// event table says (a failed event counts as terminal here); with the last
// lines of its log when given.
inline JobTimeline SampleJob(const std::string& id, WallTime t0,
                             std::initializer_list<SampleEvent> events, std::string log_tail = "") {
  JobTimeline job;
  job.job_id = id;
  job.log_tail = std::move(log_tail);
  job.submitted_us = ToMicros(t0);
  for (const SampleEvent& e : events) {
    const EventKind* kind = FindEventKind(e.name);
    job.Add(static_cast<uint8_t>(kind - EventKinds().data()),
            t0 + std::chrono::milliseconds(e.offset_ms), kind->terminal, e.detail);
  }
  return job;
}

// A fixed start, so rendered times are reproducible.
inline WallTime SampleStart() { return FromMicros(1764514378000000); }

}  // namespace armada::report::testing
