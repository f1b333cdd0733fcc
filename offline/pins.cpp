#include "pins.hpp"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "pin_policy.hpp"
#include "sql.hpp"

namespace offline {

namespace {

std::string key(PinRole role, std::string_view what) {
  return std::string("pin.") + (role == PinRole::Staff ? "staff." : "technician.") +
         std::string(what);
}

std::int64_t unix_s(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::int64_t setting_int(Store& store, const std::string& k) {
  const auto v = get_setting(store, k);
  if (!v || !*v) return 0;
  try {
    return std::stoll(**v);
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::expected<void, StoreError> set_pin(Store& store, PinRole role, std::string_view pin) {
  if (sodium_init() < 0)
    return std::unexpected(StoreError{StoreErrorKind::Other, "", "", "sodium"});
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return std::unexpected(StoreError{StoreErrorKind::Other, "Không đủ bộ nhớ để lưu mã PIN.",
                                      "Not enough memory to keep the PIN.", "crypto_pwhash_str"});
  return sql::in_transaction(store.handle(), [&]() -> std::expected<void, StoreError> {
    if (auto r = set_setting(store, key(role, "hash"), hash); !r) return r;
    if (auto r = set_setting(store, key(role, "failures"), "0"); !r) return r;
    return set_setting(store, key(role, "locked_until"), "0");
  });
}

std::expected<bool, StoreError> has_pin(Store& store, PinRole role) {
  auto hash = get_setting(store, key(role, "hash"));
  if (!hash) return std::unexpected(hash.error());
  return hash->has_value() && !(*hash)->empty();
}

namespace {

bool verify(const std::string& hash, std::string_view pin) {
  return sodium_init() >= 0 && crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

// One try at the role's PIN: refused while locked; else `matches(hash)` decides, and the count
// and lockout are written before the verdict is given.
template <class Matches>
PinCheck count_try(Store& store, PinRole role, std::chrono::system_clock::time_point now,
                   Matches&& matches) {
  PinCheck out;
  const auto hash = get_setting(store, key(role, "hash"));
  if (!hash) return out;
  if (!*hash || (*hash)->empty()) {
    out.verdict = kiosk::PinVerdict::NotSet;
    return out;
  }
  const std::int64_t locked_until = setting_int(store, key(role, "locked_until"));
  int failures = int(setting_int(store, key(role, "failures")));
  if (unix_s(now) < locked_until) {
    out.verdict = kiosk::PinVerdict::Locked;
    out.wait_s = locked_until - unix_s(now);
    return out;
  }
  const bool ok = matches(**hash);
  failures = ok ? 0 : failures + 1;
  const std::int64_t lock = kiosk::pin_lockout_seconds(failures);
  auto saved = sql::in_transaction(store.handle(), [&]() -> std::expected<void, StoreError> {
    if (auto r = set_setting(store, key(role, "failures"), std::to_string(failures)); !r) return r;
    return set_setting(store, key(role, "locked_until"),
                       std::to_string(lock > 0 ? unix_s(now) + lock : 0));
  });
  if (!saved) return out;  // Unavailable: a PIN that cannot be counted is not accepted
  out.verdict = ok         ? kiosk::PinVerdict::Ok
                : lock > 0 ? kiosk::PinVerdict::Locked
                           : kiosk::PinVerdict::Wrong;
  out.wait_s = lock;
  out.tries_left = std::max(0, kiosk::kPinFreeTries - failures);
  return out;
}

}  // namespace

bool pin_matches(Store& store, PinRole role, std::string_view pin) {
  const auto hash = get_setting(store, key(role, "hash"));
  return hash && *hash && !(*hash)->empty() && verify(**hash, pin);
}

PinCheck check_pin(Store& store, PinRole role, std::string_view pin,
                   std::chrono::system_clock::time_point now) {
  return count_try(store, role, now, [&](const std::string& hash) { return verify(hash, pin); });
}

PinCheck record_pin_try(Store& store, PinRole role, bool matched,
                        std::chrono::system_clock::time_point now) {
  return count_try(store, role, now, [&](const std::string&) { return matched; });
}

}  // namespace offline
