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
