#include "runner/run_test_case.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "api/pod_spec_of.h"
#include "runner/action_trigger.h"
#include "runner/actions.h"
#include "runner/duplicate_events.h"
#include "runner/event_assertions.h"
#include "runner/event_facts.h"
#include "runner/event_fanout.h"
#include "runner/ingress_check.h"
#include "runner/lifecycle_check.h"
#include "runner/per_test_log.h"
#include "runner/queue_lifecycle.h"
#include "runner/submitter.h"
#include "runner/timeline_recorder.h"
#include "testcase/runnable.h"

namespace armada::runner {
namespace {

using Clock = std::chrono::steady_clock;

// Cleanup on an exception's way out: a second exception (another bad_alloc)
// must not replace the first, which names what went wrong.
template <typename F>
void Quietly(F&& cleanup) noexcept {
  try {
    cleanup();
  } catch (...) {
  }
}

class TestRun {
 public:
  TestRun(const api::TestSpec& spec, const Connection& connection, const StopSignal& stop,
          const WatchOptions& watch_options, const ProgressCallback& on_progress,
          const TestEnvironment& environment)
      : spec_(spec),
        connection_(connection),
        stop_(stop),
        watch_options_(watch_options),
        on_progress_(on_progress),
        environment_(environment),
        log_(spec.name()),
        started_(Clock::now()),
        test_stop_(&stop) {
    const bool by_default = !spec.has_timeout();
    const auto timeout =
        by_default ? environment.default_timeout
                   : std::chrono::milliseconds(
                         google::protobuf::util::TimeUtil::DurationToMilliseconds(spec.timeout()));
    if (timeout.count() > 0) {
      deadline_ = started_ + timeout;
      test_stop_.StopAt(*deadline_,
                        "timed out after " + DescribeTimeout(timeout) +
                            (by_default ? " (the default for a case without `timeout:`; "
                                          "set one, or --timeout)"
                                        : ""));
    }
  }

  report::TestResult Run(const std::string& file) {
    if (const auto refusals = testcase::RunTimeRefusals(spec_); !refusals.empty()) {
      std::string message = "the test case cannot run:";
      for (const auto& refusal : refusals) {
        message += " " + refusal.path + ": " + refusal.message + ";";
      }
      message.pop_back();
      log_.LogVerdict(TestLog::Verdict::kFailed, "ERROR: " + message);
      return Finish(ResultOf(spec_, file, report::Outcome::kError, message));
    }
    log_.Info("started: queue " + spec_.queue() + ", job set " + spec_.job_set_id());
    QueueLifecycle queues(spec_, connection_, log_);
    Status verdict;
    try {
      verdict = RunWithQueues(queues);
    } catch (...) {
      // On its way to the suite's thread boundary (bad_alloc, ...), the
      // exception still leaves no queue of this test behind.
      Quietly([&] { (void)queues.TearDown(); });
      throw;
    }
    if (Status teardown = queues.TearDown(); !teardown.ok()) {
      log_.Warn("queue teardown: " + teardown.message());
      if (verdict.ok()) verdict = teardown;
    }

    if (!verdict.ok() && !interrupted_ && environment_.server_death) {
      // Whatever broke first (a stream, a submission, a cancel), the
      // server's death is the reason to report.
      if (const std::string death = environment_.server_death();
          !death.empty() && verdict.message().find(death) == std::string::npos) {
        verdict = Status::Error(verdict.message() + " (" + death + ")");
      }
    }
    report::Outcome outcome = report::Outcome::kPassed;
    if (!verdict.ok()) {
      outcome = interrupted_            ? report::Outcome::kInterrupted
                : !skip_reason_.empty() ? report::Outcome::kSkipped
                                        : report::Outcome::kFailed;
    }
    log_.LogVerdict(outcome == report::Outcome::kPassed   ? TestLog::Verdict::kPassed
                    : outcome == report::Outcome::kFailed ? TestLog::Verdict::kFailed
                                                          : TestLog::Verdict::kNotRun,
                    outcome == report::Outcome::kPassed
                        ? std::string("passed")
                        : std::string(report::InfoOf(outcome).name) + ": " + verdict.message());
    report::TestResult result = ResultOf(spec_, file, outcome, verdict.message());
    result.timed_out = outcome == report::Outcome::kFailed && timed_out_;
    if (outcome != report::Outcome::kPassed && outcome != report::Outcome::kSkipped) {
      result.failure_kind = failure_kind_;
    }
    result.generation_seen = generation_seen_;
    result.jobs = std::move(timelines_);
    return Finish(std::move(result));
  }

 private:
  report::TestResult Finish(report::TestResult result) {
    result.started_at = started_at_;
    result.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    result.log = log_.Text();
    return result;
  }

