// What the loader refuses, and that it says where: each error carries the
// file, line, column and field path, and one load reports all of them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "testcase/loader.h"

namespace armada::testcase {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The error lines of a load that must fail.
std::vector<std::string> Errors(const std::string& yaml) {
  auto spec = ParseTestCase(yaml, "case.yaml");
  EXPECT_FALSE(spec.ok()) << "loaded:\n" << yaml;
  std::vector<std::string> lines;
  if (spec.ok()) return lines;
  std::string message = spec.status().message();
  size_t start = 0;
  while (start <= message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    lines.push_back(message.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Jobs that are valid, so the tests below have exactly the errors they add.
// Lines 1-7.
constexpr char kJobs[] = R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - podSpec:
      containers:
        - name: c
)";

// kJobs with its pod spec anchored as &pod.
constexpr char kAnchoredJobs[] = R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - podSpec: &pod
      containers:
        - name: c
)";

TEST(LoaderErrorsTest, UnknownKeyWithSuggestion) {
  EXPECT_THAT(Errors(std::string(kJobs) + R"(expectedEvents:
  - submitted:
  - failed:
      categoriez: [oom]
)"),
              ElementsAre("case.yaml:11:7: expectedEvents[1].failed.categoriez: unknown field "
                          "\"categoriez\" in JobFailedEvent; did you mean \"categories\"?"));
  EXPECT_THAT(Errors(std::string(kJobs) + "timout: 10s\n"),
              ElementsAre("case.yaml:8:1: timout: unknown field \"timout\" in TestSpec; did you "
                          "mean \"timeout\"?"));
  EXPECT_THAT(Errors(std::string(kJobs) + "flavour: vanilla\n"),
              ElementsAre("case.yaml:8:1: flavour: unknown field \"flavour\" in TestSpec"));
}

TEST(LoaderErrorsTest, UnknownKeyInsideKubernetesMessages) {
  EXPECT_THAT(Errors(R"(numBatches: 1
batchSize: 1
jobs:
  - podSpec:
      containers:
        - name: c
          imagePullPolicy: Never
          resorces: {}
queue: q
)"),
              ElementsAre("case.yaml:8:11: jobs[0].podSpec.containers[0].resorces: unknown field "
                          "\"resorces\" in Container; did you mean \"resources\"?"));
}

TEST(LoaderErrorsTest, WrongTypes) {
  EXPECT_THAT(Errors(R"(numBatches: 1
batchSize: many
queue: [q]
randomClientId: "yes"
jobs:
  - priority: high
    podSpec:
      containers: {name: c}
)"),
              ElementsAre("case.yaml:2:12: batchSize: expected a non-negative integer, got the "
                          "string \"many\"",
                          "case.yaml:3:8: queue: expected a string, got a list",
                          "case.yaml:4:17: randomClientId: expected true or false, got the "
                          "string \"yes\"",
                          "case.yaml:6:15: jobs[0].priority: expected a number, got the string "
                          "\"high\"",
                          "case.yaml:8:19: jobs[0].podSpec.containers: expected a list of a "
                          "mapping (Container), got a mapping"));
}

TEST(LoaderErrorsTest, NumbersOutOfRange) {
  EXPECT_THAT(Errors(std::string(kJobs) + "          ports: [{containerPort: 99999999999}]\n" +
                     "expectedEvents: [{failed: {podNumber: -1}}]\nnum_batches: -1\n"),
              ElementsAre(StartsWith("case.yaml:8:35: jobs[0].podSpec.containers[0].ports[0]."
                                     "containerPort: 99999999999 is out of range for int32"),
                          // podNumber is int32, so -1 is fine; num_batches repeats numBatches.
                          StartsWith("case.yaml:10:1: numBatches: \"num_batches\" sets the same "
                                     "field as \"numBatches\" at line 1")));
}

TEST(LoaderErrorsTest, BadQuantity) {
  std::vector<std::string> errors = Errors(std::string(kJobs) + R"(          resources:
            limits: {memory: 25Mb, cpu: [1]}
)");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0], StartsWith("case.yaml:9:30: jobs[0].podSpec.containers[0].resources."
                                    "limits.memory: "));
  EXPECT_THAT(errors[0], HasSubstr("25Mb"));
  EXPECT_EQ(errors[1],
            "case.yaml:9:41: jobs[0].podSpec.containers[0].resources.limits.cpu: expected a "
            "quantity such as 25Mi, 100m or 2, got a list");
}

