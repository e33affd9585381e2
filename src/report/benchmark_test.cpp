#include "report/benchmark.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

using testing::SampleJob;
using testing::SampleStart;

TEST(BenchmarkTest, StatsAreExactOverASortedCopy) {
  std::vector<int64_t> samples;
  for (int64_t v = 100; v >= 1; --v) samples.push_back(v);  // 100..1, unsorted
  const DurationStats s = ComputeStats(samples);
  EXPECT_EQ(s.count, 100u);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.max, 100);
  EXPECT_EQ(s.p50, 50);
  EXPECT_EQ(s.p90, 90);
  EXPECT_EQ(s.p99, 99);
  EXPECT_DOUBLE_EQ(s.average, 50.5);
  // Sample variance (n-1), as Armada's model: sum((v-50.5)^2)/99.
  EXPECT_NEAR(s.variance, 841.6666666, 1e-6);
  EXPECT_NEAR(s.standard_deviation, 29.011491975882, 1e-9);
}

TEST(BenchmarkTest, OneSampleHasNoVarianceAndIsEveryPercentile) {
  std::vector<int64_t> one = {7};
  const DurationStats s = ComputeStats(one);
  EXPECT_EQ(s.p50, 7);
  EXPECT_EQ(s.p99, 7);
  EXPECT_EQ(s.variance, 0);
}

TEST(BenchmarkTest, TimesFromSubmissionAndBetweenStatesPerTestAndOverall) {
  const WallTime t0 = SampleStart();
  TestResult a;
  a.name = "a";
  a.jobs = {SampleJob("j1", t0,
                      {{"submitted", 10},
                       {"queued", 20},
                       {"leased", 40},
                       {"pending", 50},
                       {"running", 80},
                       {"succeeded", 180}})};
  TestResult b;
  b.name = "b";
  // Not run: the terminal state is its failed event, and there is no running.
  b.jobs = {SampleJob("j2", t0, {{"submitted", 5}, {"queued", 6}, {"failed", 30, "x"}})};
  const auto doc = nlohmann::json::parse(RenderBenchmarkJson({a, b}));
  EXPECT_EQ(doc["unit"], "ns");
  EXPECT_EQ(doc["statistics"]["submitted"]["count"], 2);
  EXPECT_EQ(doc["statistics"]["submitted"]["min"], 5'000'000);
  EXPECT_EQ(doc["statistics"]["submitted"]["max"], 10'000'000);
  EXPECT_EQ(doc["statistics"]["terminal"]["max"], 180'000'000);
  EXPECT_EQ(doc["statistics"]["running"]["count"], 1);
  EXPECT_EQ(doc["intervals"]["running->terminal"]["min"], 100'000'000);
  EXPECT_EQ(doc["intervals"]["submitted->queued"]["count"], 2);
  EXPECT_FALSE(doc["intervals"].contains("queued->leased") &&
               doc["intervals"]["queued->leased"]["count"] != 1);
  ASSERT_EQ(doc["subreports"].size(), 2u);
  EXPECT_EQ(doc["subreports"][1]["name"], "b");
  EXPECT_FALSE(doc["subreports"][1]["statistics"].contains("running"));
  EXPECT_EQ(doc["subreports"][1]["statistics"]["terminal"]["p50"], 30'000'000);

  std::ostringstream table;
  PrintBenchmarkTable(table, {a, b});
  EXPECT_NE(table.str().find("running->terminal          1     100.0"), std::string::npos)
      << table.str();
}

TEST(BenchmarkTest, UnwritablePathIsAnError) {
  const Status s = WriteBenchmark({}, "/nonexistent-dir/bench.json");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("benchmark report"), std::string::npos);
}

}  // namespace
}  // namespace armada::report