  Status RunWithQueues(QueueLifecycle& queues) {
    // Setup and submission end at the timeout too, as in Armada's runner,
    // whose timeout starts with the test.
    auto queue = queues.SetUp(test_stop_);
    if (!queue.ok()) return StoppedOr(queue.status());
    spec_.set_queue(*queue);
    // A queue-only case (Armada's convention: no jobs, no batches) checks its queues and ends.
    if (spec_.jobs_size() == 0 && spec_.num_batches() == 0) return queues.Assert();

    auto expected =
        ExpectedEvents::Compile({spec_.expected_events().begin(), spec_.expected_events().end()});
    if (!expected.ok()) return expected.status();
    const EventKind* trigger_event = testcase::HasAction(spec_) ? &TriggerEventFor(spec_) : nullptr;

    std::vector<std::string> job_ids;
    std::vector<std::chrono::system_clock::time_point> submitted_at;
    Status verdict;
    try {
      const Status submitted =
          SubmitJobs(spec_, connection_, test_stop_, log_, &job_ids, &skip_reason_, &submitted_at);
      verdict = submitted.ok() ? FindNode() : StoppedOr(submitted);
      if (verdict.ok()) verdict = Watch(std::move(*expected), trigger_event, job_ids, submitted_at);
      // Before the cancel below, as in Armada's runner: activeInPool asks
      // about queues whose jobs are still running.
      if (verdict.ok()) verdict = queues.Assert();
    } catch (...) {
      // An exception ends the test as an error at the suite's thread
      // boundary; its jobs must not outlive it there either.
      Quietly([&] { (void)CancelJobSet(spec_, connection_); });
      throw;
    }
    // Cancelled even when the verdict is in, so no job of this test outlives it.
    if (Status cancelled = CancelJobSet(spec_, connection_); !cancelled.ok()) {
      log_.Warn(cancelled.message());
    }
    return verdict;
  }

  // The node a node action acts on, from the host's find_node (see
  // environment.h); nothing to do without a node action or find_node.
  Status FindNode() {
    if ((!spec_.has_cancel_on_node() && !spec_.has_preempt_on_node()) || !environment_.find_node) {
      return Status();
    }
    const std::string& tag = spec_.has_cancel_on_node() ? spec_.cancel_on_node().node_pool_tag()
                                                        : spec_.preempt_on_node().node_pool_tag();
    StatusOr<std::string> node = environment_.find_node(tag);
    if (!node.ok()) {
      return Status::Error("finding the node of nodePoolTag " + tag + ": " +
                           node.status().message());
    }
    log_.Step("nodePoolTag " + tag + " names node " + *node);
    node_name_ = *node;
    return Status();
  }

