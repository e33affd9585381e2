#include "localstack/control/job_id.h"

#include <chrono>

namespace armada::localstack {

JobIdGenerator::JobIdGenerator() : random_(std::random_device{}()) {}

std::string JobIdGenerator::Next() {
  static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  if (millis > last_millis_) {
    last_millis_ = millis;
    random_high_ = static_cast<uint16_t>(random_());
    random_low_ = random_();
  } else if (++random_low_ == 0) {
    ++random_high_;
  }
  // 128 bits: timestamp(48) | random_high(16) | random_low(64), printed as
  // 26 five-bit digits, the first of which carries only 3 bits.
  const unsigned __int128 value = (static_cast<unsigned __int128>(last_millis_) << 80) |
                                  (static_cast<unsigned __int128>(random_high_) << 64) |
                                  random_low_;
  std::string id(26, '0');
  for (int i = 25; i >= 0; --i) {
    id[i] = kAlphabet[static_cast<unsigned>((value >> (5 * (25 - i))) & 31)];
  }
  return id;
}

}  // namespace armada::localstack
