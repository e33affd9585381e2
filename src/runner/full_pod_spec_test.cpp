// A test case using core/v1 pod spec fields beyond what armada-localstack
// runs (a projected volume, csi, nfs, an ephemeral volume with its claim
// template, ephemeralContainers, Windows options, AppArmor) loads strictly
// and reaches Armada's submit API whole: what the file says is what the
// server receives, field for field.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "runner/submitter.h"
#include "runner/testing/fake_armada.h"
#include "testcase/loader.h"

namespace armada::runner {
namespace {

using testing::FakeArmada;

constexpr char kCase[] = R"(queue: q
jobs:
  - namespace: default
    podSpecs:
      - restartPolicy: Never
        securityContext:
          appArmorProfile: {type: RuntimeDefault}
          seLinuxChangePolicy: MountOption
          supplementalGroupsPolicy: Strict
        containers:
          - name: main
            image: alpine:3.20.0
            command: [sh, -c, "cat /var/run/token/token"]
            securityContext:
              windowsOptions: {runAsUserName: ContainerUser}
            volumeMounts:
              - {name: token, mountPath: /var/run/token}
            resources:
              limits: {memory: 25Mi, cpu: 100m}
              requests: {memory: 25Mi, cpu: 100m}
        ephemeralContainers:
          - name: debug
            image: busybox
            targetContainerName: main
        topologySpreadConstraints:
          - maxSkew: 1
            topologyKey: zone
            whenUnsatisfiable: DoNotSchedule
            nodeTaintsPolicy: Honor
            matchLabelKeys: [pod-template-hash]
        volumes:
          - name: token
            projected:
              defaultMode: 420
              sources:
                - serviceAccountToken: {path: token, expirationSeconds: 600, audience: armada}
                - configMap:
                    name: settings
                    items: [{key: a, path: a.txt}]
                - secret: {name: creds, optional: true}
                - downwardAPI:
                    items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
                - clusterTrustBundle: {signerName: example.com/signer, path: ca.pem}
          - name: data
            csi: {driver: csi.example.com, readOnly: true, volumeAttributes: {size: small}}
          - name: shared
            nfs: {server: nfs.example.com, path: /exports}
          - name: scratch
            ephemeral:
              volumeClaimTemplate:
                metadata: {labels: {app: e2e}}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: fast
                  resources: {requests: {storage: 1Gi}}
---
timeout: 1s
expectedEvents:
  - submitted:
)";

TEST(FullPodSpecTest, AProjectedVolumeCaseLoadsAndIsSubmittedWhole) {
  auto spec = testcase::ParseTestCase(kCase, "projected.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const auto& pod = spec->jobs(0).pod_specs(0);
  ASSERT_EQ(pod.volumes_size(), 4);
  EXPECT_EQ(pod.volumes(0).volumesource().projected().sources_size(), 5);
  EXPECT_EQ(pod.volumes(0)
                .volumesource()
                .projected()
                .sources(1)
                .configmap()
                .localobjectreference()
                .name(),
            "settings");
  EXPECT_EQ(pod.volumes(3)
                .volumesource()
                .ephemeral()
                .volumeclaimtemplate()
                .spec()
                .resources()
                .requests()
                .at("storage")
                .string(),
            "1Gi");
  EXPECT_EQ(pod.ephemeralcontainers(0).ephemeralcontainercommon().name(), "debug");
  EXPECT_EQ(pod.ephemeralcontainers(0).targetcontainername(), "main");

  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("projected");
  ASSERT_TRUE(SubmitJobs(*spec, connection, stop, log, [](const auto&, auto) {}).ok());
  const auto submits = fake.Submits();
  ASSERT_EQ(submits.size(), 1u);
  // Field for field what was loaded: nothing dropped on the way.
  api::JobSubmitRequestItem sent = submits[0].job_request_items(0);
  api::JobSubmitRequestItem loaded = spec->jobs(0);
  sent.clear_client_id();
  loaded.clear_client_id();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(sent, loaded))
      << sent.DebugString();
  EXPECT_EQ(sent.pod_specs(0).volumes(1).volumesource().csi().volumeattributes().at("size"),
            "small");
}

TEST(FullPodSpecTest, AMisspelledVolumeSourceKeyIsStillAnErrorWithItsPosition) {
  std::string text = kCase;
  text.replace(text.find("            nfs:"), 16, "            nsf:");
  auto spec = testcase::ParseTestCase(text, "projected.yaml");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.status().message(), ::testing::HasSubstr("projected.yaml:47:13"));
  EXPECT_THAT(spec.status().message(), ::testing::HasSubstr("unknown field \"nsf\""));
}

}  // namespace
}  // namespace armada::runner
