#include "wedge.hpp"

namespace kiosk {

void WedgeDetector::on_text(std::string_view utf8, std::int64_t now_ms) {
  if ((!buffer_.empty() || flooded_) && now_ms - last_ms_ > policy_.max_gap_ms)
    reset();  // a pause: a person
  last_ms_ = now_ms;
  if (flooded_) return;
  if (buffer_.empty()) first_ms_ = now_ms;
  if (buffer_.size() + utf8.size() > policy_.max_bytes) {
    reset();
    flooded_ = true;
    return;
  }
  buffer_.append(utf8);
  ++chars_;
}

std::optional<std::string> WedgeDetector::on_enter(std::int64_t now_ms) {
  const bool quick = !flooded_ && !buffer_.empty() && now_ms - last_ms_ <= policy_.max_gap_ms;
  const bool long_enough = chars_ >= policy_.min_chars;
  const bool fast = chars_ > 1 && (last_ms_ - first_ms_) <=
                                      policy_.max_mean_ms * static_cast<std::int64_t>(chars_ - 1);
  std::optional<std::string> scan;
  if (quick && long_enough && fast) scan = std::move(buffer_);
  reset();
  return scan;
}

}  // namespace kiosk
