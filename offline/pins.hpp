// Staff and technician PINs kept as Argon2id hashes (libsodium) in the store's settings, with
// the count of wrong tries and the lockout, so a restart does not reset them.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string_view>

#include "store.hpp"
#include "words.hpp"

namespace offline {

enum class PinRole { Staff, Technician };

// Hashes and keeps a PIN that passed kiosk::check_new_pin; clears its failures and lockout.
[[nodiscard]] std::expected<void, StoreError> set_pin(Store& store, PinRole role,
                                                      std::string_view pin);
[[nodiscard]] std::expected<bool, StoreError> has_pin(Store& store, PinRole role);

// Whether `pin` is the role's PIN, without counting a try or looking at the lockout (to tell
// which role a PIN box's entry belongs to before the real check).
[[nodiscard]] bool pin_matches(Store& store, PinRole role, std::string_view pin);

struct PinCheck {
  kiosk::PinVerdict verdict = kiosk::PinVerdict::Unavailable;
  int tries_left = 0;
  std::int64_t wait_s = 0;
};
// Slow on purpose (Argon2id, interactive limits): run it off the UI thread.
[[nodiscard]] PinCheck check_pin(Store& store, PinRole role, std::string_view pin,
                                 std::chrono::system_clock::time_point now);
// The same count and lockout for a try already matched with pin_matches (no second Argon2id).
[[nodiscard]] PinCheck record_pin_try(Store& store, PinRole role, bool matched,
                                      std::chrono::system_clock::time_point now);

}  // namespace offline
