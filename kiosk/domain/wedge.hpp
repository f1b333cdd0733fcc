// Tells a keyboard-wedge scanner from a person at a keyboard. A USB 2D scanner "types" its payload
// as key presses a few milliseconds apart and ends with Enter; a person types ten times slower and
// unevenly. Characters are held here, never typed into a box: a burst that ends in Enter fast
// enough is a scan; anything else is dropped (the kiosk takes text from its on-screen keyboard).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

struct WedgePolicy {
  std::int64_t max_gap_ms = 50;   // no pause between two characters of a scan is longer
  std::int64_t max_mean_ms = 20;  // and on average they come at least this fast
  std::size_t min_chars = 8;      // shorter bursts are keys, not codes
  std::size_t max_bytes = 4096;   // a flood is dropped, not buffered without end
};

class WedgeDetector {
 public:
  explicit WedgeDetector(WedgePolicy policy = {}) : policy_(policy) {}

  // A character (UTF-8, from SDL_TEXTINPUT) arrived at `now_ms`.
  void on_text(std::string_view utf8, std::int64_t now_ms);
  // Enter (Return or keypad Enter) at `now_ms`: the payload when the burst was a scan.
  [[nodiscard]] std::optional<std::string> on_enter(std::int64_t now_ms);
  [[nodiscard]] bool pending() const { return !buffer_.empty(); }

 private:
  void reset() {
    buffer_.clear();
    chars_ = 0;
    flooded_ = false;
  }
  WedgePolicy policy_;
  std::string buffer_;
  std::size_t chars_ = 0;
  bool flooded_ = false;  // more than max_bytes: everything up to the next Enter is dropped
  std::int64_t first_ms_ = 0, last_ms_ = 0;
};

}  // namespace kiosk
