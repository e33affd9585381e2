// Test cases in the form Armada's own testsuite writes them (the fixtures are
// equivalent copies of files under armada/testsuite/testcases) must load
// unchanged: the format is shared.
#include <gtest/gtest.h>

#include "testcase/loader.h"

namespace armada::testcase {
namespace {

api::TestSpec Load(const std::string& yaml, const std::string& name) {
  auto spec = ParseTestCase(yaml, "testcases/" + name);
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return spec.ok() ? *spec : api::TestSpec();
}

TEST(ArmadaFixturesTest, CancelByIds) {
  api::TestSpec spec = Load(R"yaml(numBatches: 1
batchSize: 10
queue: e2e-test-queue
jobs:
  - priority: 0
    namespace: personal-anonymous
    podSpec:
      terminationGracePeriodSeconds: 0
      restartPolicy: Never
      containers:
        - name: cancel-by-id
          imagePullPolicy: IfNotPresent
          image: alpine:3.20.0
          args:
            - "sleep"
            - "100s"
          resources:
            limits:
              memory: 25Mi
              cpu: 100m
            requests:
              memory: 25Mi
              cpu: 100m
---
triggerEvent: queued
cancel:
  request:
timeout: "100s"
expectedEvents:
  - submitted:
  - cancelled:
)yaml",
                            "basic/cancel_by_ids_1x10.yaml");
  EXPECT_EQ(spec.name(), "cancel_by_ids_1x10");
  EXPECT_EQ(spec.batch_size(), 10u);
  EXPECT_EQ(spec.jobs(0).namespace_(), "personal-anonymous");
  EXPECT_TRUE(spec.jobs(0).pod_spec().has_terminationgraceperiodseconds());
  EXPECT_EQ(spec.jobs(0).pod_spec().restartpolicy(), "Never");
  EXPECT_EQ(spec.jobs(0).pod_spec().containers(0).args(1), "100s");
  EXPECT_TRUE(spec.cancel().has_request());
  EXPECT_EQ(spec.timeout().seconds(), 100);
  ASSERT_EQ(spec.expected_events_size(), 2);
  EXPECT_TRUE(spec.expected_events(1).has_cancelled());
}

TEST(ArmadaFixturesTest, IngressWithPorts) {
  api::TestSpec spec = Load(R"yaml(numBatches: 1
batchSize: 1
queue: e2e-test-queue
jobs:
  - priority: 0
    namespace: personal-anonymous
    ingress:
      - type: Ingress
        tlsEnabled: false
        ports:
          - 4000
    podSpec:
      terminationGracePeriodSeconds: 0
      restartPolicy: Never
      containers:
        - name: nc
          imagePullPolicy: IfNotPresent
          image: alpine:3.20.0
          # Answers one request, then exits.
          args: ["nc", "-l", "-p", "4000", "-e", "echo", "HTTP/1.1 200 OK\nContent-Length: 12\n\nHello world!"]
          resources:
            limits:
              memory: 100Mi
              cpu: 100m
            requests:
              memory: 100Mi
              cpu: 100m
          ports:
            - containerPort: 4000
              protocol: TCP
              name: port
---
timeout: "100s"
expectedEvents:
  - submitted:
  - ingressInfo:
  - succeeded:
)yaml",
                            "basic/ingress.yaml");
  ASSERT_EQ(spec.jobs(0).ingress_size(), 1);
  EXPECT_EQ(spec.jobs(0).ingress(0).ports(0), 4000u);
  EXPECT_FALSE(spec.jobs(0).ingress(0).tls_enabled());
  const auto& port = spec.jobs(0).pod_spec().containers(0).ports(0);
  EXPECT_EQ(port.containerport(), 4000);
  EXPECT_EQ(port.protocol(), "TCP");
  EXPECT_TRUE(spec.expected_events(1).has_ingress_info());
}

TEST(ArmadaFixturesTest, HeadlessServiceWithFieldRefEnv) {
  api::TestSpec spec = Load(R"yaml(numBatches: 1
batchSize: 1
queue: e2e-test-queue
jobs:
  - priority: 0
    namespace: personal-anonymous
    services:
      - ports:
          - 1000
        type: Headless
    podSpec:
      terminationGracePeriodSeconds: 0
      restartPolicy: Never
      containers:
        - name: client
          imagePullPolicy: IfNotPresent
          image: bitnamilegacy/kubectl:1.33.4
          command: ["bash", "-c"]
          args:
            - |
              echo "job id: ${JOB_ID}"
              sleep 5
          env:
            - name: JOB_ID
              valueFrom:
                fieldRef:
                  fieldPath: metadata.labels['armada_job_id']
          resources:
            limits:
              memory: 128Mi
              cpu: 200m
            requests:
              memory: 128Mi
              cpu: 200m
---
timeout: "100s"
expectedEvents:
  - submitted:
  - succeeded:
)yaml",
                            "basic/service_headless.yaml");
  EXPECT_EQ(spec.jobs(0).services(0).type(), api::Headless);
  EXPECT_EQ(spec.jobs(0).services(0).ports(0), 1000u);
  const auto& env = spec.jobs(0).pod_spec().containers(0).env(0);
  EXPECT_EQ(env.valuefrom().fieldref().fieldpath(), "metadata.labels['armada_job_id']");
  EXPECT_EQ(spec.jobs(0).pod_spec().containers(0).args(0), "echo \"job id: ${JOB_ID}\"\nsleep 5\n");
}

