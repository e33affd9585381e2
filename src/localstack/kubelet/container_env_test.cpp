#include "localstack/kubelet/container_env.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Pair;
using Env = std::vector<std::pair<std::string, std::string>>;

PodIdentity Pod() {
  PodIdentity pod;
  pod.job_id = "01hx";
  pod.name = "armada-01hx-0";
  pod.namespace_ = "team";
  pod.node_name = "node-a";
  pod.labels = {{"app", "web"}};
  pod.annotations = {{"owner", "me"}};
  return pod;
}

void AddField(ContainerSpec* c, const std::string& name, const std::string& path) {
  auto* var = c->add_env();
  var->set_name(name);
  var->mutable_valuefrom()->mutable_fieldref()->set_fieldpath(path);
}

TEST(ContainerEnv, ValuesAndDownwardApi) {
  ContainerSpec c;
  auto* plain = c.add_env();
  plain->set_name("GREETING");
  plain->set_value("hi");
  AddField(&c, "NAME", "metadata.name");
  AddField(&c, "NS", "metadata.namespace");
  AddField(&c, "APP", "metadata.labels['app']");
  AddField(&c, "OWNER", "metadata.annotations['owner']");
  AddField(&c, "MISSING", "metadata.annotations['nope']");
  AddField(&c, "NODE", "spec.nodeName");
  AddField(&c, "IP", "status.podIP");
  auto env = ContainerEnvironment(c, Pod());
  ASSERT_TRUE(env.ok()) << env.status().message();
  EXPECT_THAT(*env, Contains(Pair("GREETING", "hi")));
  EXPECT_THAT(*env, Contains(Pair("NAME", "armada-01hx-0")));
  EXPECT_THAT(*env, Contains(Pair("NS", "team")));
  EXPECT_THAT(*env, Contains(Pair("APP", "web")));
  EXPECT_THAT(*env, Contains(Pair("OWNER", "me")));
  EXPECT_THAT(*env, Contains(Pair("MISSING", "")));
  EXPECT_THAT(*env, Contains(Pair("NODE", "node-a")));
  EXPECT_THAT(*env, Contains(Pair("IP", "127.0.0.1")));
  EXPECT_THAT(*env, Contains(Pair("HOSTNAME", "armada-01hx-0")));
}

TEST(ContainerEnv, SpecOverridesTheBase) {
  ContainerSpec c;
  auto* path = c.add_env();
  path->set_name("PATH");
  path->set_value("/opt/bin");
  auto env = ContainerEnvironment(c, Pod());
  ASSERT_TRUE(env.ok());
  EXPECT_THAT(*env, Contains(Pair("PATH", "/opt/bin")));
  EXPECT_EQ(
      std::count_if(env->begin(), env->end(), [](const auto& e) { return e.first == "PATH"; }), 1);
}

TEST(ContainerEnv, UnsupportedSourcesAreErrors) {
  ContainerSpec unknown_path;
  AddField(&unknown_path, "X", "status.phase");
  auto env = ContainerEnvironment(unknown_path, Pod());
  ASSERT_FALSE(env.ok());
  EXPECT_THAT(env.status().message(), HasSubstr("env X: unsupported fieldRef.fieldPath"));

  ContainerSpec secret;
  auto* var = secret.add_env();
  var->set_name("TOKEN");
  var->mutable_valuefrom()->mutable_secretkeyref()->set_key("t");
  env = ContainerEnvironment(secret, Pod());
  ASSERT_FALSE(env.ok());
  EXPECT_THAT(env.status().message(), HasSubstr("env TOKEN"));
}

}  // namespace
}  // namespace armada::localstack

namespace armada::localstack {
namespace {

TEST(ContainerEnv, NothingComesFromTheServersEnvironment) {
  ::setenv("ARMADA_TOKEN", "secret-of-the-runner", 1);
  ::setenv("PATH", "/server/only/bin", 1);
  ContainerSpec c;
  auto env = ContainerEnvironment(c, PodIdentity{});
  ::unsetenv("ARMADA_TOKEN");
  ASSERT_TRUE(env.ok());
  std::vector<std::string> names;
  for (const auto& [name, value] : *env) {
    names.push_back(name);
    EXPECT_EQ(value.find("secret-of-the-runner"), std::string::npos);
    EXPECT_EQ(value.find("/server/only"), std::string::npos) << name;
  }
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("PATH", "HOSTNAME", "HOME"));
}

}  // namespace
}  // namespace armada::localstack
