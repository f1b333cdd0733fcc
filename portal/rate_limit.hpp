// Token buckets keyed by client (address) or terminal, for what can be guessed: lookup tokens,
// phone digits, enrollment codes. A try takes a token first (atomically, under one mutex), so
// concurrent tries cannot all pass a check; a right answer gives it back. Empty bucket: 429 with
// Retry-After. Kept in the process: several portal processes each keep their own (issue 18 moves
// them to the shared database).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <initializer_list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "limits.hpp"

namespace portal {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(BucketRule rule) : rule_(rule) {}

  // 0 when the try may go ahead (a token was taken from every key's bucket, under one lock),
  // else the seconds until each has one again (and nothing was taken).
  int take(std::initializer_list<std::string> keys) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    if (buckets_.size() > 100'000) forget_full(now);
    int wait = 0;
    for (const auto& key : keys) {
      Bucket& b = buckets_.try_emplace(key, Bucket{rule_.capacity, now}).first->second;
      refill(b, now);
      if (b.tokens < 1)
        wait =
            std::max(wait, std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rule_.per_s))));
    }
    if (wait == 0)
      for (const auto& key : keys) buckets_[key].tokens -= 1;
    return wait;
  }
  // A try that turned out right is not counted.
  void give_back(std::initializer_list<std::string> keys) {
    std::lock_guard lock(mutex_);
    for (const auto& key : keys) {
      const auto it = buckets_.find(key);
      if (it != buckets_.end()) it->second.tokens = std::min(rule_.capacity, it->second.tokens + 1);
    }
  }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  void refill(Bucket& b, Clock::time_point now) const {
    const double s = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(rule_.capacity, b.tokens + s * rule_.per_s);
    b.at = now;
  }
  void forget_full(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      refill(it->second, now);
      it = it->second.tokens >= rule_.capacity ? buckets_.erase(it) : std::next(it);
    }
  }

  BucketRule rule_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace portal
