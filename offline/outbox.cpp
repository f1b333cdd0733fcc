#include "outbox.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "sql.hpp"
#include "validation.hpp"

namespace offline {

namespace {

using nlohmann::json;

using sql::in_transaction;
using sql::Statement;

json aspects_json(unsigned aspects) {
  json out = json::array();
  if (aspects & kiosk::kAspectLegalBasis) out.push_back("legal_basis");
  if (aspects & kiosk::kAspectCompetence) out.push_back("competence");
  if (aspects & kiosk::kAspectProcedure) out.push_back("procedure");
  if (aspects & kiosk::kAspectContent) out.push_back("content");
  return out;
}

// The signature as an SVG path in a 600 × 200 box: small, and any browser at the portal draws it.
std::string signature_path(const std::vector<kiosk::SignatureStroke>& strokes) {
  std::string path;
  char buf[48];
  for (const auto& stroke : strokes) {
    for (std::size_t i = 0; i < stroke.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%s%.1f %.1f", i == 0 ? "M" : "L", double(stroke[i].x) * 600.0,
                    double(stroke[i].y) * 200.0);
      path += buf;
    }
  }
  return path;
}

}  // namespace

std::string personal_json(const kiosk::RequestDraft& d) {
  const auto& p = d.personal;
  json doc = {
      {"full_name", kiosk::tidy_spaces(p.full_name)},
      {"address", kiosk::tidy_spaces(p.address)},
      {"phone", kiosk::normalise_phone(kiosk::tidy_spaces(p.phone))},
      {"mailing_address", kiosk::tidy_spaces(p.mailing_address)},
      {"cccd", kiosk::tidy_spaces(p.cccd)},
      {"email", kiosk::tidy_spaces(p.email)},
      {"signature_svg_path", signature_path(p.signature)},
      {"consent", d.consent},
  };
  if (d.standing == kiosk::Standing::Authorised)
    doc["principal_name"] = kiosk::tidy_spaces(p.principal_name);
  return doc.dump();
}

