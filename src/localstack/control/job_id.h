// Job ids shaped like Armada's: a ULID (48-bit millisecond timestamp, then 80
// random bits) in lowercase Crockford base32, 26 characters. Ids from one
// generator sort in creation order, as ULIDs from Armada's server do.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace armada::localstack {

class JobIdGenerator {
 public:
  JobIdGenerator();
  // A new id, greater than every id this generator returned before.
  std::string Next();

 private:
  std::mutex mu_;
  std::mt19937_64 random_;
  uint64_t last_millis_ = 0;
  // The 80 random bits as high 16 and low 64, incremented within one
  // millisecond so ids stay ordered.
  uint16_t random_high_ = 0;
  uint64_t random_low_ = 0;
};

}  // namespace armada::localstack
