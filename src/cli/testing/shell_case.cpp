#include "cli/testing/shell_case.h"

namespace armada::cli::testing {

std::string Yaml(const ShellCase& test) {
  std::string out;
  if (!test.name.empty()) out += "name: " + test.name + "\n";
  if (!test.labels.empty()) out += "labels: " + test.labels + "\n";
  if (test.num_batches > 0) out += "numBatches: " + std::to_string(test.num_batches) + "\n";
  if (test.batch_size > 0) out += "batchSize: " + std::to_string(test.batch_size) + "\n";
  if (!test.interval.empty()) out += "interval: " + test.interval + "\n";
  out += "queue: " + test.queue +
         "\njobs:\n"
         "  - namespace: default\n"
         "    podSpec:\n"
         "      restartPolicy: Never\n"
         "      containers:\n"
         "        - name: main\n"
         "          image: alpine:3.20.0\n"
         "          command: [\"sh\", \"-c\", \"" +
         test.script +
         "\"]\n"
         "          resources:\n"
         "            limits: {memory: 25Mi, cpu: " +
         test.cpu +
         "}\n"
         "            requests: {memory: 25Mi, cpu: " +
         test.cpu + "}\n---\n" + test.rest;
  return out;
}

}  // namespace armada::cli::testing
