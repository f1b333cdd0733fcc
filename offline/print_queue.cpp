#include "print_queue.hpp"

#include <nlohmann/json.hpp>

#include "calendar.hpp"
#include "outbox.hpp"
#include "sql.hpp"

namespace offline {

using sql::Statement;

namespace {

PrintKind kind_from(std::string_view id) {
  if (id == "status_slip") return PrintKind::StatusSlip;
  if (id == "summary") return PrintKind::Summary;
  if (id == "test") return PrintKind::Test;
  return PrintKind::Receipt;
}

constexpr const char* kJobColumns =
    "id, kind, coalesce(case_code, ''), facts, coalesce(requester, ''), state, attempts, "
    "coalesce(last_error, ''), created_at, coalesce(printed_at, '')";

PrintJob job_from(const Statement& q) {
  PrintJob j;
  j.id = q.integer(0);
  j.kind = kind_from(q.text(1));
  j.case_code = q.text(2);
  j.facts = q.text(3);
  j.requester = q.text(4);
  j.state = q.text(5);
  j.attempts = int(q.integer(6));
  j.last_error = q.text(7);
  j.created_at = q.text(8);
  j.printed_at = q.text(9);
  return j;
}

using sql::collect;
using sql::run;

}  // namespace

std::string_view print_kind_id(PrintKind k) {
  switch (k) {
    case PrintKind::StatusSlip: return "status_slip";
    case PrintKind::Summary: return "summary";
    case PrintKind::Test: return "test";
    case PrintKind::Receipt: break;
  }
  return "receipt";
}

std::expected<std::int64_t, StoreError> insert_print_job(Store& store, const PrintJobInput& job,
                                                         std::string_view created_at) {
  Statement q(store.handle(),
              "INSERT INTO print_jobs(kind, case_code, facts, requester, created_at) "
              "VALUES (?1, nullif(?2, ''), ?3, nullif(?4, ''), ?5) RETURNING id");
  q.bind(1, print_kind_id(job.kind)).bind(2, job.case_code).bind(3, job.facts);
  q.bind(4, job.requester).bind(5, created_at);
  if (q.step() != SQLITE_ROW) return std::unexpected(q.error());
  const std::int64_t id = q.integer(0);
  while (q.step() == SQLITE_ROW) {
  }
  return id;
}

std::expected<std::int64_t, StoreError> enqueue_print(Store& store, const PrintJobInput& job,
                                                      std::chrono::system_clock::time_point now) {
  return insert_print_job(store, job, kiosk::rfc3339_vietnam(now));
}

std::expected<std::optional<PrintJob>, StoreError> take_print_job(Store& store) {
  return sql::in_transaction(
      store.handle(), [&]() -> std::expected<std::optional<PrintJob>, StoreError> {
        const std::string select = std::string("SELECT ") + kJobColumns +
                                   " FROM print_jobs WHERE state = 'queued' ORDER BY id LIMIT 1";
        Statement q(store.handle(), select.c_str());
        const int rc = q.step();
        if (rc == SQLITE_DONE) return std::optional<PrintJob>{};
        if (rc != SQLITE_ROW) return std::unexpected(q.error());
        PrintJob job = job_from(q);
        Statement mark(store.handle(),
                       "UPDATE print_jobs SET state = 'printing', attempts = attempts + 1 "
                       "WHERE id = ?1");
        mark.bind_int(1, job.id);
        if (auto r = run(mark); !r) return std::unexpected(r.error());
        job.state = "printing";
        ++job.attempts;
        return std::optional<PrintJob>{std::move(job)};
      });
}

std::expected<void, StoreError> finish_print_job(Store& store, std::int64_t id, bool printed,
                                                 std::string_view error,
                                                 std::chrono::system_clock::time_point now) {
  if (printed) {
    // Printed after the portal acknowledged the case: the masked name and phone go now. The
    // check and the write share one write transaction, so the sync's acknowledgement (which
    // clears receipts already printed) cannot fall between them.
    return sql::in_transaction(store.handle(), [&]() -> std::expected<void, StoreError> {
      Statement code(store.handle(),
                     "SELECT coalesce(case_code, '') FROM print_jobs WHERE id = ?1");
      code.bind_int(1, id);
      if (const int rc = code.step(); rc != SQLITE_ROW && rc != SQLITE_DONE)
        return std::unexpected(code.error());
      const std::string case_code = code.text(0);
      const auto acked = case_acknowledged(store, case_code);
      if (!acked) return std::unexpected(acked.error());
      Statement q(store.handle(),
                  "UPDATE print_jobs SET state = 'printed', printed_at = ?2, last_error = NULL, "
                  "requester = CASE WHEN ?3 THEN NULL ELSE requester END WHERE id = ?1");
      q.bind_int(1, id).bind(2, kiosk::rfc3339_vietnam(now)).bind_int(3, *acked ? 1 : 0);
      return run(q);
    });
  }
  Statement q(store.handle(),
              "UPDATE print_jobs SET state = 'failed', last_error = ?2 WHERE id = ?1");
  q.bind_int(1, id).bind(2, error);
  return run(q);
}

std::expected<int, StoreError> fail_interrupted_print_jobs(Store& store) {
  Statement q(store.handle(),
              "UPDATE print_jobs SET state = 'failed', last_error = 'interrupted' "
              "WHERE state IN ('queued', 'printing')");
  if (auto r = run(q); !r) return std::unexpected(r.error());
  return sqlite3_changes(store.handle());
}

std::expected<bool, StoreError> requeue_print_job(Store& store, std::int64_t id) {
  Statement q(store.handle(),
              "UPDATE print_jobs SET state = 'queued' WHERE id = ?1 AND state <> 'printing'");
  q.bind_int(1, id);
  if (auto r = run(q); !r) return std::unexpected(r.error());
  return sqlite3_changes(store.handle()) == 1;
}

std::expected<std::optional<std::int64_t>, StoreError> reprint_receipt(Store& store,
                                                                       std::string_view code) {
  Statement q(store.handle(),
              "SELECT id FROM print_jobs WHERE kind = 'receipt' AND case_code = ?1 "
              "ORDER BY id DESC LIMIT 1");
  q.bind(1, code);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>{};
  if (rc != SQLITE_ROW) return std::unexpected(q.error());
  const std::int64_t id = q.integer(0);
  auto queued = requeue_print_job(store, id);
  if (!queued) return std::unexpected(queued.error());
  return std::optional<std::int64_t>{id};
}

std::expected<std::vector<PrintJob>, StoreError> recent_print_jobs(Store& store, int limit) {
  const std::string select =
      std::string("SELECT ") + kJobColumns + " FROM print_jobs ORDER BY id DESC LIMIT ?1";
  Statement q(store.handle(), select.c_str());
  q.bind_int(1, limit);
  return collect<PrintJob>(q, job_from);
}

std::expected<int, StoreError> failed_prints_of_day(Store& store, std::string_view iso_day) {
  Statement q(store.handle(),
              "SELECT count(*) FROM print_jobs WHERE state = 'failed' "
              "AND substr(created_at, 1, 10) = ?1");
  q.bind(1, iso_day);
  if (q.step() != SQLITE_ROW) return std::unexpected(q.error());
  return int(q.integer(0));
}

}  // namespace offline

namespace offline {

std::expected<void, StoreError> forget_printed_requesters(Store& store,
                                                          const std::vector<std::string>& codes) {
  if (codes.empty()) return {};
  Statement q(store.handle(),
              "UPDATE print_jobs SET requester = NULL WHERE state = 'printed' AND "
              "requester IS NOT NULL AND case_code IN (SELECT value FROM json_each(?1))");
  q.bind(1, nlohmann::json(codes).dump());
  return run(q);
}

}  // namespace offline
