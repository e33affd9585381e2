#include "runner/suite.h"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "runner/run_test_case.h"

namespace armada::runner {
namespace {

// The thread boundary: an exception must not escape a worker (that would
// end the process without reports), so it becomes the test's error.
report::TestResult RunOne(const SuiteCase& test, const Connection& connection,
                          const StopSignal& stop, const SuiteOptions& options,
                          const ProgressCallback& on_progress) {
  if (!test.load_error.empty()) return UnloadedResult(test.spec, test.file, test.load_error);
  std::string what;
  try {
    return RunTestCase(test.spec, test.file, connection, stop, options.watch, on_progress,
                       options.environment);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception of unknown type";
  }
  return ResultOf(test.spec, test.file, report::Outcome::kError,
                  "fatal error while running the test: " + what);
}

// One lock per nodePoolTag that tests' node actions name.
class NodePoolLocks {
 public:
  // The lock of spec's node action's pool; null without a node action.
  std::mutex* For(const api::TestSpec& spec) {
    if (!spec.has_cancel_on_node() && !spec.has_preempt_on_node()) return nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    return &locks_[NodePoolTag(spec)];
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::mutex> locks_;
};

}  // namespace

const std::string& NodePoolTag(const api::TestSpec& spec) {
  return spec.has_cancel_on_node() ? spec.cancel_on_node().node_pool_tag()
                                   : spec.preempt_on_node().node_pool_tag();
}

std::vector<report::TestResult> RunSuite(const std::vector<SuiteCase>& cases,
                                         const Connection& connection, const SuiteOptions& options,
                                         StopSignal& stop, SuiteObserver* observer) {
  std::vector<report::TestResult> results(cases.size());
  std::atomic<size_t> next{0};
  NodePoolLocks node_pools;
  auto worker = [&] {
    for (size_t i = next++; i < cases.size(); i = next++) {
      const SuiteCase& test = cases[i];
      std::unique_lock<std::mutex> node_pool;
      if (std::mutex* lock = node_pools.For(test.spec)) node_pool = std::unique_lock(*lock);
      if (stop.stopped()) {
        results[i] = ResultOf(test.spec, test.file, report::Outcome::kInterrupted,
                              "not run: " + stop.reason());
        continue;
      }
      if (observer != nullptr) {
        JobCounts planned;
        planned.total = static_cast<size_t>(test.spec.num_batches()) * test.spec.batch_size() *
                        static_cast<size_t>(test.spec.jobs_size());
        observer->OnStarted(test.spec.name(), planned);
      }
      ProgressCallback on_progress;
      if (observer != nullptr) {
        on_progress = [observer, &test](const JobCounts& counts) {
          observer->OnProgress(test.spec.name(), counts);
        };
      }
      results[i] = RunOne(test, connection, stop, options, on_progress);
      if (options.on_result) options.on_result(i, results[i]);
      if (observer != nullptr) observer->OnFinished(results[i]);
      if (options.fail_fast && results[i].outcome == report::Outcome::kFailed) {
        stop.Stop("--fail-fast: " + test.spec.name() + " failed");
      }
    }
  };
  size_t threads = options.parallel == 0 ? cases.size() : options.parallel;
  threads = std::min(threads, cases.size());
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  return results;
}

}  // namespace armada::runner
