// Wire facts: the field numbers that make this project's messages readable by
// Armada and Armada's readable here. A renumbering in a .proto fails this test.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <string>

#include "api/binoculars.pb.h"
#include "api/event.pb.h"
#include "api/job.pb.h"
#include "api/node.pb.h"
#include "api/submit.pb.h"
#include "api/testspec.pb.h"

namespace {

using google::protobuf::DescriptorPool;

struct WireFact {
  const char* message;
  const char* field;
  int number;
};

const WireFact kFacts[] = {
    {"api.JobFailedEvent", "reason", 6},
    {"api.JobFailedEvent", "container_statuses", 11},
    {"api.JobFailedEvent", "cause", 12},
    {"api.JobFailedEvent", "pod_name", 13},
    {"api.JobFailedEvent", "categories", 15},
    {"api.JobFailedEvent", "failure_category", 16},
    {"api.JobFailedEvent", "failure_subcategory", 17},
    {"api.JobFailedEvent", "retryable", 18},
    {"api.EventMessage", "submitted", 1},
    {"api.EventMessage", "queued", 2},
    {"api.EventMessage", "leased", 3},
    {"api.EventMessage", "lease_returned", 4},
    {"api.EventMessage", "lease_expired", 5},
    {"api.EventMessage", "pending", 6},
    {"api.EventMessage", "running", 7},
    {"api.EventMessage", "failed", 9},
    {"api.EventMessage", "succeeded", 10},
    {"api.EventMessage", "reprioritized", 11},
    {"api.EventMessage", "cancelling", 12},
    {"api.EventMessage", "cancelled", 13},
    {"api.EventMessage", "utilisation", 15},
    {"api.EventMessage", "ingress_info", 17},
    {"api.EventMessage", "reprioritizing", 18},
    {"api.EventMessage", "preempted", 21},
    {"api.EventMessage", "preempting", 22},
    {"api.EventStreamMessage", "id", 1},
    {"api.EventStreamMessage", "message", 2},
    {"api.JobSetRequest", "from_message_id", 3},
    {"api.JobSetRequest", "queue", 4},
    {"api.JobSetRequest", "errorIfMissing", 5},
    {"api.JobSubmitRequestItem", "priority", 1},
    {"api.JobSubmitRequestItem", "pod_spec", 2},
    {"api.JobSubmitRequestItem", "namespace", 3},
    {"api.JobSubmitRequestItem", "pod_specs", 7},
    {"api.JobSubmitRequestItem", "client_id", 8},
    {"api.JobSubmitRequest", "job_request_items", 3},
    {"api.JobCancelRequest", "job_ids", 4},
    {"api.JobSetCancelRequest", "filter", 3},
    {"api.Queue", "permissions", 6},
    {"api.Queue", "resource_limits_by_priority_class_name", 7},
    {"api.Queue", "labels", 10},
    {"api.ContainerStatus", "exitCode", 2},
    {"api.TestSpec", "expected_events", 2},
    {"api.TestSpec", "timeout", 8},
    {"api.TestSpec", "name", 10},
    {"api.TestSpec", "trigger_event", 20},
    {"api.TestSpec", "cancel", 21},
    {"api.TestSpec", "preempt", 23},
    {"api.TestSpec", "queue_config", 25},
    {"api.TestSpec", "cancel_job_set", 26},
    {"api.ActiveQueues", "queues", 1},
    {"api.GetActiveQueuesResponse", "active_queues_by_pool", 1},
    {"api.NodeCancelRequest", "name", 1},
    {"api.NodeCancelRequest", "executor", 2},
    {"k8s.io.api.core.v1.PodSpec", "containers", 2},
    {"k8s.io.api.core.v1.PodSpec", "terminationGracePeriodSeconds", 4},
    {"k8s.io.api.core.v1.PodSpec", "activeDeadlineSeconds", 5},
    {"k8s.io.api.core.v1.PodSpec", "initContainers", 20},
    {"k8s.io.api.core.v1.PodSpec", "tolerations", 22},
    {"k8s.io.api.core.v1.PodSpec", "priorityClassName", 24},
    {"k8s.io.api.core.v1.Container", "command", 3},
    {"k8s.io.api.core.v1.Container", "args", 4},
    {"k8s.io.api.core.v1.Container", "env", 7},
    {"k8s.io.api.core.v1.Container", "resources", 8},
    {"k8s.io.api.core.v1.Container", "terminationMessagePath", 13},
    {"k8s.io.api.core.v1.Container", "terminationMessagePolicy", 20},
    {"k8s.io.api.core.v1.ResourceRequirements", "limits", 1},
    {"k8s.io.api.core.v1.ResourceRequirements", "requests", 2},
    {"k8s.io.apimachinery.pkg.api.resource.Quantity", "string", 1},
    // Armada's pkg/api/binoculars/binoculars.proto.
    {"binoculars.LogRequest", "job_id", 1},
    {"binoculars.LogRequest", "pod_number", 2},
    {"binoculars.LogRequest", "pod_namespace", 3},
    {"binoculars.LogRequest", "since_time", 4},
    {"binoculars.LogRequest", "log_options", 5},
    {"binoculars.LogResponse", "log", 1},
    {"binoculars.LogLine", "timestamp", 1},
    {"binoculars.LogLine", "line", 2},
    // Kubernetes' core/v1 PodLogOptions and meta/v1 Time (generated.proto).
    {"k8s.io.api.core.v1.PodLogOptions", "container", 1},
    {"k8s.io.api.core.v1.PodLogOptions", "follow", 2},
    {"k8s.io.api.core.v1.PodLogOptions", "previous", 3},
    {"k8s.io.api.core.v1.PodLogOptions", "sinceSeconds", 4},
    {"k8s.io.api.core.v1.PodLogOptions", "sinceTime", 5},
    {"k8s.io.api.core.v1.PodLogOptions", "timestamps", 6},
    {"k8s.io.api.core.v1.PodLogOptions", "tailLines", 7},
    {"k8s.io.api.core.v1.PodLogOptions", "limitBytes", 8},
    {"k8s.io.api.core.v1.PodLogOptions", "insecureSkipTLSVerifyBackend", 9},
    {"k8s.io.apimachinery.pkg.apis.meta.v1.Time", "seconds", 1},
    {"k8s.io.apimachinery.pkg.apis.meta.v1.Time", "nanos", 2},
};

TEST(WireTest, FieldNumbersMatchArmada) {
  // Linking a message's descriptor puts its file in the generated pool.
  ASSERT_NE(api::TestSpec::descriptor(), nullptr);
  ASSERT_NE(api::GetActiveQueuesResponse::descriptor(), nullptr);
  ASSERT_NE(binoculars::LogRequest::descriptor(), nullptr);
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  for (const WireFact& fact : kFacts) {
    const auto* message = pool->FindMessageTypeByName(fact.message);
    ASSERT_NE(message, nullptr) << fact.message;
    const auto* field = message->FindFieldByName(fact.field);
    ASSERT_NE(field, nullptr) << fact.message << "." << fact.field;
    EXPECT_EQ(field->number(), fact.number) << fact.message << "." << fact.field;
  }
}

TEST(WireTest, ServicesHaveArmadaNames) {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  ASSERT_NE(api::GetActiveQueuesRequest::descriptor(), nullptr);
  ASSERT_NE(api::NodeCancelRequest::descriptor(), nullptr);
  for (const char* name : {"api.Submit", "api.QueueService", "api.Event", "api.Jobs", "api.Node"}) {
    EXPECT_NE(pool->FindServiceByName(name), nullptr) << name;
  }
  const auto* active = pool->FindMethodByName("api.Jobs.GetActiveQueues");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(active->input_type()->full_name(), "api.GetActiveQueuesRequest");
  EXPECT_EQ(active->output_type()->full_name(), "api.GetActiveQueuesResponse");
  const auto* events = pool->FindServiceByName("api.Event");
  ASSERT_NE(events, nullptr);
  const auto* get = events->FindMethodByName("GetJobSetEvents");
  ASSERT_NE(get, nullptr);
  EXPECT_TRUE(get->server_streaming());
  EXPECT_EQ(get->output_type()->full_name(), "api.EventStreamMessage");
  const auto* logs = pool->FindMethodByName("binoculars.Binoculars.Logs");
  ASSERT_NE(logs, nullptr);
  EXPECT_EQ(logs->input_type()->full_name(), "binoculars.LogRequest");
  EXPECT_EQ(logs->output_type()->full_name(), "binoculars.LogResponse");
}

// Hand-encoded bytes of Binoculars' answer as Armada sends it: the log is
// repeated LogLine messages (field 1), each a timestamp (1) and a line (2),
// not one string.
TEST(WireTest, BinocularsLogResponseIsRepeatedLines) {
  std::string wire;
  wire += "\x0a\x0e";  // log = 1, a 14-byte LogLine
  wire +=
      "\x0a\x05"
      "12:00"
      "\x12\x05"
      "first";         // timestamp = 1, line = 2
  wire += "\x0a\x07";  // log = 1, a 7-byte LogLine
  wire +=
      "\x12\x05"
      "other";  // line = 2 only
  binoculars::LogResponse response;
  ASSERT_TRUE(response.ParseFromString(wire));
  ASSERT_EQ(response.log_size(), 2);
  EXPECT_EQ(response.log(0).timestamp(), "12:00");
  EXPECT_EQ(response.log(0).line(), "first");
  EXPECT_EQ(response.log(1).timestamp(), "");
  EXPECT_EQ(response.log(1).line(), "other");

  // A request's log options travel as Kubernetes numbers them:
  // log_options = 5 holding container = 1 and tailLines = 7.
  binoculars::LogRequest request;
  request.mutable_log_options()->set_container("c");
  request.mutable_log_options()->set_taillines(20);
  EXPECT_EQ(request.SerializeAsString(), std::string("\x2a\x05\x0a\x01"
                                                     "c"
                                                     "\x38\x14",
                                                     7));
}

// Hand-encoded bytes, as an Armada server of either generation would send a
// failed event: the seed generation's categories (15) and the later one's
// failure_category (16) and retryable (18) both land in their fields.
TEST(WireTest, BothFailedEventGenerationsParse) {
  std::string seed;
  seed +=
      "\x0a\x03"
      "job";  // job_id = 1
  seed +=
      "\x7a\x03"
      "oom";  // categories = 15
  seed +=
      "\x7a\x0a"
      "user_error";  // categories = 15
  api::JobFailedEvent first;
  ASSERT_TRUE(first.ParseFromString(seed));
  EXPECT_EQ(first.job_id(), "job");
  ASSERT_EQ(first.categories_size(), 2);
  EXPECT_EQ(first.categories(0), "oom");
  EXPECT_EQ(first.categories(1), "user_error");

  std::string later;
  later +=
      "\x82\x01\x03"
      "oom";  // failure_category = 16
  later +=
      "\x8a\x01\x06"
      "killed";                             // failure_subcategory = 17
  later += std::string("\x90\x01\x01", 3);  // retryable = 18
  api::JobFailedEvent second;
  ASSERT_TRUE(second.ParseFromString(later));
  EXPECT_EQ(second.failure_category(), "oom");
  EXPECT_EQ(second.failure_subcategory(), "killed");
  EXPECT_TRUE(second.retryable());
  EXPECT_EQ(second.categories_size(), 0);
}

TEST(WireTest, ExplicitZeroGracePeriodSurvivesTheWire) {
  k8s::io::api::core::v1::PodSpec spec;
  spec.set_terminationgraceperiodseconds(0);
  k8s::io::api::core::v1::PodSpec back;
  ASSERT_TRUE(back.ParseFromString(spec.SerializeAsString()));
  EXPECT_TRUE(back.has_terminationgraceperiodseconds());
}

TEST(WireTest, RoundTripThroughEventMessage) {
  api::EventStreamMessage msg;
  msg.set_id("42");
  auto* failed = msg.mutable_message()->mutable_failed();
  failed->set_job_id("01abc");
  failed->add_categories("oom");
  failed->set_failure_category("oom");
  auto* status = failed->add_container_statuses();
  status->set_exitcode(137);
  status->set_reason("OOMKilled");
  api::EventStreamMessage back;
  ASSERT_TRUE(back.ParseFromString(msg.SerializeAsString()));
  ASSERT_EQ(back.message().events_case(), api::EventMessage::kFailed);
  EXPECT_EQ(back.message().failed().container_statuses(0).exitcode(), 137);
  EXPECT_EQ(back.message().failed().categories(0), "oom");
}

}  // namespace
