// The portal's limits against slow, idle and guessing clients (defaults; tests set their own).
#pragma once

#include <chrono>
#include <cstddef>

namespace portal {

struct ServerLimits {
  std::chrono::milliseconds handshake{5000};   // TCP accepted → TLS established
  std::chrono::milliseconds headers{10'000};   // first byte awaited → all headers read
  std::chrono::milliseconds keep_alive{5000};  // idle between requests
  std::size_t requests_per_connection = 100;
  std::size_t max_workers = 256;
  std::size_t connections_per_client = 32;
  std::size_t min_bytes_per_s = 32 * 1024;  // a body or reply slower than this is cut off
};

// A token bucket: `capacity` tries at once, `per_s` regained a second.
struct BucketRule {
  double capacity = 10;
  double per_s = 1.0 / 6;
};

}  // namespace portal
