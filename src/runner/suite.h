// Runs many test cases at once and collects their results.
//
// Contract:
// - Up to `parallel` tests run at a time (0: all of them), started without
//   any stagger; results come back in the input order.
// - Except: tests whose node actions (cancelOnNode, preemptOnNode) name the
//   same nodePoolTag run one after another. A node action acts on every job
//   of its queues on the node, whichever test submitted it, so two such
//   tests at once would take each other's jobs (Armada's CI runs its node
//   cases one per run for this reason). A test waiting for its turn holds
//   its slot of `parallel`; its timeout starts when it starts.
// - Once stop fires (a signal, or --fail-fast after a failure) no test
//   starts; the running ones end (reported interrupted with stop's reason,
//   their job sets cancelled) and the not-started ones are reported
//   interrupted as not run.
// - With fail_fast, the first failed test fires stop itself.
// - An exception escaping a test (std::bad_alloc, any other) ends that test
//   only: it is reported as an error naming the exception, and the others
//   run on.
// - A case that did not load (load_error set) is not run: it is reported as
//   an error with the loader's words (UnloadedResult), at once, and the
//   others run.
// - on_result, when set, is called with each test's index and result as it
//   ends (from the tests' threads), so a host can report what has ended
//   without waiting for the rest (a second SIGINT).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/testspec.pb.h"
#include "common/stop_signal.h"
#include "report/result.h"
#include "runner/connection.h"
#include "runner/environment.h"
#include "runner/event_watcher.h"
#include "runner/job_progress.h"

namespace armada::runner {

struct SuiteCase {
  api::TestSpec spec;
  std::string file;
  // The loader's errors when the file did not load (`validate`'s words, one
  // `FILE:LINE:COLUMN: ...` per line); spec then holds only the name and job
  // set defaults. Empty for a case that loaded.
  std::string load_error;
};

struct SuiteOptions {
  size_t parallel = 0;
  bool fail_fast = false;
  WatchOptions watch;
  TestEnvironment environment;
  std::function<void(size_t index, const report::TestResult& result)> on_result;
};

// The nodePoolTag of spec's node action (cancelOnNode, preemptOnNode); ""
// without one. Tests sharing one take turns (above) and one shard (--shard).
const std::string& NodePoolTag(const api::TestSpec& spec);

// Told about each test as it starts, progresses and ends; called from the
// tests' threads, so implementations synchronise themselves.
class SuiteObserver {
 public:
  virtual ~SuiteObserver() = default;
  // planned.total is the test's numBatches x batchSize x jobs, known before
  // any batch is submitted.
  virtual void OnStarted(const std::string& test, const JobCounts& planned) = 0;
  virtual void OnProgress(const std::string& test, const JobCounts& counts) = 0;
  virtual void OnFinished(const report::TestResult& result) = 0;
};

// Runs cases against connection; observer may be null.
std::vector<report::TestResult> RunSuite(const std::vector<SuiteCase>& cases,
                                         const Connection& connection, const SuiteOptions& options,
                                         StopSignal& stop, SuiteObserver* observer);

}  // namespace armada::runner