TEST(LoaderErrorsTest, BadDuration) {
  std::vector<std::string> errors =
      Errors(std::string(kJobs) + "timeout: 300\ninterval: \"5 minutes\"\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0], StartsWith("case.yaml:8:10: timeout: invalid duration \"300\": a unit "
                                    "is missing"));
  EXPECT_THAT(errors[1], StartsWith("case.yaml:9:11: interval: invalid duration \"5 minutes\""));
}

TEST(LoaderErrorsTest, DuplicateKeys) {
  EXPECT_THAT(Errors(std::string(kJobs) + "queue: other\njobSetId: a\njob_set_id: b\n"),
              ElementsAre("case.yaml:8:1: queue: duplicate key \"queue\" (first given at line 3)",
                          "case.yaml:10:1: jobSetId: \"job_set_id\" sets the same field as "
                          "\"jobSetId\" at line 9"));
  // Duplicates inside nested mappings and maps are found too.
  EXPECT_THAT(Errors(std::string(kJobs) + R"(          resources:
            limits:
              memory: 25Mi
              memory: 50Mi
)"),
              ElementsAre("case.yaml:11:15: jobs[0].podSpec.containers[0].resources.limits.memory: "
                          "duplicate key \"memory\" (first given at line 10)"));
}

// A merged-in key is checked like any other, where the anchored mapping
// writes it, once for each mapping it is merged into.
TEST(LoaderErrorsTest, UnknownKeyMergedIn) {
  EXPECT_THAT(Errors(std::string(kAnchoredJobs) + R"(      restartPolicyy: Never
  - podSpec:
      <<: *pod
      nodeName: n
)"),
              ElementsAre("case.yaml:8:7: jobs[0].podSpec.restartPolicyy: unknown field "
                          "\"restartPolicyy\" in PodSpec; did you mean \"restartPolicy\"?",
                          "case.yaml:8:7: jobs[1].podSpec.restartPolicyy: unknown field "
                          "\"restartPolicyy\" in PodSpec; did you mean \"restartPolicy\"?"));
}

TEST(LoaderErrorsTest, MergedKeysAreNoDuplicatesButKeysWrittenTwiceAre) {
  EXPECT_THAT(Errors(std::string(kAnchoredJobs) + R"(      restartPolicy: Never
  - podSpec:
      <<: *pod
      restartPolicy: Always
      containers: [{name: d}]
      restartPolicy: OnFailure
    labels:
      <<: {a: b}
      a: c
      a: d
)"),
              ElementsAre("case.yaml:13:7: jobs[1].podSpec.restartPolicy: duplicate key "
                          "\"restartPolicy\" (first given at line 11)",
                          "case.yaml:17:7: jobs[1].labels.a: duplicate key \"a\" (first given at "
                          "line 16)"));
}

TEST(LoaderErrorsTest, MergeKeyNeedsMappings) {
  EXPECT_THAT(Errors(std::string(kAnchoredJobs) + R"(  - podSpec:
      <<: [*pod, 3]
  - podSpec:
      <<: [q]
      containers: [{name: d}]
)"),
              ElementsAre("case.yaml:9:7: jobs[1].podSpec.<<[1]: a merge key's list must hold "
                          "only mappings, got the number 3",
                          "case.yaml:11:7: jobs[2].podSpec.<<[0]: a merge key's list must hold "
                          "only mappings, got the string \"q\""));
  EXPECT_THAT(Errors(std::string(kJobs) + "    labels:\n      <<: x\n"),
              ElementsAre("case.yaml:9:7: jobs[0].labels.<<: a merge key needs a mapping (such as "
                          "*defaults) or a list of mappings, got the string \"x\""));
}

TEST(LoaderErrorsTest, MergedOneofMemberConflictsWithAWrittenOne) {
  EXPECT_THAT(Errors(std::string(kJobs) + R"(expectedEvents:
  - &submitted {submitted: {}}
  - <<: *submitted
    failed:
)"),
              ElementsAre("case.yaml:9:17: expectedEvents[1].submitted: only one of events may "
                          "be set here, and \"failed\" already is (line 11)"));
}

TEST(LoaderErrorsTest, DuplicateAcrossDocuments) {
  EXPECT_THAT(Errors(std::string(kJobs) + "---\nbatchSize: 2\n"),
              ElementsAre("case.yaml:9:1: batchSize: duplicate key \"batchSize\" (first given at "
                          "line 2)"));
}

