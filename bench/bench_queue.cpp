// Creates a queue on an Armada server (an existing one is fine), so run.sh
// can point `armada-testsuite test` at a stack it started itself.
//
//   bench_queue HOST:PORT QUEUE
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>

#include "api/submit.grpc.pb.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST:PORT QUEUE\n", argv[0]);
    return 2;
  }
  auto channel = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  auto stub = api::QueueService::NewStub(channel);
  api::Queue queue;
  queue.set_name(argv[2]);
  queue.set_priority_factor(1);
  grpc::ClientContext context;
  // armada-localstack wants its bearer token (run.sh exports it).
  if (const char* token = std::getenv("ARMADA_TOKEN")) {
    context.AddMetadata("authorization", std::string("bearer ") + token);
  }
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  google::protobuf::Empty empty;
  const grpc::Status status = stub->CreateQueue(&context, queue, &empty);
  if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
    std::fprintf(stderr, "CreateQueue: %s\n", status.error_message().c_str());
    return 1;
  }
  return 0;
}