  Status Watch(ExpectedEvents expected, const EventKind* trigger_event,
               const std::vector<std::string>& job_ids,
               const std::vector<std::chrono::system_clock::time_point>& submitted_at) {
    const bool wait_for_all_done = expected.size() == 0;
    // Every unit below numbers the jobs by this one table (the submitted jobs
    // first); only the watch thread adds to it, under mu.
    JobTable jobs(job_ids);
    TimelineRecorder timelines(log_, jobs);
    timelines.SetSubmitted(submitted_at);
    EventAssertions assertions(std::move(expected), jobs);
    JobProgress progress(jobs);
    std::optional<ActionTrigger> trigger;
    EventFanout fanout;
    fanout.Subscribe(&timelines);
    fanout.Subscribe(&assertions);
    fanout.Subscribe(&progress);
    if (trigger_event != nullptr) {
      trigger.emplace(*trigger_event, job_ids);
      fanout.Subscribe(&*trigger);
    }
    std::optional<LifecycleCheck> lifecycle;
    if (environment_.check_lifecycle) fanout.Subscribe(&lifecycle.emplace(log_));

    std::mutex mu;
    std::condition_variable cv;
    std::optional<Status> watch_ended;
    // Declared after mu and cv, so it is gone before them; wakes the loop
    // below the moment the suite stops.
    const StopSignal::Registration wake_on_stop = stop_.OnStop([&] {
      std::lock_guard<std::mutex> lock(mu);
      cv.notify_all();
    });
    // Declared after mu and cv too; an answered ingress wakes the loop.
    IngressCheck ingress(environment_.ingress, test_stop_, log_, [&] {
      std::lock_guard<std::mutex> lock(mu);
      cv.notify_all();
    });
    fanout.Subscribe(&ingress);
    WatchOptions watch_options = watch_options_;
    if (!watch_options.server_death) watch_options.server_death = environment_.server_death;
    EventWatcher watcher(connection_, spec_.queue(), spec_.job_set_id(), log_, watch_options);
    DuplicateEvents duplicates;  // used on the watch thread only
    std::thread watch_thread([&] {
      Status status = watcher.Run([&](const api::EventStreamMessage& message) {
        if (duplicates.IsRepeat(message.message())) {
          log_.Warn("passed over a repeated " + DescribeEvent(message.message()) + " of job " +
                    JobIdOf(message.message()) + " (message " + message.id() +
                    "): the server sent it twice in a row");
          return;
        }
        std::lock_guard<std::mutex> lock(mu);
        fanout.Publish(message.message(), std::chrono::system_clock::now());
        if (on_progress_) on_progress_(progress.counts());
        cv.notify_all();
      });
      std::lock_guard<std::mutex> lock(mu);
      watch_ended = std::move(status);
      cv.notify_all();
    });

    Status verdict;
    bool action_done = !trigger.has_value();
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      if (lifecycle && lifecycle->failed()) {
        verdict = Status::Error("lifecycle check: " + lifecycle->failure());
        break;
      }
      if (assertions.failed()) {
        verdict = Status::Error(assertions.failure());
        failure_kind_ = assertions.failure_kind();
        break;
      }
      if (assertions.complete() && ingress.all_answered() &&
          (!wait_for_all_done || progress.all_done())) {
        break;
      }
      if (watch_ended) {
        verdict = *watch_ended;
        break;
      }
      if (!action_done && trigger->ready()) {
        action_done = true;
        const std::string node = node_name_.empty() ? trigger->node_name() : node_name_;
        if (node.empty() && (spec_.has_cancel_on_node() || spec_.has_preempt_on_node())) {
          verdict = Status::Error(
              "the node action has no node: no running event named one before "
              "its trigger (" +
              std::string(trigger_event->camel) + ") and nothing looked its nodePoolTag up");
          break;
        }
        lock.unlock();
        const Status acted = RunAction(spec_, job_ids, node, connection_, log_);
        lock.lock();
        if (!acted.ok()) {
          verdict = Status::Error("action failed: " + acted.message());
          break;
        }
        continue;
      }
      if (stop_.stopped()) {
        interrupted_ = true;
        verdict = Status::Error(stop_.reason());
        break;
      }
      if (deadline_ && Clock::now() >= *deadline_) {
        timed_out_ = true;
        verdict = Status::Error(TimeoutMessage(assertions, progress, ingress, job_ids));
        break;
      }
      // Events, the watch's end and the suite's stop notify cv; only the
      // test's own deadline is waited for by time.
      if (deadline_) {
        cv.wait_until(lock, *deadline_);
      } else {
        cv.wait(lock);
      }
    }
    generation_seen_ = assertions.generation_seen();
    lock.unlock();
    watcher.Stop();
    watch_thread.join();
    if (const int resumes = watcher.resumes(); resumes > 0) {
      log_.Step("the event stream broke and was resumed " + std::to_string(resumes) +
                " time(s) from its last message id");
    }
    timelines_ = timelines.TakeTimelines();
    if (spec_.get_logs()) FetchFailedJobLogs();

    if (verdict.ok() && spec_.cancel_job_set().assert_inactive_succeeds()) {
      if (Status again = CancelJobSet(spec_, connection_); !again.ok()) {
        return Status::Error("cancelling the job set once no job was active returned an error: " +
                             again.message());
      }
      log_.Step("cancelling the inactive job set succeeded");
    }
    return verdict;
  }

  // getLogs: the last lines of each failed job's containers' logs, into the
  // test's log (console, JUnit) and the job's timeline (JSON, HTML), for at
  // most kMaxLogJobs jobs.
  void FetchFailedJobLogs() {
    constexpr size_t kMaxLogJobs = 10;
    constexpr int kTailLines = 20;
    if (!environment_.job_logs.fetch) {
      // Not the test's failure: the run lacks a source, and says which.
      log_.Warn("getLogs: no job logs: " + environment_.job_logs.where);
      return;
    }
    log_.Step("getLogs: reading failed jobs' logs from " + environment_.job_logs.where);
    std::vector<std::string> containers;
    for (const auto& job : spec_.jobs()) {
      for (const auto& container : PodSpecOf(job).containers()) {
        if (std::find(containers.begin(), containers.end(), container.name()) == containers.end()) {
          containers.push_back(container.name());
        }
      }
    }
    const std::string pod_namespace = spec_.jobs_size() > 0 ? spec_.jobs(0).namespace_() : "";
    size_t fetched = 0;
    for (report::JobTimeline& job : timelines_) {
      if (job.End() != "failed") continue;
      if (++fetched > kMaxLogJobs) {
        log_.Info("getLogs: logs of the first " + std::to_string(kMaxLogJobs) +
                  " failed jobs only");
        break;
      }
      for (const std::string& container : containers) {
        JobLogRequest request;
        request.job_id = job.job_id;
        request.pod_namespace = pod_namespace;
        request.container = container;
        request.tail_lines = kTailLines;
        auto text = environment_.job_logs.fetch(request);
        if (!text.ok()) {
          log_.Warn("log of job " + job.job_id + " container " + container + ": " +
                    text.status().message());
          continue;
        }
        if (text->empty()) continue;
        std::string lines = containers.size() > 1 ? "[" + container + "]\n" : "";
        lines += *text;
        if (lines.back() == '\n') lines.pop_back();
        log_.Info("log of failed job " + job.job_id + " (container " + container + ", last " +
                  std::to_string(kTailLines) + " lines):\n" + lines);
        job.log_tail += (job.log_tail.empty() ? "" : "\n") + lines;
      }
    }
  }

