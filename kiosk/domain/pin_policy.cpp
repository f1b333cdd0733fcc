#include "pin_policy.hpp"

#include <algorithm>

namespace kiosk {

std::int64_t pin_lockout_seconds(int failures) {
  if (failures < kPinFreeTries) return 0;
  const int doublings = std::min(failures - kPinFreeTries, 7);  // 30 s · 2^7 > 1 h
  return std::min<std::int64_t>(std::int64_t{30} << doublings, 3600);
}

PinShape check_new_pin(std::string_view pin) {
  if (pin.find_first_not_of("0123456789") != std::string_view::npos) return PinShape::NotDigits;
  if (pin.size() < 6 || pin.size() > 12) return PinShape::Length;
  bool same = true, up = true, down = true;
  for (std::size_t i = 1; i < pin.size(); ++i) {
    same = same && pin[i] == pin[0];
    up = up && pin[i] == pin[i - 1] + 1;
    down = down && pin[i] == pin[i - 1] - 1;
  }
  return same || up || down ? PinShape::Trivial : PinShape::Ok;
}

std::string_view pin_shape_vi(PinShape p) {
  switch (p) {
    case PinShape::Length: return "Mã PIN gồm 6 đến 12 chữ số.";
    case PinShape::NotDigits: return "Mã PIN chỉ gồm chữ số.";
    case PinShape::Trivial: return "Mã PIN quá dễ đoán (một chữ số lặp lại hoặc dãy liên tiếp).";
    case PinShape::Ok: break;
  }
  return "";
}

std::string_view pin_shape_en(PinShape p) {
  switch (p) {
    case PinShape::Length: return "A PIN has 6 to 12 digits.";
    case PinShape::NotDigits: return "A PIN has digits only.";
    case PinShape::Trivial: return "That PIN is too easy to guess (one digit repeated or a run).";
    case PinShape::Ok: break;
  }
  return "";
}

}  // namespace kiosk
