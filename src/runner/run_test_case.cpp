#include "runner/run_test_case.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
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
#include "runner/held_events.h"
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

    Status verdict;
    try {
      verdict = SubmitAndWatch(std::move(*expected), trigger_event);
      // Before the cancel below, as in Armada's runner: activeInPool asks
      // about queues whose jobs are still running.
      if (verdict.ok()) verdict = queues.Assert();
    } catch (...) {
      // An exception ends the test as an error at the suite's thread
      // boundary; its jobs must not outlive it there either.
      Quietly([&] { (void)CancelJobSet(spec_, connection_); });
      throw;
    }
    // Cancelled even when the verdict is in (and when a failure in an early
    // batch ended the test before the last), so no job of this test outlives it.
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

  // How the watch loop ended; the verdict is worded once the threads are joined.
  enum class Ending { kPassed, kFailed, kSubmissionEnded, kTimedOut, kInterrupted };

  // Submits the batches on a thread of their own while this one watches:
  // the watch starts with the first batch accepted, so its jobs count (and
  // fail the test) at once, whatever batches are still to come.
  Status SubmitAndWatch(ExpectedEvents expected, const EventKind* trigger_event) {
    Watched watched(*this, std::move(expected), trigger_event);
    Status verdict;
    const Ending ending = WatchLoop(watched, trigger_event, verdict);
    StopThreads(watched, ending);
    if (watched.submit_exception) std::rethrow_exception(watched.submit_exception);
    if (const int resumes = watched.watcher.resumes(); resumes > 0) {
      log_.Step("the event stream broke and was resumed " + std::to_string(resumes) +
                " time(s) from its last message id");
    }
    verdict = Worded(watched, ending, std::move(verdict));
    timelines_ = watched.timelines.TakeTimelines();
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

  // One test's watch: the units every event goes to, the submission and
  // watch threads, and what they share under mu.
  struct Watched {
    Watched(TestRun& run, ExpectedEvents expected, const EventKind* trigger_event)
        : wait_for_all_done(expected.size() == 0),
          timelines(run.log_, jobs),
          assertions(std::move(expected), jobs),
          progress(jobs, PlannedJobs(run.spec_)),
          wake_on_stop(run.stop_.OnStop([this] { Wake(); })),
          ingress(run.environment_.ingress, run.test_stop_, run.log_, [this] { Wake(); }),
          watcher(run.connection_, run.spec_.queue(), run.spec_.job_set_id(), run.log_,
                  run.WatchOptionsWithDeath()),
          submit_stop(&run.test_stop_) {
      fanout.Subscribe(&timelines);
      fanout.Subscribe(&assertions);
      fanout.Subscribe(&progress);
      if (trigger_event != nullptr) fanout.Subscribe(&trigger.emplace(*trigger_event, jobs));
      if (run.environment_.check_lifecycle) fanout.Subscribe(&lifecycle.emplace(run.log_));
      fanout.Subscribe(&ingress);
    }
    // Joins the threads on every way out, an exception's included.
    ~Watched() {
      submit_stop.Stop("the test ended");
      watcher.Stop();
      if (submit_thread.joinable()) submit_thread.join();
      if (watch_thread.joinable()) watch_thread.join();
    }
    void Wake() {
      std::lock_guard<std::mutex> lock(mu);
      cv.notify_all();
    }

    const bool wait_for_all_done;
    std::mutex mu;
    std::condition_variable cv;
    // Every unit below numbers the jobs by this one table: the submitted
    // jobs, batch by batch, then any others (see HeldEvents).
    JobTable jobs;
    // The jobs numbered [0, submitted) are the accepted ones: a stranger's
    // job joins the table only once submission ended.
    uint32_t submitted = 0;
    TimelineRecorder timelines;
    EventAssertions assertions;
    JobProgress progress;
    std::optional<ActionTrigger> trigger;
    std::optional<LifecycleCheck> lifecycle;
    EventFanout fanout;
    HeldEvents held;
    size_t batches = 0;
    std::optional<Status> submission;  // set when submission ended
    std::optional<Status> watch_ended;
    std::exception_ptr submit_exception;
    // Declared after mu and cv, so they are gone before them: the suite's
    // stop and an answered ingress wake the loop.
    const StopSignal::Registration wake_on_stop;
    IngressCheck ingress;
    EventWatcher watcher;
    DuplicateEvents duplicates;  // used on the watch thread only
    StopSignal submit_stop;      // the test's, and stopped when the test ends first
    std::thread submit_thread;
    std::thread watch_thread;
  };

  // numBatches x batchSize x jobs: what the status line counts up to.
  static size_t PlannedJobs(const api::TestSpec& spec) {
    return static_cast<size_t>(spec.num_batches()) * spec.batch_size() *
           static_cast<size_t>(spec.jobs_size());
  }

  WatchOptions WatchOptionsWithDeath() const {
    WatchOptions options = watch_options_;
    if (!options.server_death) options.server_death = environment_.server_death;
    return options;
  }

  // Publishes an event (expects w.mu held) and reports progress.
  void Publish(Watched& w, const api::EventMessage& event,
               std::chrono::system_clock::time_point received) {
    w.fanout.Publish(event, received);
    if (on_progress_) on_progress_(w.progress.counts());
    w.cv.notify_all();
  }

  // The submission thread: each accepted batch joins the table, then its
  // held events follow; at the end, events of jobs nobody submitted go out.
  void Submit(Watched& w) {
    Status status;
    try {
      status = SubmitJobs(
          spec_, connection_, w.submit_stop, log_,
          [&](const std::vector<std::string>& batch, std::chrono::system_clock::time_point sent) {
            std::lock_guard<std::mutex> lock(w.mu);
            const auto first = static_cast<uint32_t>(w.jobs.size());
            for (const std::string& id : batch) w.jobs.Intern(id);
            w.submitted = static_cast<uint32_t>(w.jobs.size());
            w.fanout.PublishSubmitted(w.jobs, first, w.submitted, sent);
            ++w.batches;
            for (const auto& held : w.held.Take(
                     [&w](std::string_view id) { return w.jobs.Find(id) != JobTable::kNone; })) {
              w.fanout.Publish(held.event, held.received);
            }
            if (on_progress_) on_progress_(w.progress.counts());
            w.cv.notify_all();
          },
          &skip_reason_);
    } catch (...) {
      w.submit_exception = std::current_exception();
      status = Status::Error("submission ended by an exception");
    }
    std::lock_guard<std::mutex> lock(w.mu);
    w.submission = std::move(status);
    for (const auto& held : w.held.TakeAll()) Publish(w, held.event, held.received);
    w.cv.notify_all();
  }

  // The watch thread, started once the first batch was accepted.
  void Watch(Watched& w) {
    Status status = w.watcher.Run([&](const api::EventStreamMessage& message) {
      if (w.duplicates.IsRepeat(message.message())) {
        log_.Warn("passed over a repeated " + DescribeEvent(message.message()) + " of job " +
                  JobIdOf(message.message()) + " (message " + message.id() +
                  "): the server sent it twice in a row");
        return;
      }
      const auto received = std::chrono::system_clock::now();
      std::lock_guard<std::mutex> lock(w.mu);
      if (!w.submission && w.jobs.Find(JobIdOf(message.message())) == JobTable::kNone) {
        w.held.Hold(message.message(), received);  // its batch's answer is on its way
        return;
      }
      Publish(w, message.message(), received);
    });
    std::lock_guard<std::mutex> lock(w.mu);
    w.watch_ended = std::move(status);
    w.cv.notify_all();
  }

  // Waits for the verdict: the first failure, the last expected event of
  // the last batch's jobs, the timeout or the suite's stop.
  Ending WatchLoop(Watched& w, const EventKind* trigger_event, Status& verdict) {
    w.submit_thread = std::thread([this, &w] { Submit(w); });
    bool action_done = !w.trigger.has_value();
    bool node_found = false;
    std::unique_lock<std::mutex> lock(w.mu);
    while (true) {
      // Once a batch was accepted (or submission ended well: a server
      // that named no job still gets watched).
      const bool watchable = w.batches > 0 || (w.submission && w.submission->ok());
      if (watchable && !w.watch_thread.joinable()) {
        w.watch_thread = std::thread([this, &w] { Watch(w); });
      }
      if (std::optional<Ending> failed = Failed(w, verdict)) return *failed;
      const bool submitted = w.submission.has_value();
      if (submitted && !node_found) {
        node_found = true;
        lock.unlock();
        verdict = FindNode();
        lock.lock();
        if (!verdict.ok()) return Ending::kFailed;
        continue;
      }
      if (submitted && w.assertions.complete() && w.ingress.all_answered() &&
          (!w.wait_for_all_done || w.progress.all_done())) {
        return Ending::kPassed;
      }
      if (w.watch_ended) {
        verdict = *w.watch_ended;
        return verdict.ok() ? Ending::kPassed : Ending::kFailed;
      }
      if (!action_done && submitted && w.trigger->ready()) {
        action_done = true;
        verdict = Act(w, trigger_event, lock);
        if (!verdict.ok()) return Ending::kFailed;
        continue;
      }
      if (stop_.stopped()) return Ending::kInterrupted;
      if (deadline_ && Clock::now() >= *deadline_) return Ending::kTimedOut;
      // Events, batches, the threads' ends and the suite's stop notify cv;
      // only the test's own deadline is waited for by time.
      if (deadline_) {
        w.cv.wait_until(lock, *deadline_);
      } else {
        w.cv.wait(lock);
      }
    }
  }

  // How the test has failed so far, if it has (expects w.mu held).
  std::optional<Ending> Failed(Watched& w, Status& verdict) {
    if (w.lifecycle && w.lifecycle->failed()) {
      verdict = Status::Error("lifecycle check: " + w.lifecycle->failure());
      return Ending::kFailed;
    }
    if (w.assertions.failed()) {
      verdict = Status::Error(w.assertions.failure());
      failure_kind_ = w.assertions.failure_kind();
      return Ending::kFailed;
    }
    if (w.submission && !w.submission->ok()) return Ending::kSubmissionEnded;
    return std::nullopt;
  }

  // The test's action, once its trigger event came (`lock` holds w.mu, and
  // is let go while the action's calls are in flight).
  Status Act(Watched& w, const EventKind* trigger_event, std::unique_lock<std::mutex>& lock) {
    const std::string node = node_name_.empty() ? w.trigger->node_name() : node_name_;
    if (node.empty() && (spec_.has_cancel_on_node() || spec_.has_preempt_on_node())) {
      return Status::Error(
          "the node action has no node: no running event named one before "
          "its trigger (" +
          std::string(trigger_event->camel) + ") and nothing looked its nodePoolTag up");
    }
    const std::vector<std::string> job_ids = w.jobs.ids(w.submitted);
    lock.unlock();
    const Status acted = RunAction(spec_, job_ids, node, connection_, log_);
    lock.lock();
    if (!acted.ok()) return Status::Error("action failed: " + acted.message());
    return Status();
  }

  // Ends submission (a test that ended first leaves the later batches
  // unsubmitted) and the watch, and waits for both threads.
  void StopThreads(Watched& w, Ending ending) {
    {
      std::lock_guard<std::mutex> lock(w.mu);
      generation_seen_ = w.assertions.generation_seen();
    }
    // The test's own reason when its time is up, so the submitter's words
    // ("... while waiting the interval ...") carry it whichever stop it saw.
    w.submit_stop.Stop(test_stop_.stopped() ? test_stop_.reason() : "the test ended");
    if (w.submit_thread.joinable()) w.submit_thread.join();
    w.watcher.Stop();
    if (w.watch_thread.joinable()) w.watch_thread.join();
    const size_t planned = spec_.num_batches();
    if (ending != Ending::kPassed && w.batches < planned && w.batches > 0) {
      log_.Step("ended after " + std::to_string(w.batches) + " of " + std::to_string(planned) +
                " batch(es) submitted; the others were not submitted");
    }
  }

  // The verdict in the reports' words. The threads are joined: what they
  // shared is read without the lock.
  Status Worded(Watched& w, Ending ending, Status verdict) {
    const Status submission = w.submission.value_or(Status());
    switch (ending) {
      case Ending::kPassed:
      case Ending::kFailed:
        return verdict;
      case Ending::kInterrupted:
        interrupted_ = true;
        return Status::Error(stop_.reason());
      case Ending::kSubmissionEnded:
        if (stop_.stopped()) {
          interrupted_ = true;
          return Status::Error(stop_.reason());
        }
        // Cut short by the test's own timeout: the submitter named where.
        if (test_stop_.stopped()) break;
        return submission;
      case Ending::kTimedOut:
        break;
    }
    timed_out_ = true;
    return Status::Error(
        TimeoutMessage(w, submission.ok() ? test_stop_.reason() : submission.message()));
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

  // why: the timeout's reason, with where submission was when it came.
  std::string TimeoutMessage(const Watched& w, const std::string& why) {
    if (w.submitted == 0) return why;  // no job yet: the submitter's words say it all
    // What the server knows and the events do not say comes first: the
    // missing events are its consequence.
    std::string message = why + ": ";
    if (environment_.why_queued) {
      if (const std::string queued = environment_.why_queued(w.jobs.ids(w.submitted));
          !queued.empty()) {
        message += queued + "; ";
      }
    }
    const std::string missing = w.assertions.DescribeMissing();
    if (!missing.empty()) return message + missing;
    const std::string unanswered = w.ingress.DescribePending();
    if (!unanswered.empty()) return message + unanswered;
    const JobCounts counts = w.progress.counts();
    if (counts.submitted < counts.total && counts.done == counts.submitted) {
      return message + "the " + std::to_string(counts.submitted) +
             " job(s) submitted so far had ended, of " + std::to_string(counts.total) + " planned";
    }
    return message + std::to_string(counts.submitted - counts.done) + " of " +
           std::to_string(counts.submitted) + " job(s) had not ended";
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
