// The kiosk's log lines go to stderr (journald on the terminal). They carry codes, counts and
// states, never a resident's name, ID number, phone or address.
#pragma once

#include <cstdio>

namespace app {

template <class... Args>
void log_line(const char* level, const char* format, Args... args) {
  std::fprintf(stderr, "kiosk %s: ", level);
  if constexpr (sizeof...(Args) == 0) {
    std::fputs(format, stderr);
  } else {
    std::fprintf(stderr, format, args...);
  }
  std::fputc('\n', stderr);
}

template <class... Args>
void log_info(const char* format, Args... args) {
  log_line("info", format, args...);
}
template <class... Args>
void log_error(const char* format, Args... args) {
  log_line("error", format, args...);
}

}  // namespace app