  std::string TimeoutMessage(const EventAssertions& assertions, const JobProgress& progress,
                             const IngressCheck& ingress, const std::vector<std::string>& job_ids) {
    // What the server knows and the events do not say comes first: the
    // missing events are its consequence.
    std::string message = test_stop_.reason() + ": ";
    if (environment_.why_queued) {
      if (const std::string why = environment_.why_queued(job_ids); !why.empty()) {
        message += why + "; ";
      }
    }
    const std::string missing = assertions.DescribeMissing();
    if (!missing.empty()) return message + missing;
    const std::string unanswered = ingress.DescribePending();
    if (!unanswered.empty()) return message + unanswered;
    const JobCounts counts = progress.counts();
    return message + std::to_string(counts.total - counts.done) + " of " +
           std::to_string(counts.total) + " job(s) had not ended";
  }

  // "3s", or "1500ms" for a timeout of no whole number of seconds.
  static std::string DescribeTimeout(std::chrono::milliseconds timeout) {
    if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000) + "s";
    return std::to_string(timeout.count()) + "ms";
  }

  // A failure caused by the suite's stop is an interruption, reported with
  // stop's reason; one caused by the timeout already says so.
  Status StoppedOr(const Status& status) {
    if (!stop_.stopped()) {
      // Setup or submission cut short by the test's own timeout.
      timed_out_ = test_stop_.stopped();
      return status;
    }
    interrupted_ = true;
    return Status::Error(stop_.reason());
  }

  api::TestSpec spec_;
  const Connection& connection_;
  const StopSignal& stop_;
  const WatchOptions watch_options_;
  const ProgressCallback& on_progress_;
  const TestEnvironment& environment_;
  TestLog log_;
  const Clock::time_point started_;
  const std::chrono::system_clock::time_point started_at_ = std::chrono::system_clock::now();
  std::optional<Clock::time_point> deadline_;
  // Stops with the suite's stop_ and, when the test has a timeout, at its end.
  StopSignal test_stop_;
  bool interrupted_ = false;
  bool timed_out_ = false;
  // What the expected events' check said, when it failed the test.
  report::FailureKind failure_kind_ = report::FailureKind::kOther;
  report::ServerGeneration generation_seen_ = report::ServerGeneration::kUnknown;
  std::string node_name_;  // from environment_.find_node; empty without one
  std::vector<report::JobTimeline> timelines_;
  // Why the server refused the jobs as needing a Kubernetes API or root: the
  // test is skipped with this reason rather than failed.
  std::string skip_reason_;
};

}  // namespace

report::TestResult ResultOf(const api::TestSpec& spec, const std::string& file,
                            report::Outcome outcome, std::string message) {
  report::TestResult result;
  result.name = spec.name();
  result.file = file;
  result.queue = spec.queue();
  result.job_set_id = spec.job_set_id();
  result.outcome = outcome;
  result.message = std::move(message);
  if (outcome == report::Outcome::kFailed || outcome == report::Outcome::kError ||
      outcome == report::Outcome::kInterrupted) {
    result.failure_kind = report::FailureKind::kOther;
  }
  return result;
}

report::TestResult UnloadedResult(const api::TestSpec& spec, const std::string& file,
                                  const std::string& load_error) {
  const std::string message = "the test case does not load:\n" + load_error;
  TestLog log(spec.name());
  log.LogVerdict(TestLog::Verdict::kFailed, "ERROR: " + message);
  report::TestResult result = ResultOf(spec, file, report::Outcome::kError, message);
  result.started_at = std::chrono::system_clock::now();
  result.log = log.Text();
  return result;
}

report::TestResult RunTestCase(const api::TestSpec& spec, const std::string& file,
                               const Connection& connection, const StopSignal& stop,
                               const WatchOptions& watch_options,
                               const ProgressCallback& on_progress,
                               const TestEnvironment& environment) {
  return TestRun(spec, connection, stop, watch_options, on_progress, environment).Run(file);
}

}  // namespace armada::runner
