// The words armada-localstack and its clients agree on beyond Armada's API:
// what its standard output says once it serves, the refusal reasons for a
// job only a real cluster can run or only root can confine, and the warning for a job no node can
// take. Both sides include this header, so neither spells them alone.
#pragma once

namespace armada {

// armada-localstack's first line on standard output once it serves:
// "listening on HOST:PORT".
inline constexpr char kListeningPrefix[] = "listening on ";

// The google.rpc.ErrorInfo reason of an INVALID_ARGUMENT refusal of a job
// that needs Kubernetes (its metadata "field" names the part); the runner
// skips such a test rather than failing it.
inline constexpr char kNeedsKubernetesReason[] = "NEEDS_KUBERNETES";
// The google.rpc.ErrorInfo reason of a FAILED_PRECONDITION refusal of a job
// whose limits armada-localstack cannot enforce without root (metadata
// "field" names the limit); the runner skips such a test, naming why.
inline constexpr char kNeedsRootReason[] = "NEEDS_ROOT";
// The google.rpc.ErrorInfo domain of armada-localstack's refusals.
inline constexpr char kLocalstackErrorDomain[] = "armada-localstack";

// armada-localstack's log warning for a job that stays queued because no node
// could ever hold it (Armada leaves such a job queued and says nothing):
// "job JOB_ID fits no node: WHY". The runner names WHY in that test's failure.
inline constexpr char kFitsNoNodeWarning[] = " fits no node: ";

}  // namespace armada