std::expected<kiosk::Receipt, StoreError> submit_request(Store& store,
                                                         const kiosk::RequestDraft& draft,
                                                         const SubmitContext& context,
                                                         std::chrono::system_clock::time_point now,
                                                         const ReceiptJob& receipt_job) {
  sqlite3* db = store.handle();
  kiosk::Receipt receipt;
  receipt.created_at = kiosk::rfc3339_vietnam(now);
  receipt.received = kiosk::vietnam_date(now);
  receipt.deadlines = kiosk::deadlines_for(receipt.received, context.rules, context.calendar);
  receipt.lookup_token = random_lookup_token();
  receipt.agency_id = draft.agency_id;
  receipt.field_id = draft.field_id;
  // Sealed before the transaction: the plaintext never reaches SQLite, not even its journal.
  const std::vector<unsigned char> sealed = seal(personal_json(draft), context.portal_key);
  const std::string key = random_uuid();
  const std::string day = kiosk::format_iso_date(receipt.received);

  auto committed = in_transaction(db, [&]() -> std::expected<void, StoreError> {
    Statement seq(db,
                  "INSERT INTO case_sequence(day, last) VALUES (?1, 1) "
                  "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last");
    seq.bind(1, day);
    if (seq.step() != SQLITE_ROW) return std::unexpected(seq.error());
    receipt.code = kiosk::format_case_code(context.terminal_id, receipt.received,
                                           sqlite3_column_int64(seq.get(), 0));
    while (seq.step() == SQLITE_ROW) {
    }

    json body = {
        {"code", receipt.code},
        {"lookup_token", receipt.lookup_token},
        {"created_at", receipt.created_at},
        {"agency_id", draft.agency_id},
        {"field_id", draft.field_id},
        {"channel", "kiosk"},
        {"terminal_id", context.terminal_id},
        {"content", kiosk::tidy_spaces(draft.question)},
        {"decision",
         {{"number", kiosk::tidy_spaces(draft.decision_number)},
          {"date", kiosk::tidy_spaces(draft.decision_date)}}},
        {"impact", kiosk::tidy_spaces(draft.impact)},
        {"aspects", aspects_json(draft.aspects)},
        {"standing", kiosk::standing_name(draft.standing)},
        {"deadlines",
         {{"acceptance_due", kiosk::format_iso_date(receipt.deadlines.acceptance_due)},
          {"answer_due", kiosk::format_iso_date(receipt.deadlines.answer_due)}}},
    };
    if (draft.standing == kiosk::Standing::Representing)
      body["people_count"] = std::stoi("0" + kiosk::tidy_spaces(draft.people_count));
    Statement insert(db,
                     "INSERT INTO outbox(kind, idempotency_key, body, sealed_personal, created_at, "
                     "case_code) VALUES ('request', ?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, key).bind(2, body.dump()).bind(3, sealed).bind(4, receipt.created_at);
    insert.bind(5, receipt.code);
    if (insert.step() != SQLITE_DONE) return std::unexpected(insert.error());
    if (receipt_job) {
      auto job = insert_print_job(store, receipt_job(receipt), receipt.created_at);
      if (!job) return std::unexpected(job.error());
    }
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return receipt;
}

std::expected<void, StoreError> submit_rating(Store& store, const kiosk::RatingDraft& rating,
                                              std::string_view terminal_id,
                                              std::chrono::system_clock::time_point now) {
  sqlite3* db = store.handle();
  const std::string key = random_uuid();
  const std::string created = kiosk::rfc3339_vietnam(now);
  const json body = {{"id", key},
                     {"created_at", created},
                     {"terminal_id", terminal_id},
                     {"channel", "kiosk"},
                     {"score", rating.score},
                     {"comment", kiosk::tidy_spaces(rating.comment)}};
  return in_transaction(db, [&]() -> std::expected<void, StoreError> {
    Statement insert(db,
                     "INSERT INTO outbox(kind, idempotency_key, body, created_at) "
                     "VALUES ('rating', ?1, ?2, ?3)");
    insert.bind(1, key).bind(2, body.dump()).bind(3, created);
    if (insert.step() != SQLITE_DONE) return std::unexpected(insert.error());
    return {};
  });
}

std::expected<QueueSummary, StoreError> queue_summary(Store& store) {
  Statement q(store.handle(),
              "SELECT count(*) FILTER (WHERE state = 'queued'), "
              "count(*) FILTER (WHERE state = 'needs_attention'), "
              "coalesce(min(created_at) FILTER (WHERE state = 'queued'), '') FROM outbox");
  if (q.step() != SQLITE_ROW) return std::unexpected(q.error());
  return QueueSummary{int(q.integer(0)), int(q.integer(1)), q.text(2)};
}

namespace {

using sql::collect;
using sql::run;

OutboxRow outbox_row(const Statement& q) {
  // id, kind, idempotency_key, body, sealed_personal, attempts, state, created_at, case_code
  OutboxRow r;
  r.id = q.integer(0);
  r.kind = q.text(1);
  r.idempotency_key = q.text(2);
  r.body = q.text(3);
  if (const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(q.get(), 4)))
    r.sealed.assign(blob, blob + sqlite3_column_bytes(q.get(), 4));
  r.attempts = int(q.integer(5));
  r.state = q.text(6);
  r.created_at = q.text(7);
  r.case_code = q.text(8);
  return r;
}

constexpr const char* kRowColumns =
    "id, kind, idempotency_key, body, sealed_personal, attempts, state, created_at, "
    "coalesce(case_code, '')";

}  // namespace

std::expected<int, StoreError> unsent_count(Store& store) {
  return sql::query_int(store.handle(), "SELECT count(*) FROM outbox WHERE state <> 'synced'");
}

std::expected<std::string, StoreError> oldest_unsent_at(Store& store) {
  return sql::query_text(
      store.handle(), "SELECT coalesce(min(created_at), '') FROM outbox WHERE state <> 'synced'");
}

std::expected<std::vector<OutboxRow>, StoreError> due_rows(Store& store, std::string_view now_ms,
                                                           int limit) {
  std::string kind;
  {
    Statement q(store.handle(),
                "SELECT kind FROM outbox WHERE state = 'queued' AND (next_attempt_at IS NULL OR "
                "next_attempt_at <= ?1) ORDER BY id LIMIT 1");
    q.bind(1, now_ms);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::vector<OutboxRow>{};
    if (rc != SQLITE_ROW) return std::unexpected(q.error());
    kind = q.text(0);
  }
  const std::string select = std::string("SELECT ") + kRowColumns +
                             " FROM outbox WHERE state = 'queued' AND kind = ?1 AND "
                             "(next_attempt_at IS NULL OR next_attempt_at <= ?2) ORDER BY id "
                             "LIMIT ?3";
  Statement q(store.handle(), select.c_str());
  q.bind(1, kind).bind(2, now_ms).bind_int(3, limit);
  return collect<OutboxRow>(q, outbox_row);
}

std::expected<std::string, StoreError> next_due_at(Store& store) {
  return sql::query_text(store.handle(),
                         "SELECT coalesce(min(next_attempt_at), '') FROM outbox "
                         "WHERE state = 'queued'");
}

std::expected<void, StoreError> park_row(Store& store, std::int64_t id, std::string_view reason) {
  Statement q(store.handle(),
              "UPDATE outbox SET state = 'needs_attention', last_error = ?2 WHERE id = ?1");
  q.bind_int(1, id).bind(2, reason);
  return run(q);
}

std::expected<void, StoreError> retry_row_later(Store& store, std::int64_t id,
                                                std::string_view due_ms, std::string_view error) {
  Statement q(store.handle(),
              "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 "
              "WHERE id = ?1");
  q.bind_int(1, id).bind(2, due_ms).bind(3, error);
  return run(q);
}

std::expected<std::vector<std::string>, StoreError> acknowledge_rows(
    Store& store, const std::vector<std::int64_t>& ids) {
  const std::string list = json(ids).dump();
  // What stays (code, lookup token, time, body, field, deadlines) is what the status screen, the
  // status pulls and staff need; the token goes after status_days.
  Statement q(store.handle(),
              "UPDATE outbox SET state = 'synced', sealed_personal = NULL, "
              "body = CASE kind WHEN 'request' THEN "
              "json_remove(body, '$.content', '$.impact', '$.decision') ELSE body END, "
              "last_error = NULL, attempts = attempts + 1 "
              "WHERE id IN (SELECT value FROM json_each(?1))");
  q.bind(1, list);
  if (auto r = run(q); !r) return std::unexpected(r.error());
  Statement codes(store.handle(),
                  "SELECT case_code FROM outbox WHERE case_code IS NOT NULL AND "
                  "id IN (SELECT value FROM json_each(?1))");
  codes.bind(1, list);
  return collect<std::string>(codes, [](const Statement& r) { return r.text(0); });
}

std::expected<bool, StoreError> case_acknowledged(Store& store, std::string_view case_code) {
  Statement q(store.handle(),
              "SELECT count(*) FROM outbox WHERE case_code = ?1 AND state = 'synced'");
  q.bind(1, case_code);
  if (q.step() != SQLITE_ROW) return std::unexpected(q.error());
  return q.integer(0) > 0;
}

std::expected<void, StoreError> retire_cases_before(Store& store, std::string_view since) {
  for (const char* forget : {"DELETE FROM case_status WHERE code IN (SELECT case_code FROM outbox "
                             "WHERE kind = 'request' AND state = 'synced' AND created_at < ?1)",
                             "UPDATE outbox SET body = json_remove(body, '$.lookup_token') "
                             "WHERE kind = 'request' AND state = 'synced' AND created_at < ?1 AND "
                             "json_extract(body, '$.lookup_token') IS NOT NULL"}) {
    Statement q(store.handle(), forget);
    q.bind(1, since);
    if (auto r = run(q); !r) return r;
  }
  return {};
}

std::expected<std::vector<std::pair<std::string, std::string>>, StoreError> cases_to_follow(
    Store& store, std::string_view since, std::string_view stale, int limit) {
  Statement q(store.handle(),
              "SELECT o.case_code, json_extract(o.body, '$.lookup_token') FROM outbox o "
              "LEFT JOIN case_status c ON c.code = o.case_code "
              "WHERE o.kind = 'request' AND o.state = 'synced' AND o.created_at >= ?1 "
              "AND (c.fetched_at IS NULL OR c.fetched_at <= ?2) "
              "ORDER BY c.fetched_at IS NOT NULL, c.fetched_at, o.id LIMIT ?3");
  q.bind(1, since).bind(2, stale).bind_int(3, limit);
  return collect<std::pair<std::string, std::string>>(q, [](const Statement& r) {
    return std::pair{r.text(0), r.text(1)};
  });
}

std::expected<std::optional<Submission>, StoreError> submission_of(Store& store,
                                                                   std::string_view case_code) {
  Statement q(store.handle(),
              "SELECT body, state FROM outbox WHERE kind = 'request' AND case_code = ?1");
  q.bind(1, case_code);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<Submission>{};
  if (rc != SQLITE_ROW) return std::unexpected(q.error());
  return std::optional<Submission>{Submission{q.text(0), q.text(1)}};
}

std::expected<std::vector<OutboxRow>, StoreError> unsent_rows(Store& store) {
  const std::string select =
      std::string("SELECT ") + kRowColumns + " FROM outbox WHERE state <> 'synced' ORDER BY id";
  Statement q(store.handle(), select.c_str());
  return collect<OutboxRow>(q, outbox_row);
}

std::expected<void, StoreError> remove_unsent(Store& store, const std::vector<std::int64_t>& ids) {
  return in_transaction(store.handle(), [&]() -> std::expected<void, StoreError> {
    for (std::int64_t id : ids) {
      Statement q(store.handle(), "DELETE FROM outbox WHERE id = ?1 AND state <> 'synced'");
      q.bind_int(1, id);
      if (auto r = run(q); !r) return r;
    }
    return {};
  });
}

std::expected<std::vector<kiosk::DayCase>, StoreError> cases_of_day(Store& store,
                                                                    std::string_view iso_day) {
  Statement q(store.handle(),
              "SELECT case_code, created_at, state FROM outbox WHERE kind = 'request' "
              "AND substr(created_at, 1, 10) = ?1 ORDER BY id");
  q.bind(1, iso_day);
  return collect<kiosk::DayCase>(q, [](const Statement& r) {
    return kiosk::DayCase{r.text(0), r.text(1), r.text(2)};
  });
}

std::expected<std::vector<AttentionRow>, StoreError> attention_rows(Store& store) {
  Statement q(store.handle(),
              "SELECT coalesce(case_code, ''), kind, created_at, coalesce(last_error, '') "
              "FROM outbox WHERE state = 'needs_attention' ORDER BY id");
  return collect<AttentionRow>(q, [](const Statement& r) {
    return AttentionRow{r.text(0), r.text(1), r.text(2), r.text(3)};
  });
}

std::expected<std::optional<StoredCatalog>, StoreError> load_catalog(Store& store) {
  Statement q(store.handle(), "SELECT version, body FROM catalog WHERE id = 1");
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<StoredCatalog>{};
  if (rc != SQLITE_ROW) return std::unexpected(q.error());
  return std::optional<StoredCatalog>{StoredCatalog{q.text(0), q.text(1)}};
}

std::expected<void, StoreError> save_catalog(Store& store, const StoredCatalog& c) {
  Statement q(store.handle(),
              "INSERT INTO catalog(id, version, body, updated_at) VALUES (1, ?1, ?2, "
              "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT(id) DO UPDATE SET "
              "version = excluded.version, body = excluded.body, updated_at = excluded.updated_at");
  q.bind(1, c.version).bind(2, c.body);
  if (q.step() != SQLITE_DONE) return std::unexpected(q.error());
  return {};
}

}  // namespace offline
