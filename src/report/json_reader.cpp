#include "report/json_reader.h"

#include <time.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "api/event_names.h"
#include "common/read_file.h"

namespace armada::report {
namespace {

using nlohmann::json;

// A report that does not hold what it should: thrown inside the reader,
// caught once at its entry.
struct Malformed {
  std::string where, what;
};

const json& Field(const json& object, const std::string& key, const std::string& where) {
  if (!object.is_object()) throw Malformed{where, "is not an object"};
  const auto it = object.find(key);
  if (it == object.end()) throw Malformed{where + "." + key, "is missing"};
  return *it;
}

std::string Text(const json& object, const std::string& key, const std::string& where) {
  const json& value = Field(object, key, where);
  if (!value.is_string()) throw Malformed{where + "." + key, "is not a string"};
  return value.get<std::string>();
}

// A string that the report writes as null when unknown.
std::string TextOrNull(const json& object, const std::string& key, const std::string& where) {
  const json& value = Field(object, key, where);
  return value.is_null() ? std::string() : Text(object, key, where);
}

double Number(const json& object, const std::string& key, const std::string& where) {
  const json& value = Field(object, key, where);
  if (!value.is_number()) throw Malformed{where + "." + key, "is not a number"};
  return value.get<double>();
}

bool Boolean(const json& object, const std::string& key, const std::string& where) {
  const json& value = Field(object, key, where);
  if (!value.is_boolean()) throw Malformed{where + "." + key, "is not true or false"};
  return value.get<bool>();
}

const json& Array(const json& object, const std::string& key, const std::string& where) {
  const json& value = Field(object, key, where);
  if (!value.is_array()) throw Malformed{where + "." + key, "is not a list"};
  return value;
}

// FormatWallTime's "2026-11-30T14:52:58.123Z" as microseconds.
int64_t Micros(const std::string& text, const std::string& where) {
  struct tm t = {};
  int millis = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &t.tm_year, &t.tm_mon, &t.tm_mday,
                  &t.tm_hour, &t.tm_min, &t.tm_sec, &millis, &consumed) != 7 ||
      static_cast<size_t>(consumed) != text.size()) {
    throw Malformed{where, "\"" + text + "\" is not a time like 2026-11-30T14:52:58.123Z"};
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&t)) * 1000000 + millis * 1000;
}

Outcome OutcomeOf(const json& object, const std::string& key, const std::string& where) {
  const std::string name = Text(object, key, where);
  if (auto outcome = OutcomeNamed(name)) return *outcome;
  throw Malformed{where + "." + key, "\"" + name + "\" is not an outcome"};
}

JobTimeline JobOf(const json& in, const std::string& where) {
  JobTimeline job;
  job.job_id = Text(in, "jobId", where);
  const std::string submitted = TextOrNull(in, "submittedAt", where);
  if (!submitted.empty()) job.submitted_us = Micros(submitted, where + ".submittedAt");
  const std::string end = TextOrNull(in, "end", where);
  if (in.contains("logTail")) job.log_tail = Text(in, "logTail", where);
  const json& events = Array(in, "events", where);
  bool ended = false;
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string at = where + ".events[" + std::to_string(i) + "]";
    const std::string name = Text(events[i], "event", at);
    const EventKind* kind = FindEventKind(name);
    if (kind == nullptr) throw Malformed{at + ".event", "\"" + name + "\" is not an event"};
    const bool terminal = !ended && name == end;
    ended |= terminal;
    job.Add(static_cast<uint8_t>(kind - EventKinds().data()),
            FromMicros(Micros(Text(events[i], "at", at), at + ".at")), terminal,
            events[i].contains("detail") ? Text(events[i], "detail", at) : std::string());
  }
  return job;
}

TestResult TestOf(const json& in, const std::string& where) {
  TestResult r;
  r.name = Text(in, "name", where);
  r.file = Text(in, "file", where);
  r.queue = Text(in, "queue", where);
  r.job_set_id = Text(in, "jobSetId", where);
  r.outcome = OutcomeOf(in, "result", where);
  r.elapsed_seconds = Number(in, "time", where);
  r.message = Text(in, "failure", where);
  r.timed_out = Boolean(in, "timedOut", where);
  r.log = Text(in, "log", where);
  const std::string started = TextOrNull(in, "startedAt", where);
  if (!started.empty()) r.started_at = FromMicros(Micros(started, where + ".startedAt"));
  const json& jobs = Array(in, "jobs", where);
  std::vector<JobTimeline> timelines;
  for (size_t i = 0; i < jobs.size(); ++i) {
    timelines.push_back(JobOf(jobs[i], where + ".jobs[" + std::to_string(i) + "]"));
  }
  r.jobs = std::move(timelines);
  if (in.contains("failedAttempts")) {
    const json& attempts = Array(in, "failedAttempts", where);
    for (size_t i = 0; i < attempts.size(); ++i) {
      const std::string at = where + ".failedAttempts[" + std::to_string(i) + "]";
      FailedAttempt a;
      a.outcome = OutcomeOf(attempts[i], "result", at);
      a.message = Text(attempts[i], "failure", at);
      a.job_set_id = Text(attempts[i], "jobSetId", at);
      a.elapsed_seconds = Number(attempts[i], "time", at);
      a.timed_out = Boolean(attempts[i], "timedOut", at);
      a.log = Text(attempts[i], "log", at);
      r.failed_attempts.push_back(std::move(a));
    }
  }
  return r;
}

}  // namespace

std::optional<Outcome> OutcomeNamed(const std::string& name) {
  for (int i = 0; i < kOutcomeCount; ++i) {
    const Outcome outcome = static_cast<Outcome>(i);
    if (name == InfoOf(outcome).name) return outcome;
  }
  return std::nullopt;
}

StatusOr<JsonReport> ParseJsonReport(const std::string& text, const std::string& path) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return Status::Error(path + ": not a JSON report: " + e.what());
  }
  try {
    JsonReport report;
    report.total_seconds = Number(doc, "time", "");
    const json& results = Array(doc, "results", "");
    for (size_t i = 0; i < results.size(); ++i) {
      report.results.push_back(TestOf(results[i], "results[" + std::to_string(i) + "]"));
    }
    return report;
  } catch (const Malformed& e) {
    std::string where = e.where.rfind('.', 0) == 0 ? e.where.substr(1) : e.where;
    return Status::Error(path + ": not an armada-testsuite JSON report: " +
                         (where.empty() ? "the document" : where) + " " + e.what);
  }
}

StatusOr<JsonReport> ReadJsonReport(const std::string& path) {
  // A report of a 100 000-job run is some 100 MiB; a file far past that is
  // not one of ours.
  constexpr size_t kMaxBytes = size_t{2} << 30;
  auto text = ReadFileToString(path, kMaxBytes);
  if (!text.ok()) return Status::Error("cannot read JSON report: " + text.status().message());
  return ParseJsonReport(*text, path);
}

}  // namespace armada::report
