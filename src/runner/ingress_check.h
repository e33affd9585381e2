// Checks a job's ingress as Armada's runner does: on each ingressInfo event,
// for every address HOST in it, GET URL:PORT/ with "Host: HOST" until one
// answer is 200.
//
// Contract (Armada's internal/testsuite, eventwatcher's getFromIngress):
// - URL is ARMADA_EXECUTOR_INGRESS_URL, else http://HOST, or https://HOST
//   when ARMADA_EXECUTOR_USE_TLS is set to anything but "", "false" or "0"
//   (trimmed, any case); certificates are never verified.
// - PORT is ARMADA_EXECUTOR_INGRESS_PORT, else 80: the port the event names
//   is ignored, as the ingress controller, not the pod, answers. Only
//   armada-localstack (--local), which has no ingress controller, takes the
//   event's port (port_from_event).
// - A check retries once a second, each attempt bounded by the stop signal,
//   until a 200 or until the signal stops (the test's timeout); a test with
//   ingress passes only once every check started has been answered. Armada's
//   runner bounds each check by a minute and does not wait for it when the
//   assertions pass first; here the test's timeout bounds it and a pass
//   needs it answered.
// Thread-safe: OnEvent runs on the watcher's thread and starts a thread per
// check; the other methods may run on any thread. The destructor stops the
// checks still running and joins them.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/stop_signal.h"
#include "runner/event_fanout.h"
#include "runner/per_test_log.h"

namespace armada::runner {

struct IngressTarget {
  // scheme://host of every request; empty: http(s)://HOST of each address.
  std::string url;
  bool use_tls = false;  // https:// when url is empty
  std::string port = "80";
  // armada-localstack only: use the port the ingressInfo event names.
  bool port_from_event = false;
};

// The target Armada's runner uses, from the values of
// ARMADA_EXECUTOR_INGRESS_URL, ARMADA_EXECUTOR_USE_TLS and
// ARMADA_EXECUTOR_INGRESS_PORT (null when unset).
IngressTarget IngressTargetFrom(const char* url, const char* use_tls, const char* port);
// The same from this process's environment.
IngressTarget IngressTargetFromEnvironment();

class IngressCheck : public EventConsumer {
 public:
  // REQUIRES: stop and log outlive this object. on_answered (may be empty)
  // runs on a check's thread, with no lock of this object held, each time a
  // check is answered.
  IngressCheck(IngressTarget target, const StopSignal& stop, TestLog& log,
               std::function<void()> on_answered = {});
  ~IngressCheck() override;
  IngressCheck(const IngressCheck&) = delete;
  IngressCheck& operator=(const IngressCheck&) = delete;

  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;

  // Every check started so far has had its 200 (true when none started).
  bool all_answered() const;
  // The checks not yet answered, each with its last error; empty when none.
  std::string DescribePending() const;

 private:
  struct Check {
    std::string host;
    std::string url;  // what is fetched
    bool answered = false;
    std::string last_error;
  };
  void RunCheck(Check* check);

  const IngressTarget target_;
  const std::function<void()> on_answered_;
  StopSignal stop_;  // stops with the caller's signal, or at destruction
  TestLog& log_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Check>> checks_;  // guarded by mu_ (fields too)
  std::vector<std::thread> threads_;
};

}  // namespace armada::runner
