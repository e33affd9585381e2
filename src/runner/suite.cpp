#include "runner/suite.h"

#include <atomic>
#include <thread>

#include "runner/test_case.h"

namespace armada::runner {
namespace {

// The thread boundary: an exception must not escape a worker (that would
// end the process without reports), so it becomes the test's error.
report::TestResult RunOne(const SuiteCase& test, const Connection& connection,
                          const StopSignal& stop, const SuiteOptions& options,
                          const ProgressCallback& on_progress) {
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

}  // namespace

std::vector<report::TestResult> RunSuite(const std::vector<SuiteCase>& cases,
                                         const Connection& connection, const SuiteOptions& options,
                                         StopSignal& stop, SuiteObserver* observer) {
  std::vector<report::TestResult> results(cases.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < cases.size(); i = next++) {
      const SuiteCase& test = cases[i];
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
