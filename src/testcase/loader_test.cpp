// What the loader accepts: naming conventions, Kubernetes value notations,
// inline fields, oneofs, defaults and round trips.
#include "testcase/loader.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "testcase/proto_to_yaml.h"

namespace armada::testcase {
namespace {

using google::protobuf::util::MessageDifferencer;

// A valid job list that tests extend with the fields they examine.
constexpr char kJobs[] = R"(numBatches: 1
batchSize: 1
queue: e2e-test-queue
jobs:
  - namespace: default
    podSpec:
      containers:
        - name: c
          command: ["true"]
)";

api::TestSpec Parse(const std::string& yaml) {
  auto spec = ParseTestCaseAsWritten(yaml, "case.yaml");
  EXPECT_TRUE(spec.ok()) << spec.status().message() << "\n--- for ---\n" << yaml;
  return spec.ok() ? *spec : api::TestSpec();
}

// Parses, writes back as YAML, parses again: both readings must agree.
void ExpectRoundTrip(const api::TestSpec& spec) {
  const std::string yaml = MessageToYaml(spec);
  auto again = ParseTestCaseAsWritten(yaml, "roundtrip.yaml");
  ASSERT_TRUE(again.ok()) << again.status().message() << "\n" << yaml;
  std::string diff;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(spec, *again)) << diff << "\n" << yaml;
}

TEST(LoaderTest, AcceptsCamelCaseAndSnakeCaseNames) {
  api::TestSpec camel =
      Parse(std::string(kJobs) + "jobSetId: set\ntriggerEvent: queued\nrandomClientId: true\n" +
            "expectedEvents:\n  - submitted:\n");
  api::TestSpec snake = Parse(
      "num_batches: 1\nbatch_size: 1\nqueue: e2e-test-queue\n"
      "jobs:\n  - namespace: default\n    pod_spec:\n      containers:\n"
      "        - name: c\n          command: [\"true\"]\n"
      "job_set_id: set\ntrigger_event: queued\nrandom_client_id: true\n"
      "expected_events:\n  - submitted:\n");
  EXPECT_EQ(camel.job_set_id(), "set");
  EXPECT_EQ(camel.trigger_event(), "queued");
  EXPECT_TRUE(camel.random_client_id());
  EXPECT_EQ(camel.num_batches(), 1u);
  EXPECT_TRUE(MessageDifferencer::Equals(camel, snake));
}

