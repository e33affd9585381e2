// The runner's event pipeline on a replay: the same consumers a test feeds
// (runner/test_case.cpp: the event log, the assertions, the progress count,
// behind an EventWatcher and an EventFanout) read a finished job set from its
// start, so its rate can be set beside the bare reader's on the same log.
//
//   runner_replay HOST:PORT CASE.yaml QUEUE JOB_SET COUNT
//
// COUNT is how many messages the job set holds (the bare reader's count).
// Prints "MESSAGES SECONDS VERDICT"; VERDICT is "passed" when the case's
// expected events were all seen for every job.
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "runner/connection.h"
#include "runner/event_assertions.h"
#include "runner/event_fanout.h"
#include "runner/event_watcher.h"
#include "runner/job_progress.h"
#include "runner/job_table.h"
#include "runner/per_test_log.h"
#include "runner/timeline_recorder.h"
#include "testcase/loader.h"

using namespace armada;

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s HOST:PORT CASE.yaml QUEUE JOB_SET COUNT\n", argv[0]);
    return 2;
  }
  // As the CLI without -v: per-event lines are not shown.
  spdlog::set_level(spdlog::level::warn);
  const long long count = std::atoll(argv[5]);
  auto spec = testcase::LoadTestCase(argv[2]);
  if (!spec.ok()) {
    std::fprintf(stderr, "%s\n", spec.status().message().c_str());
    return 2;
  }
  runner::ClientConfig config;
  config.armada_url = argv[1];
  config.force_no_tls = true;
  if (const char* token = std::getenv("ARMADA_TOKEN")) config.bearer_token = token;
  runner::Connection connection(config);

  // The job ids, which a test has from its submission: read untimed.
  std::vector<std::string> job_ids;
  {
    auto context = connection.NewContext();
    api::JobSetRequest request;
    request.set_queue(argv[3]);
    request.set_id(argv[4]);
    auto reader = connection.events().GetJobSetEvents(context.get(), request);
    api::EventStreamMessage message;
    while (reader->Read(&message)) {
      if (message.message().has_submitted()) {
        job_ids.push_back(message.message().submitted().job_id());
      }
    }
    reader->Finish();
  }

  auto expected = runner::ExpectedEvents::Compile(
      {spec->expected_events().begin(), spec->expected_events().end()});
  if (!expected.ok()) {
    std::fprintf(stderr, "%s\n", expected.status().message().c_str());
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  runner::TestLog log(spec->name());
  runner::JobTable jobs(job_ids);
  runner::TimelineRecorder event_log(log, jobs);
  runner::EventAssertions assertions(std::move(*expected), jobs);
  runner::JobProgress progress(jobs);
  runner::EventFanout fanout;
  fanout.Subscribe(&event_log);
  fanout.Subscribe(&assertions);
  fanout.Subscribe(&progress);
  std::mutex mu;
  long long received = 0;
  runner::EventWatcher watcher(connection, argv[3], argv[4], log);
  const Status watched = watcher.Run([&](const api::EventStreamMessage& message) {
    std::lock_guard<std::mutex> lock(mu);
    fanout.Publish(message.message(), std::chrono::system_clock::now());
    if (++received == count) watcher.Stop();
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!watched.ok()) {
    std::fprintf(stderr, "%s\n", watched.message().c_str());
    return 1;
  }
  const bool passed = !assertions.failed() && assertions.complete();
  std::printf("%lld %.6f %s\n", received, seconds, passed ? "passed" : "failed");
  return 0;
}
