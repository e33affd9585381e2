// The bare reader: the smallest client that drains GetJobSetEvents for one
// job set and only counts messages. Its rate is the limit the runner's event
// pipeline is held against (see run.sh).
//
//   bare_reader HOST:PORT QUEUE JOB_SET [COUNT]
//
// Without COUNT it reads the job set's log from the start to its end
// (watch=false, a replay of a finished job set); with COUNT it watches
// (watch=true) until COUNT messages arrived. Prints "MESSAGES SECONDS".
// $ARMADA_TOKEN, when set, is sent as the bearer token.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "api/event.grpc.pb.h"

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: %s HOST:PORT QUEUE JOB_SET [COUNT]\n", argv[0]);
    return 2;
  }
  const long long count = argc == 5 ? std::atoll(argv[4]) : 0;
  auto channel = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  auto stub = api::Event::NewStub(channel);
  api::JobSetRequest request;
  request.set_queue(argv[2]);
  request.set_id(argv[3]);
  request.set_watch(count > 0);
  grpc::ClientContext context;
  // armada-localstack wants its bearer token (run.sh exports it).
  if (const char* token = std::getenv("ARMADA_TOKEN")) {
    context.AddMetadata("authorization", std::string("bearer ") + token);
  }
  const auto start = std::chrono::steady_clock::now();
  auto reader = stub->GetJobSetEvents(&context, request);
  api::EventStreamMessage message;
  long long received = 0;
  while (reader->Read(&message)) {
    if (++received == count) break;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (count > 0) context.TryCancel();
  const grpc::Status status = reader->Finish();
  if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
    std::fprintf(stderr, "GetJobSetEvents: %s\n", status.error_message().c_str());
    return 1;
  }
  std::printf("%lld %.6f\n", received, seconds);
  return 0;
}
