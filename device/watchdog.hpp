// systemd's service notifications (libsystemd's sd_notify): READY=1 once the kiosk serves,
// WATCHDOG=1 from the loop that must stay alive, STOPPING=1 on the way out. Without systemd
// ($NOTIFY_SOCKET unset) every call does nothing.
#pragma once

#include <chrono>
#include <cstdint>

namespace device {

class Watchdog {
 public:
  // Reads $WATCHDOG_USEC (and $WATCHDOG_PID) through sd_watchdog_enabled.
  Watchdog();
  [[nodiscard]] bool enabled() const { return interval_ms_ > 0; }
  // Half the watchdog timeout: how often the loop must ping.
  [[nodiscard]] std::int64_t interval_ms() const { return interval_ms_; }
  void ready(const char* status);
  // Pings when it is due at `now_ms` (any monotonic clock in ms); returns the next due time, or
  // -1 when the watchdog is off.
  std::int64_t ping(std::int64_t now_ms);
  void status(const char* text);
  void stopping();

 private:
  std::int64_t interval_ms_ = 0;
  std::int64_t next_ms_ = 0;
};

}  // namespace device