TEST(LoaderTest, ReadsQuantitiesAsWritten) {
  api::TestSpec spec = Parse(R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - podSpec:
      containers:
        - name: c
          resources:
            limits: {memory: 25Mi, cpu: 100m, ephemeral-storage: 1Gi}
            requests:
              memory: "1.5Gi"
              cpu: 2
              nvidia.com/gpu: 0.5
expectedEvents: [{submitted: {}}]
)");
  const auto& resources = spec.jobs(0).pod_spec().containers(0).resources();
  EXPECT_EQ(resources.limits().at("memory").string(), "25Mi");
  EXPECT_EQ(resources.limits().at("cpu").string(), "100m");
  EXPECT_EQ(resources.limits().at("ephemeral-storage").string(), "1Gi");
  EXPECT_EQ(resources.requests().at("memory").string(), "1.5Gi");
  EXPECT_EQ(resources.requests().at("cpu").string(), "2");
  EXPECT_EQ(resources.requests().at("nvidia.com/gpu").string(), "0.5");
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, ReadsGoDurations) {
  api::TestSpec spec = Parse(std::string(kJobs) + "timeout: \"1m30s\"\ninterval: 100ms\n" +
                             "expectedEvents: [{submitted: }]\n");
  EXPECT_EQ(spec.timeout().seconds(), 90);
  EXPECT_EQ(spec.interval().seconds(), 0);
  EXPECT_EQ(spec.interval().nanos(), 100'000'000);
  EXPECT_EQ(Parse(std::string(kJobs) + "timeout: 1.5s\n").timeout().nanos(), 500'000'000);
  EXPECT_EQ(Parse(std::string(kJobs) + "timeout: 1h\n").timeout().seconds(), 3600);
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, ReadsIntOrStringAndInlineProbeHandler) {
  api::TestSpec spec = Parse(R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - podSpec:
      containers:
        - name: web
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
            periodSeconds: 5
          readinessProbe:
            tcpSocket: {port: http}
          startupProbe:
            exec:
              command: [cat, /tmp/ready]
            initialDelaySeconds: 2
)");
  const auto& container = spec.jobs(0).pod_spec().containers(0);
  EXPECT_EQ(container.livenessprobe().handler().httpget().port().type(), 0);
  EXPECT_EQ(container.livenessprobe().handler().httpget().port().intval(), 8080);
  EXPECT_EQ(container.livenessprobe().periodseconds(), 5);
  EXPECT_EQ(container.readinessprobe().handler().tcpsocket().port().type(), 1);
  EXPECT_EQ(container.readinessprobe().handler().tcpsocket().port().strval(), "http");
  ASSERT_EQ(container.startupprobe().handler().exec().command_size(), 2);
  EXPECT_EQ(container.startupprobe().handler().exec().command(1), "/tmp/ready");
  EXPECT_EQ(container.startupprobe().initialdelayseconds(), 2);
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, FlattensInlineVolumeSourceAndObjectReferences) {
  api::TestSpec spec = Parse(R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - podSpec:
      volumes:
        - name: scratch
          emptyDir: {}
        - name: config
          configMap:
            name: settings
            items: [{key: a, path: a.txt}]
      containers:
        - name: c
          env:
            - name: FROM_MAP
              valueFrom:
                configMapKeyRef: {name: settings, key: level}
            - name: FROM_SECRET
              valueFrom:
                secretKeyRef: {name: creds, key: token, optional: true}
          envFrom:
            - configMapRef: {name: settings}
            - secretRef: {name: creds}
)");
  const auto& pod = spec.jobs(0).pod_spec();
  EXPECT_EQ(pod.volumes(0).name(), "scratch");
  EXPECT_TRUE(pod.volumes(0).volumesource().has_emptydir());
  EXPECT_EQ(pod.volumes(1).volumesource().configmap().localobjectreference().name(), "settings");
  EXPECT_EQ(pod.volumes(1).volumesource().configmap().items(0).path(), "a.txt");
  const auto& env = pod.containers(0).env();
  EXPECT_EQ(env[0].valuefrom().configmapkeyref().localobjectreference().name(), "settings");
  EXPECT_EQ(env[0].valuefrom().configmapkeyref().key(), "level");
  EXPECT_EQ(env[1].valuefrom().secretkeyref().localobjectreference().name(), "creds");
  EXPECT_TRUE(env[1].valuefrom().secretkeyref().optional());
  const auto& env_from = pod.containers(0).envfrom();
  EXPECT_EQ(env_from[0].configmapref().localobjectreference().name(), "settings");
  EXPECT_EQ(env_from[1].secretref().localobjectreference().name(), "creds");
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, EmptyOneofValuesSelectTheMember) {
  api::TestSpec spec = Parse(std::string(kJobs) + R"(cancel:
  request:
expectedEvents:
  - submitted:
  - queued: {}
  - leaseReturned:
  - lease_expired:
  - cancelled: ~
)");
  ASSERT_EQ(spec.expected_events_size(), 5);
  EXPECT_TRUE(spec.expected_events(0).has_submitted());
  EXPECT_TRUE(spec.expected_events(1).has_queued());
  EXPECT_TRUE(spec.expected_events(2).has_lease_returned());
  EXPECT_TRUE(spec.expected_events(3).has_lease_expired());
  EXPECT_TRUE(spec.expected_events(4).has_cancelled());
  // `request:` with no value still makes the (empty) request present.
  EXPECT_TRUE(spec.has_cancel());
  EXPECT_TRUE(spec.cancel().has_request());
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, ReadsBothJobFailedEventGenerations) {
  api::TestSpec spec = Parse(std::string(kJobs) + R"(expectedEvents:
  - submitted:
  - failed: {categories: [oom]}
  - failed:
      failureCategory: oom
      failureSubcategory: x
      retryable: true
      reason: "OOM.*killed"
      cause: OOM
)");
  ASSERT_EQ(spec.expected_events_size(), 3);
  const auto& first = spec.expected_events(1).failed();
  ASSERT_EQ(first.categories_size(), 1);
  EXPECT_EQ(first.categories(0), "oom");
  const auto& second = spec.expected_events(2).failed();
  EXPECT_EQ(second.failure_category(), "oom");
  EXPECT_EQ(second.failure_subcategory(), "x");
  EXPECT_TRUE(second.retryable());
  EXPECT_EQ(second.reason(), "OOM.*killed");
  EXPECT_EQ(second.cause(), api::OOM);
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, ReadsEnumsByNameAndNumberAndIntegerMapKeys) {
  api::TestSpec spec = Parse(std::string(kJobs) + R"(expectedEvents:
  - ingressInfo:
      ingressAddresses: {4000: "10.0.0.1:4000", 22: host}
  - failed: {cause: 3}
queueConfig:
  setup:
    queueSpec:
      priorityFactor: 3
      resourceLimits: {cpu: 0.5}
)");
  const auto& addresses = spec.expected_events(0).ingress_info().ingress_addresses();
  EXPECT_EQ(addresses.at(4000), "10.0.0.1:4000");
  EXPECT_EQ(addresses.at(22), "host");
  EXPECT_EQ(spec.expected_events(1).failed().cause(), api::DeadlineExceeded);
  EXPECT_EQ(spec.queue_config().setup().queue_spec().priority_factor(), 3.0);
  EXPECT_EQ(spec.queue_config().setup().queue_spec().resource_limits().at("cpu"), 0.5);
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, ReadsTimestamps) {
  api::TestSpec spec = Parse(std::string(kJobs) +
                             "expectedEvents:\n  - queued: {created: \"2024-01-02T15:04:05Z\"}\n");
  EXPECT_EQ(spec.expected_events(0).queued().created().seconds(), 1704207845);
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, MergesTwoDocuments) {
  api::TestSpec spec = Parse(std::string(kJobs) + "---\ntimeout: 10s\nexpectedEvents:\n" +
                             "  - submitted:\n  - succeeded:\n");
  EXPECT_EQ(spec.jobs_size(), 1);
  EXPECT_EQ(spec.timeout().seconds(), 10);
  EXPECT_EQ(spec.expected_events_size(), 2);
  // A trailing separator adds an empty document, which is fine.
  EXPECT_EQ(Parse(std::string(kJobs) + "---\n").jobs_size(), 1);
}

