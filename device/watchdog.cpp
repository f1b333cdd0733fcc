#include "watchdog.hpp"

#include <systemd/sd-daemon.h>

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

namespace device {

Watchdog::Watchdog() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    interval_ms_ = std::int64_t(usec / 2000);
    return;
  }
  // On the terminal the service's main process is cage, and the kiosk is cage's child: systemd
  // set WATCHDOG_PID to cage, so sd_watchdog_enabled says no to the kiosk. The unit lets every
  // process of the service notify (NotifyAccess=all), so the kiosk keeps the watchdog when the
  // watched process is its own parent.
  const char* pid = std::getenv("WATCHDOG_PID");
  const char* interval = std::getenv("WATCHDOG_USEC");
  if (!pid || !interval) return;
  long long watched = 0;
  unsigned long long us = 0;
  const std::string_view p(pid), i(interval);
  if (std::from_chars(p.data(), p.data() + p.size(), watched).ec != std::errc() ||
      std::from_chars(i.data(), i.data() + i.size(), us).ec != std::errc())
    return;
  if (watched == ::getppid() && us > 0) interval_ms_ = std::int64_t(us / 2000);
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
