// Builders for api::EventMessage values in the runner's unit tests.
#pragma once

#include <string>
#include <vector>

#include "api/event.pb.h"

namespace armada::runner::testing {

inline api::EventMessage Submitted(const std::string& job) {
  api::EventMessage e;
  e.mutable_submitted()->set_job_id(job);
  return e;
}

inline api::EventMessage Queued(const std::string& job) {
  api::EventMessage e;
  e.mutable_queued()->set_job_id(job);
  return e;
}

inline api::EventMessage Running(const std::string& job, const std::string& node = "") {
  api::EventMessage e;
  e.mutable_running()->set_job_id(job);
  e.mutable_running()->set_node_name(node);
  return e;
}

inline api::EventMessage Succeeded(const std::string& job) {
  api::EventMessage e;
  e.mutable_succeeded()->set_job_id(job);
  return e;
}

inline api::EventMessage Cancelled(const std::string& job) {
  api::EventMessage e;
  e.mutable_cancelled()->set_job_id(job);
  return e;
}

inline api::EventMessage Failed(const std::string& job, const std::string& reason = "",
                                const std::vector<std::string>& categories = {},
                                bool retryable = false) {
  api::EventMessage e;
  auto* failed = e.mutable_failed();
  failed->set_job_id(job);
  failed->set_reason(reason);
  for (const auto& c : categories) failed->add_categories(c);
  failed->set_retryable(retryable);
  return e;
}

}  // namespace armada::runner::testing
