// The outbox: submissions and ratings committed on the terminal, waiting for the portal. A row is
// written in one transaction (WAL, synchronous=FULL) before the resident sees a receipt.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "calendar.hpp"
#include "print_queue.hpp"
#include "request.hpp"
#include "sealing.hpp"
#include "store.hpp"

namespace offline {

struct SubmitContext {
  std::string terminal_id;
  PortalPublicKey portal_key{};
  kiosk::ProcessingRules rules;
  kiosk::WorkingDayCalendar calendar;
};

// What the receipt's print job holds, made from the receipt once its code is known.
using ReceiptJob = std::function<PrintJobInput(const kiosk::Receipt&)>;

// Seals the personal details, assigns the case code and lookup token, computes the deadlines and
// commits the row, with its receipt's print job when `receipt_job` is given, in one transaction.
// The draft must have passed validation; nothing is written when this fails.
[[nodiscard]] std::expected<kiosk::Receipt, StoreError> submit_request(
    Store& store, const kiosk::RequestDraft& draft, const SubmitContext& context,
    std::chrono::system_clock::time_point now, const ReceiptJob& receipt_job = {});

// A satisfaction rating (1–4, optional comment), queued like a submission.
[[nodiscard]] std::expected<void, StoreError> submit_rating(
    Store& store, const kiosk::RatingDraft& rating, std::string_view terminal_id,
    std::chrono::system_clock::time_point now);

// Rows waiting to be sent, rows parked for staff, and when the oldest waiting one was committed
// ("" when none waits).
struct QueueSummary {
  int queued = 0;
  int needs_attention = 0;
  std::string oldest_queued_at;
};
[[nodiscard]] std::expected<QueueSummary, StoreError> queue_summary(Store& store);

// The catalog as the terminal last received it (the demo file on first start).
struct StoredCatalog {
  std::string version;
  std::string body;
};
[[nodiscard]] std::expected<std::optional<StoredCatalog>, StoreError> load_catalog(Store& store);
[[nodiscard]] std::expected<void, StoreError> save_catalog(Store& store, const StoredCatalog& c);

// --- Every other statement on the `outbox` table (this file and outbox.cpp are its only owner) --

// How many rows the portal has not acknowledged (queued or parked for staff).
[[nodiscard]] std::expected<int, StoreError> unsent_count(Store& store);
// When the oldest of them was committed ("" when none).
[[nodiscard]] std::expected<std::string, StoreError> oldest_unsent_at(Store& store);

// A row as the sync engine and the queue export read it.
struct OutboxRow {
  std::int64_t id = 0;
  std::string kind;  // request | rating
  std::string idempotency_key;
  std::string body;                   // JSON, without personal data
  std::vector<unsigned char> sealed;  // the sealed personal data; empty once acknowledged
  int attempts = 0;
  std::string state, created_at, case_code;
};
// The rows due at `now_ms` (a Unix time in ms, as text), of the kind of the oldest due row, oldest
// first, at most `limit`: one kind a batch.
[[nodiscard]] std::expected<std::vector<OutboxRow>, StoreError> due_rows(Store& store,
                                                                         std::string_view now_ms,
                                                                         int limit);
// When the next row waiting for its backoff is due ("" when none waits).
[[nodiscard]] std::expected<std::string, StoreError> next_due_at(Store& store);
// A row's outcome at the portal, each in the caller's transaction.
[[nodiscard]] std::expected<void, StoreError> park_row(Store& store, std::int64_t id,
                                                       std::string_view reason);
[[nodiscard]] std::expected<void, StoreError> retry_row_later(Store& store, std::int64_t id,
                                                              std::string_view due_ms,
                                                              std::string_view error);
// Acknowledged: the personal data and the question's text leave the terminal. Returns the case
// codes of the acknowledged requests.
[[nodiscard]] std::expected<std::vector<std::string>, StoreError> acknowledge_rows(
    Store& store, const std::vector<std::int64_t>& ids);
// Whether the portal has acknowledged the request with this case code.
[[nodiscard]] std::expected<bool, StoreError> case_acknowledged(Store& store,
                                                                std::string_view case_code);

// Cases sent before `since` (RFC 3339) are no longer followed: their lookup token and their
// cached status leave the terminal.
[[nodiscard]] std::expected<void, StoreError> retire_cases_before(Store& store,
                                                                  std::string_view since);
// The cases sent since `since` whose status was not fetched since `stale`, the longest
// unchecked first: (case code, lookup token).
[[nodiscard]] std::expected<std::vector<std::pair<std::string, std::string>>, StoreError>
cases_to_follow(Store& store, std::string_view since, std::string_view stale, int limit);

// A submission as committed (body JSON and state), for a lookup on this terminal.
struct Submission {
  std::string body, state;
};
[[nodiscard]] std::expected<std::optional<Submission>, StoreError> submission_of(
    Store& store, std::string_view case_code);

// The rows not yet acknowledged, in order, and removing them (re-provisioning's export).
[[nodiscard]] std::expected<std::vector<OutboxRow>, StoreError> unsent_rows(Store& store);
[[nodiscard]] std::expected<void, StoreError> remove_unsent(Store& store,
                                                            const std::vector<std::int64_t>& ids);

// The day's submissions (Vietnam date "YYYY-MM-DD"), no personal data.
[[nodiscard]] std::expected<std::vector<kiosk::DayCase>, StoreError> cases_of_day(
    Store& store, std::string_view iso_day);
// Rows the portal refused (needs staff attention) with its reason.
struct AttentionRow {
  std::string case_code;  // empty for a rating
  std::string kind;       // request | rating
  std::string created_at;
  std::string reason;
};
[[nodiscard]] std::expected<std::vector<AttentionRow>, StoreError> attention_rows(Store& store);

// The personal-data document that is sealed (also what the portal opens).
[[nodiscard]] std::string personal_json(const kiosk::RequestDraft& draft);

}  // namespace offline
