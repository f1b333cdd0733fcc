// The print queue: every paper the terminal prints goes through SQLite, so a job that fails (paper
// out, printer gone, a crash) waits for staff to reprint it and a submission is never undone by it.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "printout.hpp"
#include "store.hpp"

namespace offline {

enum class PrintKind { Receipt, StatusSlip, Summary, Test };
[[nodiscard]] std::string_view print_kind_id(PrintKind k);  // "receipt", "status_slip", …

struct PrintJobInput {
  PrintKind kind = PrintKind::Receipt;
  std::string case_code;
  std::string facts;      // receipt: kiosk::receipt_facts_json; others: kiosk::printout_json
  std::string requester;  // receipt: {"name": masked, "phone": masked}; else empty
};

struct PrintJob {
  std::int64_t id = 0;
  PrintKind kind = PrintKind::Receipt;
  std::string case_code;
  std::string facts;
  std::string requester;  // empty when forgotten
  std::string state;      // queued | printing | printed | failed
  int attempts = 0;
  std::string last_error;
  std::string created_at, printed_at;
};

[[nodiscard]] std::expected<std::int64_t, StoreError> enqueue_print(
    Store& store, const PrintJobInput& job, std::chrono::system_clock::time_point now);
// Inside a transaction the caller holds (the submission's).
[[nodiscard]] std::expected<std::int64_t, StoreError> insert_print_job(Store& store,
                                                                       const PrintJobInput& job,
                                                                       std::string_view created_at);

// The oldest queued job, marked `printing`; nullopt when none waits.
[[nodiscard]] std::expected<std::optional<PrintJob>, StoreError> take_print_job(Store& store);
// Printed: a receipt forgets its masked name and phone once the portal also has the case.
// Failed: waits for staff with the reason.
[[nodiscard]] std::expected<void, StoreError> finish_print_job(
    Store& store, std::int64_t id, bool printed, std::string_view error,
    std::chrono::system_clock::time_point now);
// Jobs a restart interrupted (queued or printing) become failed: paper must not come out of an
// unattended printer long after the resident left; staff reprint what is still wanted.
[[nodiscard]] std::expected<int, StoreError> fail_interrupted_print_jobs(Store& store);
// Queues the job again (staff's "In lại"); false when there is no such job.
[[nodiscard]] std::expected<bool, StoreError> requeue_print_job(Store& store, std::int64_t id);
// The newest receipt of a case, queued again; nullopt when the terminal has no receipt for it.
[[nodiscard]] std::expected<std::optional<std::int64_t>, StoreError> reprint_receipt(
    Store& store, std::string_view case_code);
// Newest first, for the staff screen.
[[nodiscard]] std::expected<std::vector<PrintJob>, StoreError> recent_print_jobs(Store& store,
                                                                                 int limit);

// The portal acknowledged these cases: receipts already printed forget the masked name and phone
// they were printed with (in the caller's transaction).
[[nodiscard]] std::expected<void, StoreError> forget_printed_requesters(
    Store& store, const std::vector<std::string>& case_codes);
[[nodiscard]] std::expected<int, StoreError> failed_prints_of_day(Store& store,
                                                                  std::string_view iso_day);

}  // namespace offline
