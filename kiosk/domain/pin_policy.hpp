// Staff and technician PINs: what a new PIN must be, and how long wrong guesses lock it.
#pragma once

#include <cstdint>
#include <string_view>

namespace kiosk {

inline constexpr int kPinFreeTries = 5;  // wrong PINs before the first lockout

// Seconds locked after `failures` wrong PINs in a row: none for the first 4, then 30 s, doubling
// with each further failure, at most an hour.
[[nodiscard]] std::int64_t pin_lockout_seconds(int failures);

enum class PinShape { Ok, Length, NotDigits, Trivial };
// 6–12 digits, not one digit repeated, not a straight run up or down (123456, 987654).
[[nodiscard]] PinShape check_new_pin(std::string_view pin);
[[nodiscard]] std::string_view pin_shape_vi(PinShape p);
[[nodiscard]] std::string_view pin_shape_en(PinShape p);

}  // namespace kiosk
