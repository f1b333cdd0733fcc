// What arrives over the network is hostile, terminals included: every body is checked against
// docs/openapi.yaml here, before any work is done and before a transaction starts. JSON is parsed
// with a depth limit (a 100,000-level nesting must not reach a recursive walk), and what is stored
// is rebuilt from checked fields, never the raw input re-serialised.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "catalog.hpp"

namespace portal {

// Limits of the contract (docs/api.md, "Limits").
inline constexpr int kMaxJsonDepth = 8;
inline constexpr std::size_t kMaxSealedPersonalB64 = 128 * 1024;
inline constexpr std::size_t kMaxSingleBody = 256 * 1024;      // one submission, rating, heartbeat
inline constexpr std::size_t kMaxBatchBody = 4 * 1024 * 1024;  // a batch of up to 100
inline constexpr std::size_t kMaxSmallBody = 4 * 1024;         // enrollment
inline constexpr std::size_t kMaxBatch = 100;                  // items in a batch

struct Problem {
  std::string code;  // e.g. "bad_created_at"
  std::string vi;
  std::string en;
  int status = 400;  // the HTTP status it is answered with (400, 413 or 422)
};

// Parses JSON with at most kMaxJsonDepth levels of arrays and objects; nullopt when it is not JSON
// or nests deeper (checked while parsing, without recursion).
[[nodiscard]] std::optional<nlohmann::json> parse_json(std::string_view text);

[[nodiscard]] bool is_uuid(std::string_view s);
[[nodiscard]] bool is_lookup_token(std::string_view s);
// "2026-11-25T09:14:03+07:00", a real date and time.
[[nodiscard]] bool is_vietnam_time(std::string_view s);

// A submission from `terminal`: the contract's Submission, the case code's terminal is the
// token's, the body and field exist in the catalog, the sealed data is base64 within its limit.
// Returns a problem, or nothing when it may be stored.
[[nodiscard]] std::optional<Problem> check_submission(const nlohmann::json& b,
                                                      const std::string& terminal,
                                                      const kiosk::Catalog& catalog);
// The personal data once opened: consent given, and the fields the request needs.
[[nodiscard]] std::optional<Problem> check_personal(std::string_view plain);
[[nodiscard]] std::optional<Problem> check_rating(const nlohmann::json& b,
                                                  const std::string& terminal);
[[nodiscard]] std::optional<Problem> check_heartbeat(const nlohmann::json& b);
[[nodiscard]] std::optional<Problem> check_enroll(const nlohmann::json& b);
// {"items": [1..100 of {idempotency_key: uuid, <item>: object}]}.
[[nodiscard]] std::optional<Problem> check_batch(const nlohmann::json& b, const char* item_name);

// What the portal keeps of a checked body: only the contract's fields, rebuilt.
[[nodiscard]] nlohmann::json stored_submission(const nlohmann::json& b);
[[nodiscard]] nlohmann::json stored_rating(const nlohmann::json& b);
[[nodiscard]] nlohmann::json stored_heartbeat(const nlohmann::json& b);

// An answer's document link as the phone page may show it: https only.
[[nodiscard]] bool is_https_url(std::string_view url);

}  // namespace portal
