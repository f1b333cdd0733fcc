// The status screen's lookup of one case by code + lookup token: the outbox first (not yet sent:
// "đã tiếp nhận tại máy, chờ gửi"), then the portal with a short timeout, then the terminal's cache
// of the portal's last answer ("cập nhật lúc …"). Runs on its own connection and curl handle, so
// the UI thread can hand it to a worker.
#pragma once

#include <optional>
#include <string>

#include "case_view.hpp"
#include "store.hpp"
#include "sync.hpp"
#include "words.hpp"

namespace offline {

struct LookupResult {
  kiosk::LookupOutcome outcome = kiosk::LookupOutcome::NotFound;
  kiosk::CaseView view;
};

// `portal`: nullopt when the terminal has no portal configured (outbox and cache only).
[[nodiscard]] LookupResult lookup_case(Store& store, const std::optional<SyncConfig>& portal,
                                       const std::string& code, const std::string& token,
                                       long timeout_ms);
// The typed alternative: the last 4 digits of the phone the resident gave. Only the portal can
// check them (the terminal keeps the phone sealed, and not at all once sent), so this is online
// only; the portal limits wrong tries (TooManyTries).
[[nodiscard]] LookupResult lookup_case_by_phone(const std::optional<SyncConfig>& portal,
                                                const std::string& code, const std::string& last4,
                                                long timeout_ms);

// The portal's status reply as the terminal keeps it: the JSON with every string in NFC (a
// portal may send decomposed text; the UI's font wants NFC), or nullopt unless it is a 200 with
// a JSON object.
[[nodiscard]] std::optional<std::string> case_status_json(long http_status,
                                                          const std::string& body);

// Keeps the portal's answer about a case (NFC JSON) as the terminal's cached status; true when it
// differs from what was kept.
bool save_case_status(Store& store, const std::string& code, const std::string& token,
                      const std::string& status_json);

}  // namespace offline