TEST(ArmadaFixturesTest, NodeCancelWithTolerationsAndFixedJobSet) {
  api::TestSpec spec = Load(R"yaml(numBatches: 1
batchSize: 5
queue: e2e-test-queue
jobSetId: node-cancel-test
jobs:
  - priority: 0
    namespace: personal-anonymous
    podSpec:
      terminationGracePeriodSeconds: 0
      restartPolicy: Never
      nodeSelector:
        armadaproject.io/node-pool: node-ops
      tolerations:
        - key: node-tests
          operator: Equal
          value: "true"
          effect: NoSchedule
      containers:
        - name: cancel-by-node
          imagePullPolicy: IfNotPresent
          image: alpine:3.20.0
          args:
            - "sleep"
            - "300s"
          resources:
            limits:
              memory: 25Mi
              cpu: 10m
            requests:
              memory: 25Mi
              cpu: 10m
---
triggerEvent: leased
cancelOnNode:
  nodePoolTag: node-ops
  request:
    executor: local-cluster
    queues:
      - e2e-test-queue
expectedEvents:
  - submitted:
  - cancelled:
timeout: "180s"
)yaml",
                            "node/node_cancel_by_name_1x5.yaml");
  const auto& pod = spec.jobs(0).pod_spec();
  EXPECT_EQ(pod.nodeselector().at("armadaproject.io/node-pool"), "node-ops");
  EXPECT_EQ(pod.tolerations(0).value(), "true");
  EXPECT_EQ(pod.tolerations(0).effect(), "NoSchedule");
  EXPECT_EQ(spec.cancel_on_node().node_pool_tag(), "node-ops");
  EXPECT_EQ(spec.cancel_on_node().request().queues(0), "e2e-test-queue");
  EXPECT_EQ(spec.trigger_event(), "leased");
  EXPECT_EQ(spec.job_set_id().rfind("node-cancel-test-", 0), 0u);
}

TEST(ArmadaFixturesTest, SharedVolumeWithInitContainer) {
  api::TestSpec spec = Load(R"yaml(numBatches: 1
batchSize: 1
queue: e2e-test-queue
jobs:
  - priority: 0
    namespace: personal-anonymous
    podSpec:
      terminationGracePeriodSeconds: 0
      restartPolicy: Never
      volumes:
        - name: shared-data
          emptyDir: {}
      initContainers:
        - name: writer
          imagePullPolicy: IfNotPresent
          image: alpine:3.20.0
          command:
            - sh
            - -c
            - |
              echo "Hello world!" > /usr/share/test/file.txt
          volumeMounts:
            - name: shared-data
              mountPath: /usr/share/test
      containers:
        - name: reader
          image: alpine:3.20.0
          command: [sh, -c, 'test "$(cat /usr/share/test/file.txt)" = "Hello world!"']
          volumeMounts:
            - name: shared-data
              mountPath: /usr/share/test
---
timeout: "100s"
expectedEvents:
  - submitted:
  - succeeded:
)yaml",
                            "basic/submit_fileshare_1x1.yaml");
  const auto& pod = spec.jobs(0).pod_spec();
  EXPECT_TRUE(pod.volumes(0).volumesource().has_emptydir());
  EXPECT_EQ(pod.initcontainers(0).volumemounts(0).mountpath(), "/usr/share/test");
}

TEST(ArmadaFixturesTest, GangAnnotationsAndQuotedNumbers) {
  api::TestSpec spec = Load(R"yaml(numBatches: 1
batchSize: 3
queue: e2e-test-queue
jobs:
  - priority: 0
    namespace: personal-anonymous
    annotations:
      armadaproject.io/gangId: "my-gang"
      armadaproject.io/gangCardinality: "3"
    podSpec:
      restartPolicy: Never
      containers:
        - name: sleep
          image: alpine:3.20.0
          command: ["sh", "-c", "true"]
---
timeout: "100s"
expectedEvents:
  - submitted:
  - succeeded:
)yaml",
                            "basic/gang.yaml");
  EXPECT_EQ(spec.jobs(0).annotations().at("armadaproject.io/gangCardinality"), "3");
}

}  // namespace
}  // namespace armada::testcase
