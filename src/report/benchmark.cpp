#include "report/benchmark.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "report/file_output.h"

namespace armada::report {
namespace {

using nlohmann::json;

constexpr size_t kStates = 6;  // submitted, queued, leased, pending, running, terminal

// Samples in nanoseconds: [0, kStates) from submission to each state, then
// [kStates, 2*kStates-1) for the intervals between consecutive states.
struct Samples {
  std::vector<int64_t> of[2 * kStates - 1];
};

void AddJob(const JobTimeline& job, Samples& samples) {
  if (job.events.empty()) return;
  int64_t reached[kStates];
  bool has[kStates] = {false, false, false, false, false, false};
  const std::vector<std::string>& states = BenchmarkStates();
  for (size_t i = 0; i < job.events.size(); ++i) {
    const std::string_view name = job.EventName(i);
    size_t state = kStates;
    if (job.events[i].terminal) {
      state = kStates - 1;
    } else {
      for (size_t s = 0; s + 1 < kStates; ++s) {
        if (states[s] == name) state = s;
      }
    }
    if (state < kStates && !has[state]) {
      has[state] = true;
      reached[state] = job.events[i].at_us;
    }
  }
  const int64_t origin = job.submitted_us != 0 ? job.submitted_us : job.events.front().at_us;
  for (size_t s = 0; s < kStates; ++s) {
    if (has[s]) samples.of[s].push_back((reached[s] - origin) * 1000);
  }
  for (size_t s = 0; s + 1 < kStates; ++s) {
    if (has[s] && has[s + 1])
      samples.of[kStates + s].push_back((reached[s + 1] - reached[s]) * 1000);
  }
}

json StatsJson(const DurationStats& s) {
  return {
      {"count", s.count},     {"min", s.min},           {"max", s.max},
      {"average", s.average}, {"variance", s.variance}, {"standardDeviation", s.standard_deviation},
      {"p50", s.p50},         {"p90", s.p90},           {"p99", s.p99}};
}

// Fills "statistics" and "intervals" of report from samples (sorted on the way).
void AddStats(Samples& samples, json& report) {
  json statistics = json::object(), intervals = json::object();
  for (size_t s = 0; s < kStates; ++s) {
    if (!samples.of[s].empty())
      statistics[BenchmarkStates()[s]] = StatsJson(ComputeStats(samples.of[s]));
  }
  for (size_t s = 0; s + 1 < kStates; ++s) {
    auto& of = samples.of[kStates + s];
    if (!of.empty()) intervals[BenchmarkIntervals()[s]] = StatsJson(ComputeStats(of));
  }
  report["statistics"] = std::move(statistics);
  report["intervals"] = std::move(intervals);
}

int64_t Percentile(const std::vector<int64_t>& sorted, int p) {
  const size_t rank = (sorted.size() * p + 99) / 100;  // ceil(n*p/100), at least 1
  return sorted[std::max<size_t>(rank, 1) - 1];
}

std::string Ms(double ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", ns / 1e6);
  return buf;
}

void PrintTable(std::ostream& out, const std::string& title, Samples& samples) {
  out << "\n" << title << " (ms from submission; intervals between states)\n";
  char line[200];
  std::snprintf(line, sizeof line, "%-20s %7s %9s %9s %9s %9s %9s %9s\n",
                "State:", "Count:", "Min:", "p50:", "p90:", "p99:", "Max:", "Average:");
  out << line;
  for (size_t s = 0; s < 2 * kStates - 1; ++s) {
    if (samples.of[s].empty()) continue;
    const DurationStats st = ComputeStats(samples.of[s]);
    const std::string& name =
        s < kStates ? BenchmarkStates()[s] : BenchmarkIntervals()[s - kStates];
    std::snprintf(line, sizeof line, "%-20s %7zu %9s %9s %9s %9s %9s %9s\n", name.c_str(), st.count,
                  Ms(st.min).c_str(), Ms(st.p50).c_str(), Ms(st.p90).c_str(), Ms(st.p99).c_str(),
                  Ms(st.max).c_str(), Ms(st.average).c_str());
    out << line;
  }
}

}  // namespace

DurationStats ComputeStats(std::vector<int64_t>& samples) {
  std::sort(samples.begin(), samples.end());
  DurationStats s;
  s.count = samples.size();
  s.min = samples.front();
  s.max = samples.back();
  double sum = 0;
  for (int64_t v : samples) sum += static_cast<double>(v);
  s.average = sum / static_cast<double>(s.count);
  if (s.count > 1) {
    double squares = 0;
    for (int64_t v : samples) squares += (v - s.average) * (v - s.average);
    s.variance = squares / static_cast<double>(s.count - 1);
  }
  s.standard_deviation = std::sqrt(s.variance);
  s.p50 = Percentile(samples, 50);
  s.p90 = Percentile(samples, 90);
  s.p99 = Percentile(samples, 99);
  return s;
}

const std::vector<std::string>& BenchmarkStates() {
  static const std::vector<std::string> states = {"submitted", "queued",  "leased",
                                                  "pending",   "running", "terminal"};
  return states;
}

const std::vector<std::string>& BenchmarkIntervals() {
  static const std::vector<std::string> intervals = [] {
    std::vector<std::string> out;
    for (size_t s = 0; s + 1 < kStates; ++s) {
      out.push_back(BenchmarkStates()[s] + "->" + BenchmarkStates()[s + 1]);
    }
    return out;
  }();
  return intervals;
}

std::string RenderBenchmarkJson(const std::vector<TestResult>& results) {
  Samples all;
  json subreports = json::array();
  for (const TestResult& r : results) {
    Samples test;
    for (const JobTimeline& job : r.jobs) {
      AddJob(job, test);
      AddJob(job, all);
    }
    json sub = {{"name", r.name}};
    AddStats(test, sub);
    subreports.push_back(std::move(sub));
  }
  json doc = {{"unit", "ns"}};
  AddStats(all, doc);
  doc["subreports"] = std::move(subreports);
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Status WriteBenchmark(const std::vector<TestResult>& results, const std::string& path) {
  return WriteWhole(path, RenderBenchmarkJson(results), "benchmark report");
}

void PrintBenchmarkTable(std::ostream& out, const std::vector<TestResult>& results) {
  Samples all;
  for (const TestResult& r : results) {
    for (const JobTimeline& job : r.jobs) AddJob(job, all);
  }
  out << "\n======= BENCHMARK =======";
  PrintTable(out, "All tests", all);
  for (const TestResult& r : results) {
    if (r.jobs.empty()) continue;
    Samples test;
    for (const JobTimeline& job : r.jobs) AddJob(job, test);
    PrintTable(out, r.name, test);
  }
}

}  // namespace armada::report
