// Events of jobs the run does not know yet, held back while submission goes
// on. The watch starts with the first batch, so the server may stream a
// job's first events before the submitter has its id (the answer to
// SubmitJobs and the job's submitted event race); publishing them then would
// count a test's job as a stranger's.
//
// Contract: Take hands back, in the order they arrived, the held events
// whose job `known` now accepts, and keeps the others; TakeAll hands back
// every one (submission ended: the rest are not the test's jobs). Memory:
// one copy of each held event. Not thread-safe: the run calls it under its
// lock.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <string_view>
#include <vector>

#include "api/event.pb.h"

namespace armada::runner {

class HeldEvents {
 public:
  struct Held {
    api::EventMessage event;
    std::chrono::system_clock::time_point received;
  };

  void Hold(const api::EventMessage& event, std::chrono::system_clock::time_point received);
  std::vector<Held> Take(const std::function<bool(std::string_view job_id)>& known);
  std::vector<Held> TakeAll();
  bool empty() const { return held_.empty(); }

 private:
  std::deque<Held> held_;
};

}  // namespace armada::runner
