// The kiosk's log lines go to stderr, each prefixed with its syslog priority ("<3>" error, "<4>"
// warning, "<6>" info), which journald reads as the line's priority when the kiosk runs as a
// systemd service (and strips). They carry codes, counts and states, never a resident's name, ID
// number, phone or address.
#pragma once

#include <cstdio>

namespace app {

template <class... Args>
void log_line(int priority, const char* level, const char* format, Args... args) {
  std::fprintf(stderr, "<%d>kiosk %s: ", priority, level);
  if constexpr (sizeof...(Args) == 0) {
    std::fputs(format, stderr);
  } else {
    std::fprintf(stderr, format, args...);
  }
  std::fputc('\n', stderr);
}

template <class... Args>
void log_info(const char* format, Args... args) {
  log_line(6, "info", format, args...);
}
template <class... Args>
void log_warning(const char* format, Args... args) {
  log_line(4, "warning", format, args...);
}
template <class... Args>
void log_error(const char* format, Args... args) {
  log_line(3, "error", format, args...);
}

}  // namespace app