TEST(LoaderErrorsTest, InvalidFailureReasonRegex) {
  EXPECT_THAT(Errors(std::string(kJobs) + R"(expectedEvents:
  - failed:
      reason: "(unclosed"
)"),
              ElementsAre(StartsWith("case.yaml:10:15: expectedEvents[0].failed.reason: not a "
                                     "valid regular expression: ")));
  // Perl-only syntax that Go's regexp (RE2) refuses.
  EXPECT_THAT(Errors(std::string(kJobs) + "expectedEvents: [{failed: {reason: \"a(?=b)\"}}]\n"),
              ElementsAre(StartsWith("case.yaml:8:36: expectedEvents[0].failed.reason: ")));
}

TEST(LoaderErrorsTest, UnknownTriggerEvent) {
  EXPECT_THAT(Errors(std::string(kJobs) + "triggerEvent: runing\n"),
              ElementsAre("case.yaml:8:15: triggerEvent: unknown event \"runing\"; did you mean "
                          "\"running\"?"));
  std::vector<std::string> far = Errors(std::string(kJobs) + "triggerEvent: explode\n");
  ASSERT_EQ(far.size(), 1u);
  EXPECT_THAT(far[0], HasSubstr("(events that may trigger an action: submitted, queued, leased, "
                                "pending, running)"));
}

TEST(LoaderErrorsTest, TriggerEventTakesTheEventsThatMayTrigger) {
  for (const char* name : {"submitted", "queued", "leased", "pending", "running"}) {
    auto spec =
        ParseTestCase(std::string(kJobs) + "cancel: {}\ntriggerEvent: " + name + "\n", "case.yaml");
    ASSERT_TRUE(spec.ok()) << name << ": " << spec.status().message();
    EXPECT_EQ(spec->trigger_event(), name);
  }
}

TEST(LoaderErrorsTest, TriggerEventThatNotEveryJobShowsIsRefused) {
  EXPECT_THAT(Errors(std::string(kJobs) + "cancel: {}\ntriggerEvent: lease_returned\n"),
              ElementsAre("case.yaml:9:15: triggerEvent: \"leaseReturned\" cannot trigger an "
                          "action: not every job shows it while it can still be acted on (events "
                          "that may: submitted, queued, leased, pending, running)"));
  EXPECT_THAT(Errors(std::string(kJobs) + "triggerEvent: runing\n"),
              ElementsAre("case.yaml:8:15: triggerEvent: unknown event \"runing\"; did you mean "
                          "\"running\"?"));
}

TEST(LoaderErrorsTest, NoJobs) {
  EXPECT_THAT(Errors("queue: q\ntimeout: 10s\n"),
              ElementsAre(StartsWith("case.yaml:1:1: jobs: the test submits no jobs")));
  EXPECT_THAT(Errors("queue: q\njobs: []\n"),
              ElementsAre(StartsWith("case.yaml:2:7: jobs: the test submits no jobs")));
  EXPECT_THAT(Errors(""), ElementsAre("case.yaml:1:1: the file holds no test case"));
}

TEST(LoaderErrorsTest, JobsWithoutAQueueAreRefused) {
  // The server would refuse the submission ("queue: empty"); validate says so first.
  EXPECT_THAT(Errors("jobs: [{namespace: d}]\n"),
              ElementsAre("case.yaml:1:1: queue: the test submits jobs but names no queue; add "
                          "one, e.g. `queue: e2e-test-queue`"));
  EXPECT_THAT(Errors("queue: \"\"\njobs: [{namespace: d}]\n"),
              ElementsAre(StartsWith("case.yaml:1:8: queue: the test submits jobs but names no")));
}

TEST(LoaderErrorsTest, BatchSizeAndEndlessSubmission) {
  EXPECT_THAT(Errors("numBatches: 1\nbatchSize: 0\njobs: [{namespace: d}]\nqueue: q\n"),
              ElementsAre("case.yaml:2:12: batchSize: batchSize 0: must be at least 1 (each batch "
                          "submits batchSize copies of the jobs)"));
  // Written as 0, even with a timeout: the runner needs a fixed number of batches.
  EXPECT_THAT(Errors("numBatches: 0\ntimeout: 5s\njobs: [{namespace: d}]\nqueue: q\n"),
              ElementsAre(StartsWith("case.yaml:1:13: numBatches: numBatches 0 (Armada: submit "
                                     "until the test ends) is not supported")));
}