TEST(LoaderTest, QueueTestsMayHaveNoJobs) {
  api::TestSpec spec = Parse(R"(queue: e2e-test-queue
---
timeout: "30s"
queueConfig:
  setup:
    queueSpec:
      priorityFactor: 3.0
  update:
    priorityFactor: 2.0
  assertions:
    - appearsInStream: true
    - matches:
        priorityFactor: 2.0
    - deleted: true
)");
  EXPECT_EQ(spec.queue_config().assertions_size(), 3);
  EXPECT_EQ(spec.queue_config().update().priority_factor(), 2.0);
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, DefaultsNameAndUniqueJobSetFromFileName) {
  auto first = ParseTestCase(kJobs, "testcases/basic/submit_1x1.yaml");
  auto second = ParseTestCase(kJobs, "testcases/basic/submit_1x1.yaml");
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->name(), "submit_1x1");
  EXPECT_EQ(first->job_set_id().rfind("submit_1x1-", 0), 0u) << first->job_set_id();
  EXPECT_EQ(first->job_set_id().size(), std::string("submit_1x1-").size() + 10);
  EXPECT_NE(first->job_set_id(), second->job_set_id());
  // Fields Armada leaves alone stay as written.
  EXPECT_FALSE(first->has_timeout());
  EXPECT_EQ(first->num_batches(), 1u);
}

