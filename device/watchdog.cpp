#include "watchdog.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace device {

Watchdog::Watchdog() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) interval_ms_ = std::int64_t(usec / 2000);
}

void Watchdog::ready(const char* status_text) {
  sd_notifyf(0, "READY=1\nSTATUS=%s", status_text);
}

std::int64_t Watchdog::ping(std::int64_t now_ms) {
  if (!enabled()) return -1;
  if (now_ms >= next_ms_) {
    sd_notify(0, "WATCHDOG=1");
    next_ms_ = now_ms + interval_ms_;
  }
  return next_ms_;
}

void Watchdog::status(const char* text) {
  sd_notifyf(0, "STATUS=%s", text);
}

void Watchdog::stopping() {
  sd_notify(0, "STOPPING=1");
}

}  // namespace device