TEST(LoaderErrorsTest, AbsentNumBatchesAndBatchSizeDefaultToOne) {
  auto spec = ParseTestCase("jobs: [{namespace: d}]\nqueue: q\n", "c.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->num_batches(), 1u);
  EXPECT_EQ(spec->batch_size(), 1u);
  auto as_written = ParseTestCaseAsWritten("jobs: [{namespace: d}]\nqueue: q\n", "c.yaml");
  ASSERT_TRUE(as_written.ok()) << as_written.status().message();
  EXPECT_EQ(as_written->num_batches(), 0u);
  // A queue-only test keeps numBatches 0: it submits nothing.
  auto queue_only = ParseTestCase("queueConfig: {setup: {batchSize: 2}}\n", "q.yaml");
  ASSERT_TRUE(queue_only.ok()) << queue_only.status().message();
  EXPECT_EQ(queue_only->num_batches(), 0u);
}

TEST(LoaderErrorsTest, PlannedWorkIsBounded) {
  EXPECT_THAT(
      Errors("numBatches: 1\nbatchSize: 1000000000\njobs: [{namespace: default}]\nqueue: q\n"),
      ElementsAre("case.yaml:2:12: batchSize: 1000000000 copies of 1 job(s) make a "
                  "submit request of about 16213 MiB; one request may be at most 4 MiB "
                  "(lower batchSize and raise numBatches)"));
  EXPECT_THAT(Errors("numBatches: 1000\nbatchSize: 101\njobs: [{namespace: d}]\nqueue: q\n"),
              ElementsAre("case.yaml:1:13: numBatches: 1000 batches of 101 x 1 job(s) plan "
                          "101000 jobs; a test may submit at most 100000"));
  EXPECT_TRUE(ParseTestCase("numBatches: 1000\nbatchSize: 100\njobs: [{namespace: d}]\nqueue: q\n",
                            "c.yaml")
                  .ok());
  // Until the timeout: each batch is still bounded.
  EXPECT_TRUE(
      ParseTestCase("batchSize: 100\ntimeout: 5s\njobs: [{namespace: d}]\nqueue: q\n", "c.yaml")
          .ok());
}

TEST(LoaderErrorsTest, EventMessageNeedsExactlyOneMember) {
  EXPECT_THAT(Errors(std::string(kJobs) + R"(expectedEvents:
  - submitted:
  -
  - {}
  - succeeded:
    failed:
)"),
              ElementsAre(StartsWith("case.yaml:10:3: expectedEvents[1]: names no event"),
                          StartsWith("case.yaml:11:5: expectedEvents[2]: names no event"),
                          "case.yaml:13:5: expectedEvents[3].failed: only one of events may be "
                          "set here, and \"succeeded\" already is (line 12)"));
}

TEST(LoaderErrorsTest, BadEnumValue) {
  EXPECT_THAT(Errors(std::string(kJobs) + "    ingress: [{type: Ingres, ports: [80]}]\n" +
                     "    services: [{type: 7}]\n"),
              ElementsAre("case.yaml:8:22: jobs[0].ingress[0].type: \"Ingres\" is not a value of "
                          "IngressType (Ingress); did you mean \"Ingress\"?",
                          "case.yaml:9:23: jobs[0].services[0].type: \"7\" is not a value of "
                          "ServiceType (NodePort, Headless)"));
}

TEST(LoaderErrorsTest, KubernetesEnumTyposAreRefusedWithTheValuesItAccepts) {
  EXPECT_THAT(Errors(R"(queue: q
jobs:
  - podSpec:
      restartPolicy: Nevr
      tolerations: [{key: k, operator: Exist, effect: NoSchedule}]
      containers:
        - name: c
          imagePullPolicy: IfNotPresent
          ports: [{containerPort: 80, protocol: tcp}]
)"),
              ElementsAre("case.yaml:4:22: jobs[0].podSpec.restartPolicy: \"Nevr\" is not a "
                          "value Kubernetes accepts for restartPolicy (Always, OnFailure, Never); "
                          "did you mean \"Never\"?",
                          "case.yaml:5:40: jobs[0].podSpec.tolerations[0].operator: \"Exist\" "
                          "is not a value Kubernetes accepts for operator (Exists, Equal); did "
                          "you mean \"Exists\"?",
                          StartsWith("case.yaml:9:49: jobs[0].podSpec.containers[0].ports[0]."
                                     "protocol: \"tcp\" is not a value Kubernetes accepts")));
}

TEST(LoaderErrorsTest, AnExpectedEventAfterATerminalOneIsRefused) {
  EXPECT_THAT(Errors(std::string(kJobs) + R"(expectedEvents:
  - submitted:
  - failed: {retryable: true}
  - succeeded:
  - running:
  - cancelled:
)"),
              ElementsAre("case.yaml:12:5: expectedEvents[3]: \"running\" comes after the "
                          "terminal \"succeeded\" of expectedEvents[2]: a job shows no event once "
                          "it has ended, so this can never arrive; remove it or move it before",
                          StartsWith("case.yaml:13:5: expectedEvents[4]: \"cancelled\" comes "
                                     "after the terminal \"succeeded\"")));
}

TEST(LoaderErrorsTest, BadIntOrString) {
  EXPECT_THAT(Errors(std::string(kJobs) + R"(          livenessProbe:
            tcpSocket: {port: true}
)"),
              ElementsAre("case.yaml:9:31: jobs[0].podSpec.containers[0].livenessProbe.tcpSocket."
                          "port: expected an integer or a string, got the boolean true"));
}

TEST(LoaderErrorsTest, InlineFieldsAreNotKeys) {
  // The inline parent's own name is not a key in YAML, as in Kubernetes.
  EXPECT_THAT(
      Errors(std::string(kJobs) + "      volumes: [{name: v, volumeSource: {emptyDir: {}}}]\n"),
      ElementsAre(StartsWith("case.yaml:8:27: jobs[0].podSpec.volumes[0].volumeSource: "
                             "unknown field \"volumeSource\" in Volume")));
}

TEST(LoaderErrorsTest, SyntaxErrorHasPosition) {
  EXPECT_THAT(Errors("queue: q\njobs: [\n  {a: 1}\nbatchSize: 1\n"),
              ElementsAre(StartsWith("case.yaml:4:1: YAML syntax error: ")));
  EXPECT_THAT(Errors("queue: q\n  bad: indent\n"),
              ElementsAre(StartsWith("case.yaml:2:6: YAML syntax error: ")));
}

TEST(LoaderErrorsTest, DocumentMustBeAMapping) {
  EXPECT_THAT(Errors("- a\n- b\n"),
              ElementsAre("case.yaml:1:1: a test case document must be a mapping of fields, got "
                          "a list",
                          StartsWith("case.yaml:1:1: jobs: the test submits no jobs")));
}

TEST(LoaderErrorsTest, CollectsEveryErrorInTheFile) {
  std::vector<std::string> errors = Errors(R"(numBatches: 1
batchSize: 1
queue: q
jobs:
  - podSpec:
      containers:
        - name: c
          resources:
            limits: {memory: lots}
triggerEvent: nope
timeout: forever
expectedEvents:
  - failed: {categoriez: [oom]}
)");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_THAT(errors[0], StartsWith("case.yaml:9:30: "));
  EXPECT_THAT(errors[1], StartsWith("case.yaml:10:15: triggerEvent: "));
  EXPECT_THAT(errors[2], StartsWith("case.yaml:11:10: timeout: "));
  EXPECT_THAT(errors[3], StartsWith("case.yaml:13:14: expectedEvents[0].failed.categoriez: "));
}

TEST(LoaderErrorsTest, TextThatIsNotUtf8) {
  EXPECT_THAT(Errors(std::string(kJobs) + "queue: \"\xFF\"\n"),
              ElementsAre(StartsWith("case.yaml:8:9: byte 0xFF is not UTF-8 text")));
  EXPECT_THAT(Errors(std::string("queue: q\0\x01\x02", 11)),
              ElementsAre(StartsWith("case.yaml:1:9: a NUL byte")));
}

TEST(LoaderErrorsTest, NestingTooDeepToParse) {
  EXPECT_THAT(Errors("queue: " + std::string(1000, '[')),
              ElementsAre(AllOf(StartsWith("case.yaml:1:"),
                                HasSubstr(": YAML nested more than 100 levels deep"))));
  EXPECT_THAT(Errors("queue: " + std::string(100000, '[')),
              ElementsAre("case.yaml:1:20008: more than 20000 of ',', '[' and '{' (each may "
                          "start a YAML node)"));
}

TEST(LoaderErrorsTest, AliasesThatExpandBeyondAnyTestCase) {
  // 40 uses of an anchor per list, three lists deep: 40^3 containers of 40
  // arguments from one short line, millions of values if read in full.
  std::string value = "{name: c, args: [x";
  for (int i = 1; i < 40; ++i) value += ", x";
  value += "]}";
  for (const std::string field : {"containers", "podSpecs", ""}) {
    const std::string anchor = "a" + field;
    std::string list = "[&" + anchor + " " + value;
    for (int i = 1; i < 40; ++i) list += ", *" + anchor;
    list += "]";
    value = field.empty() ? list : "{" + field + ": " + list + "}";
  }
  EXPECT_THAT(Errors("numBatches: 1\nbatchSize: 1\nqueue: q\njobs: " + value + "\n"),
              ElementsAre(AllOf(StartsWith("case.yaml:4:"),
                                HasSubstr("more than 20000 YAML nodes (counting what aliases "
                                          "repeat)"))));
}

TEST(LoaderErrorsTest, NumbersTooLargeForADouble) {
  EXPECT_THAT(Errors(std::string(kJobs) + "    priority: 1e400\n"),
              ElementsAre("case.yaml:8:15: jobs[0].priority: 1e400 is out of range for double"));
  EXPECT_THAT(Errors(std::string(kJobs) + "    priority: -" + std::string(400, '9') + "\n"),
              ElementsAre(StartsWith("case.yaml:8:15: jobs[0].priority: -999")));
  // Large but finite numbers, and YAML's own infinity, still read.
  auto spec = ParseTestCase(std::string(kJobs) + "    priority: 1" + std::string(30, '0') + "\n",
                            "case.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->jobs(0).priority(), 1e30);
  EXPECT_TRUE(ParseTestCase(std::string(kJobs) + "    priority: .inf\n", "case.yaml").ok());
}

TEST(LoaderErrorsTest, QuotedLineBreaksStayOnTheErrorsLine) {
  EXPECT_THAT(Errors(std::string(kJobs) + "timeout: \"1\\ns\"\n\"time\\rout\": 1\n"),
              ElementsAre(StartsWith("case.yaml:8:10: timeout: invalid duration \"1\\ns\""),
                          StartsWith("case.yaml:9:1: time\\rout: unknown field \"time\\rout\"")));
}

TEST(LoaderErrorsTest, LongStringsAreCutShortInErrors) {
  // 59 ASCII bytes then a two-byte character across the cut at 60: the cut
  // moves back rather than split it.
  EXPECT_THAT(Errors(std::string(kJobs) + "timeout: 1s\nrandomClientId: \"" + std::string(59, 'a') +
                     "\xC3\xA9" + std::string(100, 'b') + "\"\n"),
              ElementsAre("case.yaml:9:17: randomClientId: expected true or false, got the string "
                          "\"" +
                          std::string(59, 'a') + "...\""));
}

TEST(LoaderErrorsTest, LoadTestCaseRefusesADirectory) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("spec_test_dir_" + std::to_string(getpid()) + ".yaml");
  std::filesystem::create_directory(dir);
  auto spec = LoadTestCase(dir.string());
  std::filesystem::remove(dir);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message(), dir.string() + ": is a directory, not a file");
}