TEST(LoaderTest, KeepsGivenNameAndPrefixesGivenJobSet) {
  auto spec = ParseTestCase(std::string(kJobs) + "name: mine\njobSetId: node-cancel-test\n",
                            "dir/file.yml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name(), "mine");
  EXPECT_EQ(spec->job_set_id().rfind("node-cancel-test-", 0), 0u) << spec->job_set_id();
  EXPECT_GT(spec->job_set_id().size(), std::string("node-cancel-test-").size());
}

TEST(LoaderTest, RoundTripsStringsThatLookLikeOtherTypes) {
  api::TestSpec spec = Parse(std::string(kJobs) + R"(name: "true"
environment: "123"
target: "null"
expectedEvents:
  - failed: {reason: "multi\nline: with # and \"quotes\""}
)");
  EXPECT_EQ(spec.name(), "true");
  EXPECT_EQ(spec.environment(), "123");
  EXPECT_EQ(spec.target(), "null");
  ExpectRoundTrip(spec);
}

// Armada's loader converts plain scalars toward a string field's type, and
// its own performance cases rely on it (`args: [--matrix, 0]`).
TEST(LoaderTest, PlainScalarsInStringFieldsAreTheirText) {
  api::TestSpec spec = Parse(R"(numBatches: 1
batchSize: 1
queue: 12
jobs:
  - namespace: default
    podSpec:
      containers:
        - name: c
          args: [--matrix, 0, --ratio, 1.5, --verbose, true]
)");
  EXPECT_EQ(spec.queue(), "12");
  const auto& args = spec.jobs(0).pod_spec().containers(0).args();
  ASSERT_EQ(args.size(), 6);
  EXPECT_EQ(args[1], "0");
  EXPECT_EQ(args[3], "1.5");
  EXPECT_EQ(args[5], "true");
  ExpectRoundTrip(spec);
}

// YAML 1.1 merge keys, as Armada's loader (go-yaml v2) reads them: keys the
// mapping writes win over merged ones, and earlier list elements over later.
TEST(LoaderTest, MergeKeysShareAPodSpecAndEventFields) {
  api::TestSpec spec = Parse(R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - namespace: default
    labels: &labels {team: a, tier: gold}
    podSpec: &pod
      restartPolicy: Never
      containers:
        - name: c
          image: alpine
  - namespace: default
    labels:
      <<: *labels
      tier: silver
    podSpec:
      restartPolicy: OnFailure
      <<: *pod
expectedEvents:
  - submitted:
  - failed: &failed
      reason: oom
      categories: [oom]
  - failed:
      <<: *failed
      reason: killed
)");
  ASSERT_EQ(spec.jobs_size(), 2);
  const auto& shared = spec.jobs(1).pod_spec();
  EXPECT_EQ(shared.restartpolicy(), "OnFailure");
  ASSERT_EQ(shared.containers_size(), 1);
  EXPECT_EQ(shared.containers(0).image(), "alpine");
  EXPECT_EQ(spec.jobs(1).labels().at("team"), "a");
  EXPECT_EQ(spec.jobs(1).labels().at("tier"), "silver");
  EXPECT_EQ(spec.jobs(0).labels().at("tier"), "gold");
  ASSERT_EQ(spec.expected_events_size(), 3);
  EXPECT_EQ(spec.expected_events(2).failed().reason(), "killed");
  ASSERT_EQ(spec.expected_events(2).failed().categories_size(), 1);
  EXPECT_EQ(spec.expected_events(2).failed().categories(0), "oom");
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, MergeKeyListsPreferEarlierMappings) {
  api::TestSpec spec = Parse(std::string(kJobs) + R"(  - namespace: first
    priority: 1
    podSpec: &base
      restartPolicy: Never
      priority: 3
      containers: [{name: base}]
  - <<: [{namespace: second, priority: 2}, {namespace: third, priority: 4, clientId: x}]
    podSpec:
      <<: [{restartPolicy: Always}, *base]
)");
  ASSERT_EQ(spec.jobs_size(), 3);
  const auto& job = spec.jobs(2);
  EXPECT_EQ(job.namespace_(), "second");
  EXPECT_EQ(job.priority(), 2);
  EXPECT_EQ(job.client_id(), "x");
  EXPECT_EQ(job.pod_spec().restartpolicy(), "Always");
  EXPECT_EQ(job.pod_spec().priority(), 3);
  ASSERT_EQ(job.pod_spec().containers_size(), 1);
  EXPECT_EQ(job.pod_spec().containers(0).name(), "base");
}

// go-yaml v2 reads plain integers by YAML 1.1 and Go's rules: a leading 0
// is octal; 0o, 0x and 0b prefixes name their bases.
TEST(LoaderTest, ReadsIntegersAsGoYamlV2Does) {
  api::TestSpec spec = Parse(R"(numBatches: 012
batchSize: 0x1A
queue: 012
jobs:
  - namespace: default
    priority: 0o12
    labels: {010: a}
    podSpec:
      priority: -0b11
      containers:
        - name: c
          args: [012, 0x1A, 0o17, 09, 1_000, "012", 0x]
          resources: {limits: {memory: 012}}
          ports: [{containerPort: 0100}]
)");
  EXPECT_EQ(spec.num_batches(), 10u);
  EXPECT_EQ(spec.batch_size(), 26u);
  EXPECT_EQ(spec.queue(), "10");
  ASSERT_EQ(spec.jobs_size(), 1);
  const auto& job = spec.jobs(0);
  EXPECT_EQ(job.priority(), 10);
  EXPECT_EQ(job.labels().at("8"), "a");
  EXPECT_EQ(job.pod_spec().priority(), -3);
  const auto& container = job.pod_spec().containers(0);
  EXPECT_EQ(std::vector<std::string>(container.args().begin(), container.args().end()),
            (std::vector<std::string>{"10", "26", "15", "9", "1000", "012", "0x"}));
  EXPECT_EQ(container.resources().limits().at("memory").string(), "10");
  EXPECT_EQ(container.ports(0).containerport(), 64);
  ExpectRoundTrip(spec);
}

TEST(LoaderTest, SerializesInlineFieldsFlattened) {
  api::TestSpec spec = Parse(R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - podSpec:
      volumes: [{name: x, emptyDir: {}}]
)");
  const std::string yaml = MessageToYaml(spec);
  EXPECT_EQ(yaml.find("volumeSource"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("emptyDir"), std::string::npos) << yaml;
}

}  // namespace
}  // namespace armada::testcase
