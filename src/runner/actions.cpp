#include "runner/actions.h"

#include <google/protobuf/empty.pb.h>

namespace armada::runner {
namespace {

constexpr auto kCallTimeout = std::chrono::seconds(30);

Status Check(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return Status();
  return Status::Error(what + " failed: " + DescribeRpcError(status));
}

Status RunNodeAction(const api::TestSpec& spec, const std::string& node_name,
                     const Connection& connection, TestLog& log) {
  if (node_name.empty()) {
    return Status::Error("no running event named the node the jobs run on");
  }
  google::protobuf::Empty empty;
  auto context = connection.NewContext(kCallTimeout);
  if (spec.has_cancel_on_node()) {
    api::NodeCancelRequest request = spec.cancel_on_node().request();
    request.set_name(node_name);
    log.Step("cancelling jobs on node " + node_name);
    return Check(connection.nodes().CancelOnNode(context.get(), request, &empty), "CancelOnNode");
  }
  api::NodePreemptRequest request = spec.preempt_on_node().request();
  request.set_name(node_name);
  log.Step("preempting jobs on node " + node_name);
  return Check(connection.nodes().PreemptOnNode(context.get(), request, &empty), "PreemptOnNode");
}

}  // namespace

Status RunAction(const api::TestSpec& spec, const std::vector<std::string>& job_ids,
                 const std::string& node_name, const Connection& connection, TestLog& log) {
  auto context = connection.NewContext(kCallTimeout);
  const std::string count = std::to_string(job_ids.size()) + " job(s)";
  if (spec.has_cancel_job_set()) {
    api::JobSetCancelRequest request = spec.cancel_job_set().request();
    request.set_queue(spec.queue());
    request.set_job_set_id(spec.job_set_id());
    google::protobuf::Empty empty;
    log.Step("cancelling job set " + spec.job_set_id());
    return Check(connection.submit().CancelJobSet(context.get(), request, &empty), "CancelJobSet");
  }
  if (spec.has_cancel_on_node() || spec.has_preempt_on_node()) {
    return RunNodeAction(spec, node_name, connection, log);
  }
  if (spec.has_cancel()) {
    api::JobCancelRequest request = spec.cancel().request();
    request.set_queue(spec.queue());
    request.set_job_set_id(spec.job_set_id());
    request.clear_job_id();
    *request.mutable_job_ids() = {job_ids.begin(), job_ids.end()};
    api::CancellationResult result;
    log.Step("cancelling " + count);
    return Check(connection.submit().CancelJobs(context.get(), request, &result), "CancelJobs");
  }
  if (spec.has_preempt()) {
    api::JobPreemptRequest request = spec.preempt().request();
    request.set_queue(spec.queue());
    request.set_job_set_id(spec.job_set_id());
    *request.mutable_job_ids() = {job_ids.begin(), job_ids.end()};
    api::PreemptionResult result;
    log.Step("preempting " + count);
    const grpc::Status status = connection.submit().PreemptJobs(context.get(), request, &result);
    if (Status checked = Check(status, "PreemptJobs"); !checked.ok()) return checked;
    // A job that ended meanwhile cannot be preempted; Armada's runner
    // ignores these per-job answers, and the expected events judge the test.
    for (const auto& [job_id, error] : result.preemption_results()) {
      if (!error.empty()) log.Warn("preempting job " + job_id + ": " + error);
    }
    return Status();
  }
  if (spec.has_reprioritize()) {
    api::JobReprioritizeRequest request = spec.reprioritize().request();
    request.set_queue(spec.queue());
    request.set_job_set_id(spec.job_set_id());
    request.clear_job_ids();
    if (!spec.reprioritize().by_job_set()) {
      *request.mutable_job_ids() = {job_ids.begin(), job_ids.end()};
    }
    api::JobReprioritizeResponse response;
    log.Step("reprioritizing " +
             (spec.reprioritize().by_job_set() ? "job set " + spec.job_set_id() : count) +
             " to priority " + std::to_string(request.new_priority()));
    const grpc::Status status =
        connection.submit().ReprioritizeJobs(context.get(), request, &response);
    if (Status checked = Check(status, "ReprioritizeJobs"); !checked.ok()) return checked;
    for (const auto& [job_id, error] : response.reprioritization_results()) {
      if (!error.empty()) log.Warn("reprioritizing job " + job_id + ": " + error);
    }
    return Status();
  }
  return Status::Error("the test case configures no action");
}

Status CancelJobSet(const api::TestSpec& spec, const Connection& connection) {
  auto context = connection.NewContext(std::chrono::seconds(10));
  api::JobSetCancelRequest request;
  request.set_queue(spec.queue());
  request.set_job_set_id(spec.job_set_id());
  google::protobuf::Empty empty;
  return Check(connection.submit().CancelJobSet(context.get(), request, &empty),
               "cancelling job set " + spec.job_set_id());
}

}  // namespace armada::runner