TEST(LoaderErrorsTest, LoadTestCaseRefusesAHugeFile) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("spec_test_huge_" + std::to_string(getpid()) + ".yaml");
  { std::ofstream create(file); }
  std::filesystem::resize_file(file, 16 << 20);  // sparse: no disk used
  auto spec = LoadTestCase(file.string());
  std::filesystem::remove(file);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message(), file.string() + ": is larger than 262144 bytes");
}

TEST(LoaderErrorsTest, LoadTestCaseReportsUnreadableFile) {
  auto spec = LoadTestCase("/nonexistent/dir/case.yaml");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message(),
            "/nonexistent/dir/case.yaml: cannot read: No such file or directory");
}

// labels: words a command line can name, each once; a well-formed list loads.
TEST(LoaderErrorsTest, LabelsAreWordsGivenOnce) {
  EXPECT_THAT(Errors(std::string(kJobs) + "labels: [smoke, \"two words\", smoke, \"\"]\n"),
              ElementsAre("case.yaml:8:17: labels[1]: label \"two words\" must be a word of "
                          "letters, digits, '-', '_' and '.', e.g. smoke",
                          "case.yaml:8:30: labels[2]: label \"smoke\" is given twice",
                          "case.yaml:8:37: labels[3]: label \"\" must be a word of letters, "
                          "digits, '-', '_' and '.', e.g. smoke"));
  auto spec = ParseTestCase(std::string(kJobs) + "labels: [smoke, node-ops, v0.22]\n", "c.yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_THAT(spec->labels(), ElementsAre("smoke", "node-ops", "v0.22"));
}

}  // namespace
}  // namespace armada::testcase
