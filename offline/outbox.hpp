// The outbox: submissions and ratings committed on the terminal, waiting for the portal. A row is
// written in one transaction (WAL, synchronous=FULL) before the resident sees a receipt.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>

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

// The personal-data document that is sealed (also what the portal opens).
[[nodiscard]] std::string personal_json(const kiosk::RequestDraft& draft);

}  // namespace offline
