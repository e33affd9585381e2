#include "runner/submitter.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <random>

#include "api/google_rpc.pb.h"
#include "api/localstack_protocol.h"

namespace armada::runner {
namespace {

constexpr auto kRetryInterval = std::chrono::milliseconds(500);
constexpr auto kRetryFor = std::chrono::seconds(15);
constexpr auto kCallTimeout = std::chrono::seconds(60);

bool QueueNotVisibleYet(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::NOT_FOUND ||
         (status.error_code() == grpc::StatusCode::PERMISSION_DENIED &&
          status.error_message().find("could not find queue") != std::string::npos);
}

std::string RandomClientId() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static const char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id += '-';
    id += kHex[generator() % 16];
  }
  return id;
}

api::JobSubmitRequest BuildBatch(const api::TestSpec& spec) {
  api::JobSubmitRequest request;
  request.set_queue(spec.queue());
  request.set_job_set_id(spec.job_set_id());
  for (uint32_t i = 0; i < spec.batch_size(); ++i) {
    for (const auto& job : spec.jobs()) *request.add_job_request_items() = job;
  }
  return request;
}

}  // namespace

std::string SkipReason(const grpc::Status& status) {
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (!any.UnpackTo(&info)) continue;
    if (info.reason() == kNeedsRootReason &&
        status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      return status.error_message();  // "needs root for memory limits: ..."
    }
    if (info.reason() != kNeedsKubernetesReason ||
        status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
      continue;
    }
    const auto field = info.metadata().find("field");
    std::string said = status.error_message();
    std::string out = "needs Kubernetes";
    if (field != info.metadata().end()) {
      out += " (" + field->second + ")";
      // The field once: armada-localstack's message starts with it.
      if (said.rfind(field->second + ": ", 0) == 0) said.erase(0, field->second.size() + 2);
    }
    out += ": " + said;
    // The advice once: armada-localstack's message gives it already.
    if (said.find("Kubernetes cluster") == std::string::npos) {
      out += ": run it on a Kubernetes cluster such as kind";
    }
    return out;
  }
  return "";
}

Status SubmitJobs(const api::TestSpec& spec, const Connection& connection, const StopSignal& stop,
                  TestLog& log, const BatchCallback& on_batch, std::string* skip_reason) {
  const uint32_t batches = spec.num_batches();
  const auto interval = std::chrono::milliseconds(
      google::protobuf::util::TimeUtil::DurationToMilliseconds(spec.interval()));

  for (uint32_t b = 0; b < batches; ++b) {
    const std::string which = std::to_string(b + 1) + "/" + std::to_string(batches);
    const std::string stopped = " while submitting batch " + which;
    if (b > 0 && stop.WaitFor(interval)) {
      // Cut short between batches: the earlier ones were submitted.
      return Status::Error(stop.reason() + " while waiting the interval (" +
                           std::to_string(interval.count()) + "ms) before batch " + which + ", " +
                           std::to_string(b) + " batch(es) submitted");
    }
    if (stop.stopped()) return Status::Error(stop.reason() + stopped);
    // Built per batch and dropped after it, so at most one batch of jobs is
    // in memory at a time, however many batches the test submits.
    api::JobSubmitRequest request = BuildBatch(spec);
    // Set before the first attempt, so every retry of this batch (gRPC's or
    // the loop's below) carries the same ids and Armada, which deduplicates
    // on client id, creates its jobs once.
    for (auto& item : *request.mutable_job_request_items()) {
      if (item.client_id().empty()) item.set_client_id(RandomClientId());
    }
    const auto started = std::chrono::steady_clock::now();
    const auto sent = std::chrono::system_clock::now();
    api::JobSubmitResponse response;
    grpc::Status status;
    while (true) {
      auto context = connection.NewContext(stop.CallTimeout(kCallTimeout));
      status = connection.submit().SubmitJobs(context.get(), request, &response);
      if (status.ok() || !QueueNotVisibleYet(status) ||
          std::chrono::steady_clock::now() - started > kRetryFor) {
        break;
      }
      log.Step("queue " + spec.queue() + " not visible yet (" + DescribeRpcError(status) +
               "); retrying");
      if (stop.WaitFor(kRetryInterval)) break;
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (!status.ok()) {
      if (stop.stopped()) return Status::Error(stop.reason() + stopped);
      if (const std::string reason = SkipReason(status); !reason.empty()) {
        if (skip_reason != nullptr) *skip_reason = reason;
        return Status::Error(reason);
      }
      return Status::Error("submitting batch " + which + " to queue " + spec.queue() +
                           " failed: " + DescribeRpcError(status));
    }
    std::string rejected;
    std::vector<std::string> accepted;
    for (const auto& item : response.job_response_items()) {
      if (item.job_id().empty()) continue;
      accepted.push_back(item.job_id());
      if (!item.error().empty() && rejected.empty()) rejected = item.error();
    }
    if (!accepted.empty()) on_batch(accepted, sent);
    if (!rejected.empty()) {
      return Status::Error("job rejected in batch " + std::to_string(b + 1) + ": " + rejected);
    }
    log.Step("submitted batch " + which + ": " +
             std::to_string(response.job_response_items_size()) + " job(s) to job set " +
             spec.job_set_id() + " in " + std::to_string(took.count()) + "ms");
  }
  return Status();
}

}  // namespace armada::runner
