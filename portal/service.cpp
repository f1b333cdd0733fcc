#include "service.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>

#include "calendar.hpp"
#include "db.hpp"
#include "request.hpp"
#include "utf8.hpp"
#include "validate.hpp"
#include "validation.hpp"

namespace portal {

namespace {

using db::Stmt;
using nlohmann::json;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string hex_hash(std::string_view data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  char out[65];
  sodium_bin2hex(out, sizeof out, h, sizeof h);
  return out;
}

std::string base64(const unsigned char* data, std::size_t n, int variant) {
  std::string out(sodium_base64_encoded_len(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, variant);
  out.pop_back();  // the terminating NUL
  return out;
}

std::optional<std::vector<unsigned char>> from_base64(std::string_view b64) {
  std::vector<unsigned char> bin(b64.size());
  std::size_t len = 0;
  if (sodium_base642bin(bin.data(), bin.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  bin.resize(len);
  return bin;
}

std::int64_t unix_s(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Enrollment codes are read aloud and typed: Crockford base32, grouped 4-4, compared without the
// dash and in capitals.
std::string normalise_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  return out;
}

Outcome busy() {
  return error_outcome(503, "busy", "Cổng đang bận, thử lại sau.", "The portal is busy.");
}

Outcome problem_outcome(const Problem& p) {
  return {p.status,
          json{{"error", {{"code", p.code}, {"message_vi", p.vi}, {"message_en", p.en}}}}};
}

// Runs `work` inside one write transaction and commits it when it answers 2xx: the only way a 2xx
// leaves; anything else (a refusal, an error, an exception) rolls back.
template <class Work>
Outcome committed(sqlite3* db, Work&& work) {
  db::Transaction tx(db);
  if (!tx.ok()) return busy();
  Outcome o = work();
  if (o.status >= 200 && o.status < 300 && !tx.commit()) return busy();
  return o;
}

// Version 1 is the first schema; each later entry moves a database up one version.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE terminals (
  id      TEXT PRIMARY KEY,
  token   TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE requests (
  code            TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  body_hash       TEXT NOT NULL,
  lookup_token    TEXT NOT NULL,
  terminal_id     TEXT NOT NULL,
  agency_id       TEXT NOT NULL,
  field_id        TEXT NOT NULL,
  body            TEXT NOT NULL,  -- without the sealed personal data
  sealed_personal BLOB NOT NULL,  -- kept sealed; opened only where an officer needs it
  status          TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  acceptance_due  TEXT NOT NULL,
  answer_due      TEXT NOT NULL,
  ack             TEXT NOT NULL
);
CREATE TABLE history (
  code   TEXT NOT NULL REFERENCES requests(code),
  at     TEXT NOT NULL,
  status TEXT NOT NULL,
  note   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE ratings (
  id              TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  body_hash       TEXT NOT NULL,
  terminal_id     TEXT NOT NULL,
  body            TEXT NOT NULL
);
)sql",
    R"sql(
ALTER TABLE terminals ADD COLUMN hardware_id TEXT;
ALTER TABLE terminals ADD COLUMN app_version TEXT;
ALTER TABLE terminals ADD COLUMN enrolled_at TEXT;
ALTER TABLE terminals ADD COLUMN last_seen INTEGER;      -- unix seconds of the last heartbeat
ALTER TABLE terminals ADD COLUMN heartbeat TEXT;         -- its body
ALTER TABLE terminals ADD COLUMN prev_queue_depth INTEGER;
CREATE TABLE enrollment_codes (
  code_hash   TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  expires_at  INTEGER NOT NULL,  -- unix seconds
  used_at     INTEGER
);
ALTER TABLE requests ADD COLUMN answer_summary TEXT;
ALTER TABLE requests ADD COLUMN document_url TEXT;
ALTER TABLE requests ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN extended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN suspended_on TEXT;     -- the day a suspension began
ALTER TABLE requests ADD COLUMN resume_status TEXT;    -- accepted or extended
)sql",
    R"sql(
-- Wrong "last 4 digits of the phone" tries, per case, for the rate limit.
CREATE TABLE phone_lookup_failures (
  code TEXT NOT NULL,
  at   INTEGER NOT NULL  -- unix seconds
);
CREATE INDEX phone_lookup_failures_code ON phone_lookup_failures (code, at);
)sql",
};

}  // namespace

Outcome error_outcome(int status, const char* code, const char* vi, const char* en) {
  return problem_outcome({code, vi, en, status});
}

Service::~Service() {
  if (db_) sqlite3_close(db_);
}

std::unique_ptr<Service> Service::open(const ServiceConfig& config, std::string& error) {
  if (sodium_init() < 0) {
    error = "libsodium failed to start";
    return nullptr;
  }
  std::unique_ptr<Service> s(new Service());
  s->config_ = config;
  s->has_secret_key_ = !config.secret_key_file.empty();  // the admin CLI opens no sealed data
  std::string sk =
      s->has_secret_key_ ? read_file(config.secret_key_file) : std::string(43, 'A') + "=";
  while (!sk.empty() && (sk.back() == '\n' || sk.back() == '\r')) sk.pop_back();
  std::size_t len = 0;
  if (sodium_base642bin(s->secret_key_.data(), s->secret_key_.size(), sk.data(), sk.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != 32) {
    error = "the secret key file is not 32 bytes of base64: " + config.secret_key_file.string();
    return nullptr;
  }
  crypto_scalarmult_base(s->public_key_.data(), s->secret_key_.data());
  s->catalog_body_ = read_file(config.catalog_file);
  auto catalog = kiosk::parse_catalog(s->catalog_body_);
  if (!catalog) {
    error = catalog.error() + " (" + config.catalog_file.string() + ")";
    return nullptr;
  }
  s->catalog_ = std::move(*catalog);
  s->catalog_etag_ = "\"" + hex_hash(s->catalog_body_).substr(0, 32) + "\"";
  if (sqlite3_open(config.db_file.c_str(), &s->db_) != SQLITE_OK) {
    error = std::string("cannot open the portal database: ") + sqlite3_errmsg(s->db_);
    return nullptr;
  }
  sqlite3_busy_timeout(s->db_, 10'000);  // the admin CLI and the server share the file
  db::exec(s->db_, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  // One migration per transaction; the version is read under the write lock, so the server and
  // the admin CLI starting together never both apply the same step.
  for (;;) {
    db::Transaction tx(s->db_);
    if (!tx.ok()) {
      error = std::string("the portal database is busy: ") + sqlite3_errmsg(s->db_);
      return nullptr;
    }
    int version = 0;
    {
      Stmt st(s->db_, "PRAGMA user_version");
      if (st.row()) version = static_cast<int>(st.integer(0));
      // An older demo database (before user_version was kept) already has version 1's tables.
      Stmt t(s->db_, "SELECT 1 FROM sqlite_master WHERE name = 'requests'");
      if (version == 0 && t.row()) version = 1;
    }
    if (version >= int(std::size(kMigrations))) break;  // nothing written: tx rolls back
    const std::string sql = std::string(kMigrations[version]) +
                            "PRAGMA user_version = " + std::to_string(version + 1) + ";";
    char* message = nullptr;
    if (sqlite3_exec(s->db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK ||
        !tx.commit()) {
      error = std::string("cannot migrate the portal database: ") + (message ? message : "");
      sqlite3_free(message);
      return nullptr;
    }
  }
  return s;
}

int Service::count(const char* table) {
  std::lock_guard lock(mutex_);
  Stmt st(db_, (std::string("SELECT count(*) FROM ") + table).c_str());
  return st.row() ? static_cast<int>(st.integer(0)) : -1;
}

// ---- terminals -------------------------------------------------------------------------------

std::optional<std::string> Service::terminal_for_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  Stmt st(db_, "SELECT id FROM terminals WHERE token = ?1 AND revoked = 0", token);
  if (!st.row()) return std::nullopt;
  return st.text(0);
}

bool Service::set_terminal_token(const std::string& terminal_id, const std::string& token) {
  std::lock_guard lock(mutex_);
  Stmt st(db_,
          "INSERT INTO terminals(id, token) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET "
          "token = excluded.token, revoked = 0",
          terminal_id, token);
  return st.done();
}

bool Service::revoke(const std::string& terminal_id) {
  std::lock_guard lock(mutex_);
  Stmt st(db_, "UPDATE terminals SET revoked = 1 WHERE id = ?1", terminal_id);
  return st.done() && sqlite3_changes(db_) == 1;
}

std::optional<std::string> Service::make_enrollment_code(const std::string& terminal_id,
                                                         std::chrono::minutes ttl) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string code;
  for (int i = 0; i < 8; ++i) code.push_back(kAlphabet[randombytes_uniform(32)]);
  std::lock_guard lock(mutex_);
  Stmt st(db_, "INSERT INTO enrollment_codes(code_hash, terminal_id, expires_at) VALUES (?1,?2,?3)",
          hex_hash(code), terminal_id, unix_s(now_() + ttl));
  if (!st.done()) return std::nullopt;  // never hand out a code that was not stored
  return code.substr(0, 4) + "-" + code.substr(4);
}

Outcome Service::enroll(const json& body) {
  if (const auto p = check_enroll(body)) return problem_outcome(*p);
  const std::string hash = hex_hash(normalise_code(body["enrollment_code"].get<std::string>()));
  const std::string hardware_id = body["hardware_id"].get<std::string>();
  const std::string app_version = body["app_version"].get<std::string>();
  const std::int64_t now = unix_s(now_());
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  const std::string token = base64(raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::lock_guard lock(mutex_);
  return committed(db_, [&]() -> Outcome {  // the code is checked and spent under one write lock
    std::string terminal_id;
    {
      Stmt st(db_,
              "SELECT terminal_id, expires_at, used_at FROM enrollment_codes WHERE code_hash=?1",
              hash);
      const auto found = st.found();
      if (!found) return busy();
      if (!*found)
        return error_outcome(404, "enrollment_code_unknown", "Mã đăng ký không đúng.",
                             "The enrollment code is not known.");
      if (!st.is_null(2))
        return error_outcome(409, "enrollment_code_used", "Mã đăng ký này đã được dùng.",
                             "This enrollment code was already used.");
      if (st.integer(1) < now)
        return error_outcome(404, "enrollment_code_expired", "Mã đăng ký đã hết hạn.",
                             "The enrollment code has expired.");
      terminal_id = st.text(0);
    }
    Stmt used(db_, "UPDATE enrollment_codes SET used_at = ?2 WHERE code_hash = ?1", hash, now);
    if (!used.done()) return busy();
    Stmt term(
        db_,
        "INSERT INTO terminals(id, token, hardware_id, app_version, enrolled_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET token = excluded.token, "
        "revoked = 0, hardware_id = excluded.hardware_id, app_version = excluded.app_version, "
        "enrolled_at = excluded.enrolled_at",
        terminal_id, token, hardware_id, app_version, kiosk::rfc3339_vietnam(now_()));
    if (!term.done()) return busy();
    return {201,
            {{"terminal_id", terminal_id},
             {"token", token},
             {"center",
              {{"id", config_.center_id},
               {"name", config_.center_name},
               {"address", config_.center_address}}},
             {"portal_public_key",
              base64(public_key_.data(), public_key_.size(), sodium_base64_VARIANT_ORIGINAL)}}};
  });
}

Outcome Service::heartbeat(const std::string& terminal, const std::string& path_id,
                           const json& body) {
  if (terminal != path_id)
    return error_outcome(401, "unauthorized", "Mã máy không khớp với quyền truy cập.",
                         "The terminal id does not match the token.");
  if (const auto p = check_heartbeat(body)) return problem_outcome(*p);
  const json stored = stored_heartbeat(body);
  std::lock_guard lock(mutex_);
  Stmt st(db_,
          "UPDATE terminals SET prev_queue_depth = json_extract(heartbeat, '$.queue_depth'), "
          "heartbeat = ?2, last_seen = ?3, app_version = ?4 WHERE id = ?1",
          terminal, stored.dump(), unix_s(now_()), stored["app_version"].get<std::string>());
  if (!st.done()) return busy();
  return {204, nullptr};
}

json Service::terminals() {
  const std::int64_t now = unix_s(now_());
  std::lock_guard lock(mutex_);
  Stmt st(db_,
          "SELECT id, revoked, last_seen, heartbeat, prev_queue_depth, app_version FROM terminals "
          "ORDER BY id");
  json out = json::array();
  while (st.row()) {
    json t = {{"id", st.text(0)}, {"revoked", st.integer(1) != 0}};
    const json hb = st.is_null(3) ? json() : json::parse(st.text(3), nullptr, false);
    t["last_seen_s_ago"] = st.is_null(2) ? json() : json(now - st.integer(2));
    t["silent"] = st.is_null(2) || now - st.integer(2) > 15 * 60;
    t["queue_depth"] = hb.is_object() ? hb.value("queue_depth", 0) : 0;
    t["queue_growing"] = hb.is_object() && !st.is_null(4) &&
                         hb.value("queue_depth", 0) > st.integer(4) &&
                         hb.value("queue_depth", 0) > 0;
    t["app_version"] = st.text(5);
    out.push_back(t);
  }
  return out;
}

// ---- submissions and ratings -----------------------------------------------------------------

template <class Use>
bool Service::with_opened(const std::vector<unsigned char>& box, Use&& use) {
  if (!has_secret_key_ || box.size() < crypto_box_SEALBYTES) return false;
  std::string plain(box.size() - crypto_box_SEALBYTES, '\0');
  const bool ok = crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()), box.data(),
                                       box.size(), public_key_.data(), secret_key_.data()) == 0;
  if (ok) use(std::string_view(plain));
  sodium_memzero(plain.data(), plain.size());  // used, not kept in the clear
  return ok;
}

namespace {

Outcome bad_key() {
  return error_outcome(400, "bad_idempotency_key", "Idempotency-Key thiếu hoặc không phải UUID.",
                       "Idempotency-Key is missing or not a UUID.");
}

}  // namespace

std::optional<Outcome> Service::check_submission_body(const std::string& terminal,
                                                      const std::string& key, const json& body,
                                                      std::vector<unsigned char>& sealed) {
  if (!is_uuid(key)) return bad_key();
  if (const auto p = portal::check_submission(body, terminal, catalog_)) return problem_outcome(*p);
  if (!has_secret_key_)
    return error_outcome(503, "no_secret_key", "Cổng chưa có khoá bí mật.",
                         "The portal has no secret key.");
  auto box = from_base64(body["sealed_personal"].get<std::string>());
  std::optional<Problem> personal;
  if (!box || !with_opened(*box, [&](std::string_view plain) { personal = check_personal(plain); }))
    return error_outcome(422, "sealed_personal_unreadable",
                         "Dữ liệu cá nhân không mở được bằng khoá của cổng.",
                         "The personal data does not open with the portal's key.");
  if (personal) return problem_outcome(*personal);
  sealed = std::move(*box);
  return std::nullopt;
}

Outcome Service::submit(const std::string& terminal, const std::string& key, const json& body) {
  std::vector<unsigned char> sealed;
  if (auto refused = check_submission_body(terminal, key, body, sealed)) return *refused;
  std::lock_guard lock(mutex_);
  return committed(db_, [&] { return submit_locked(terminal, key, body, sealed); });
}

// Inside a transaction or a batch's savepoint; the body was checked.
Outcome Service::submit_locked(const std::string& terminal, const std::string& key,
                               const json& body, const std::vector<unsigned char>& sealed) {
  const std::string hash = hex_hash(body.dump());
  const std::string code = body["code"].get<std::string>();
  {  // the same key again: the same answer, never a second case
    Stmt st(db_, "SELECT body_hash, ack FROM requests WHERE idempotency_key = ?1", key);
    const auto found = st.found();
    if (!found) return busy();
    if (*found) {
      if (st.text(0) != hash)
        return error_outcome(422, "idempotency_key_reused",
                             "Khoá Idempotency-Key đã dùng cho một yêu cầu khác.",
                             "This Idempotency-Key was used for a different request.");
      const auto ack = parse_json(st.text(1));
      return ack ? Outcome{200, *ack} : busy();
    }
  }
  {
    Stmt st(db_, "SELECT 1 FROM requests WHERE code = ?1", code);
    const auto found = st.found();
    if (!found) return busy();
    if (*found)
      return error_outcome(422, "code_taken", "Mã hồ sơ đã có với một khoá khác.",
                           "This case code exists under another key.");
  }
  const std::string created = body["created_at"].get<std::string>();
  const auto received = kiosk::parse_iso_date(created.substr(0, 10));
  const auto due = kiosk::deadlines_for(*received, catalog_.rules, catalog_.calendar);
  const std::string acc = kiosk::format_iso_date(due.acceptance_due);
  const std::string ans = kiosk::format_iso_date(due.answer_due);
  const json ack = {{"code", code},
                    {"status", "received"},
                    {"received_at", created},
                    {"deadlines", {{"acceptance_due", acc}, {"answer_due", ans}}}};
  Stmt ins(db_,
           "INSERT INTO requests(code, idempotency_key, body_hash, lookup_token, terminal_id, "
           "agency_id, field_id, body, sealed_personal, status, received_at, acceptance_due, "
           "answer_due, ack) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,'received',?10,?11,?12,?13)",
           code, key, hash, body["lookup_token"].get<std::string>(), terminal,
           body["agency_id"].get<std::string>(), body["field_id"].get<std::string>(),
           stored_submission(body).dump(), sealed, created, acc, ans, ack.dump());
  if (!ins.done()) {
    if (ins.rc() == SQLITE_CONSTRAINT)  // another portal process took it a moment ago
      return error_outcome(409, "conflict", "Hồ sơ đang được ghi, thử lại sau.",
                           "The case is being stored; try again.");
    return busy();
  }
  Stmt hist(db_, "INSERT INTO history(code, at, status) VALUES (?1, ?2, 'received')", code,
            created);
  if (!hist.done()) return busy();
  return {201, ack};
}

Outcome Service::rate(const std::string& terminal, const std::string& key, const json& body) {
  if (!is_uuid(key)) return bad_key();
  if (const auto p = check_rating(body, terminal)) return problem_outcome(*p);
  std::lock_guard lock(mutex_);
  return committed(db_, [&] { return rate_locked(terminal, key, body); });
}

Outcome Service::rate_locked(const std::string& terminal, const std::string& key,
                             const json& body) {
  const json stored = stored_rating(body);
  const std::string hash = hex_hash(body.dump());
  const std::string id = body["id"].get<std::string>();
  {
    Stmt st(db_, "SELECT body_hash FROM ratings WHERE idempotency_key = ?1", key);
    const auto found = st.found();
    if (!found) return busy();
    if (*found) {
      if (st.text(0) != hash)
        return error_outcome(422, "idempotency_key_reused",
                             "Khoá Idempotency-Key đã dùng cho một đánh giá khác.",
                             "This Idempotency-Key was used for a different rating.");
      return {200, {{"id", id}}};
    }
  }
  {
    Stmt st(db_, "SELECT 1 FROM ratings WHERE id = ?1", id);
    const auto found = st.found();
    if (!found) return busy();
    if (*found)
      return error_outcome(422, "rating_id_taken", "Mã đánh giá đã có.", "The rating id exists.");
  }
  Stmt ins(db_,
           "INSERT INTO ratings(id, idempotency_key, body_hash, terminal_id, body) VALUES "
           "(?1, ?2, ?3, ?4, ?5)",
           id, key, hash, terminal, stored.dump());
  if (!ins.done())
    return ins.rc() == SQLITE_CONSTRAINT
               ? error_outcome(409, "conflict", "Đánh giá đang được ghi, thử lại sau.",
                               "The rating is being stored; try again.")
               : busy();
  return {201, {{"id", id}}};
}

Outcome Service::batch(const std::string& terminal, const json& body, bool requests) {
  const char* item_name = requests ? "request" : "rating";
  if (const auto p = check_batch(body, item_name)) return problem_outcome(*p);
  // Every item is checked (and its sealed data opened) before the write lock is taken.
  struct Item {
    std::string key;
    std::optional<Outcome> refused;
    std::vector<unsigned char> sealed;
  };
  std::vector<Item> items;
  for (const json& item : body["items"]) {
    Item it{item["idempotency_key"].get<std::string>(), std::nullopt, {}};
    const json& payload = item[item_name];
    if (requests) {
      it.refused = check_submission_body(terminal, it.key, payload, it.sealed);
    } else if (const auto p = check_rating(payload, terminal)) {
      it.refused = problem_outcome(*p);
    }
    items.push_back(std::move(it));
  }
  json results = json::array();
  std::lock_guard lock(mutex_);
  // One transaction (one fsync) for the whole batch; each item in its own savepoint. A failing
  // database fails the whole batch (503): no item is acknowledged unless the COMMIT returned.
  return committed(db_, [&]() -> Outcome {
    for (std::size_t i = 0; i < items.size(); ++i) {
      Outcome o;
      if (items[i].refused) {
        o = *items[i].refused;
      } else {
        db::Savepoint sp(db_);
        if (!sp.ok()) return busy();
        const json& payload = body["items"][i][item_name];
        o = requests ? submit_locked(terminal, items[i].key, payload, items[i].sealed)
                     : rate_locked(terminal, items[i].key, payload);
        if (o.status == 503) return busy();
        if (o.status >= 200 && o.status < 300 && !sp.release()) return busy();
      }
      results.push_back(
          {{"idempotency_key", items[i].key}, {"status", o.status}, {"body", o.body}});
    }
    return {200, {{"results", results}}};
  });
}

// ---- status and the agency's moves -----------------------------------------------------------

std::optional<json> Service::case_status(const std::string& code, const std::string& token) {
  std::optional<json> out;
  if (!is_lookup_token(token)) return out;  // empty, too long or malformed: never a match
  std::lock_guard lock(mutex_);
  {
    Stmt st(db_,
            "SELECT lookup_token, status, agency_id, field_id, received_at, acceptance_due, "
            "answer_due, answer_summary, document_url, public FROM requests WHERE code = ?1",
            code);
    if (!st.row()) return out;
    // Constant-time compare: the token is the only secret here.
    const std::string stored = st.text(0);
    if (stored.size() != token.size() ||
        sodium_memcmp(stored.data(), token.data(), token.size()) != 0)
      return out;
    json agency = {{"id", st.text(2)}, {"name", st.text(2)}};
    if (const auto* a = catalog_.agency(st.text(2))) agency["name"] = a->name.vi;
    json field = {{"id", st.text(3)}, {"name", st.text(3)}};
    if (const auto* f = catalog_.field(st.text(3))) field["name"] = f->name.vi;
    out = json{{"code", code},
               {"status", st.text(1)},
               {"agency", agency},
               {"field", field},
               {"received_at", st.text(4)},
               {"deadlines", {{"acceptance_due", st.text(5)}, {"answer_due", st.text(6)}}},
               {"history", json::array()}};
    if (!st.is_null(7))
      (*out)["answer"] = {
          {"summary", st.text(7)}, {"document_url", st.text(8)}, {"public", st.integer(9) != 0}};
  }
  Stmt h(db_, "SELECT at, status, note FROM history WHERE code = ?1 ORDER BY rowid", code);
  while (h.row())
    (*out)["history"].push_back({{"at", h.text(0)}, {"status", h.text(1)}, {"note", h.text(2)}});
  return out;
}

json Service::public_answers() {
  std::lock_guard lock(mutex_);
  Stmt st(db_,
          "SELECT r.agency_id, r.field_id, json_extract(r.body, '$.content'), r.answer_summary, "
          "coalesce(r.document_url, ''), (SELECT max(at) FROM history h WHERE h.code = r.code AND "
          "h.status = 'answered') AS answered_at FROM requests r WHERE r.public = 1 "
          "AND r.status = 'answered' ORDER BY answered_at DESC LIMIT 200");
  json list = json::array();
  while (st.row()) {
    json agency = {{"id", st.text(0)}, {"name", st.text(0)}};
    if (const auto* a = catalog_.agency(st.text(0))) agency["name"] = a->name.vi;
    json field = {{"id", st.text(1)}, {"name", st.text(1)}};
    if (const auto* f = catalog_.field(st.text(1))) field["name"] = f->name.vi;
    list.push_back({{"agency", agency},
                    {"field", field},
                    {"question", st.text(2)},
                    {"summary", st.text(3)},
                    {"document_url", st.text(4)},
                    {"answered_at", st.text(5)}});
  }
  return {{"answers", list}};
}

Outcome Service::case_status_by_phone(const std::string& code, const std::string& last4) {
  const auto not_found = [] {
    return error_outcome(404, "not_found", "Không tìm thấy hồ sơ.", "No such case.");
  };
  const bool well_formed =
      last4.size() == 4 && last4.find_first_not_of("0123456789") == std::string::npos;
  if (!has_secret_key_)
    return error_outcome(503, "no_secret_key", "Cổng chưa có khoá bí mật.",
                         "The portal has no secret key.");
  const std::int64_t now = unix_s(now_());
  std::string token;
  std::vector<unsigned char> sealed;
  std::int64_t try_id = 0;
  {
    // Check and count in one write transaction: concurrent tries cannot all pass the check. The
    // try is counted as wrong first, and forgiven only when the digits match.
    std::lock_guard lock(mutex_);
    db::Transaction tx(db_);
    if (!tx.ok()) return busy();
    Stmt fails(db_, "SELECT count(*) FROM phone_lookup_failures WHERE code = ?1 AND at > ?2", code,
               now - 3600);
    if (!fails.row()) return busy();
    if (fails.integer(0) >= 5) {
      Outcome o =
          error_outcome(429, "too_many_tries",
                        "Nhập sai quá nhiều lần. Xin thử lại sau một giờ hoặc dùng mã tra "
                        "cứu trên phiếu.",
                        "Too many wrong tries. Try again in an hour, or use the lookup code "
                        "on the receipt.");
      o.body["retry_after_s"] = 3600;
      return o;
    }
    Stmt counted(db_, "INSERT INTO phone_lookup_failures(code, at) VALUES (?1, ?2) RETURNING rowid",
                 code, now);
    if (!counted.row()) return busy();
    try_id = counted.integer(0);
    while (counted.row()) {
    }
    Stmt st(db_, "SELECT lookup_token, sealed_personal FROM requests WHERE code = ?1", code);
    const auto found = st.found();
    if (!found) return busy();
    if (*found) {
      token = st.text(0);
      sealed = st.blob(1);
    }
    if (!tx.commit()) return busy();
  }
  bool match = false;
  if (well_formed)  // every wrong try counts, malformed ones too
    (void)with_opened(sealed, [&](std::string_view plain) {
      const json personal = json::parse(plain, nullptr, false);
      std::string digits;
      if (personal.is_object() && personal.contains("phone") && personal["phone"].is_string())
        for (char c : personal["phone"].get<std::string>())
          if (c >= '0' && c <= '9') digits.push_back(c);
      match = digits.size() >= 4 &&
              sodium_memcmp(digits.data() + digits.size() - 4, last4.data(), 4) == 0;
      sodium_memzero(digits.data(), digits.size());
    });
  if (!match) return not_found();
  {
    std::lock_guard lock(mutex_);
    Stmt forgive(db_, "DELETE FROM phone_lookup_failures WHERE rowid = ?1", try_id);
    (void)forgive.done();  // if this fails, the right try counts as a wrong one: fails closed
  }
  auto c = case_status(code, token);
  if (!c) return not_found();
  return {200, *c};
}

Outcome Service::officer_view(const std::string& code) {
  if (!has_secret_key_)
    return error_outcome(503, "no_secret_key", "Cần khoá bí mật của cổng (--secret-key).",
                         "The portal's secret key is needed (--secret-key).");
  std::string token, body;
  std::vector<unsigned char> sealed;
  {
    std::lock_guard lock(mutex_);
    Stmt st(db_, "SELECT lookup_token, body, sealed_personal FROM requests WHERE code = ?1", code);
    if (!st.row()) return error_outcome(404, "not_found", "Không tìm thấy hồ sơ.", "No such case.");
    token = st.text(0);
    body = st.text(1);
    sealed = st.blob(2);
  }
  auto c = case_status(code, token);
  if (!c) return error_outcome(404, "not_found", "Không tìm thấy hồ sơ.", "No such case.");
  json view = *c;
  view["request"] = json::parse(body, nullptr, false);
  if (!with_opened(sealed, [&](std::string_view plain) {
        view["personal"] = json::parse(plain, nullptr, false);
      }))
    return error_outcome(422, "sealed_personal_unreadable", "Không mở được dữ liệu cá nhân.",
                         "The personal data does not open.");
  return {200, view};
}

Outcome Service::move_case(const std::string& code, const std::string& action, const json& args) {
  auto arg = [&](const char* k) {
    return args.contains(k) && args[k].is_string() ? args[k].get<std::string>() : std::string();
  };
  const auto now = now_();
  const kiosk::Date today = kiosk::vietnam_date(now);
  const std::string document_url = arg("document_url");
  if (!document_url.empty() && !is_https_url(document_url))
    return error_outcome(400, "bad_document_url", "Đường dẫn văn bản phải bắt đầu bằng https://.",
                         "The document link must start with https://.");
  std::lock_guard lock(mutex_);
  // The state is read and moved under one write lock: two officers cannot both move it.
  return committed(db_, [&]() -> Outcome {
    std::string status, answer_due, suspended_on, resume_status;
    bool extended = false;
    {
      Stmt st(db_,
              "SELECT status, answer_due, extended, suspended_on, resume_status FROM requests "
              "WHERE code = ?1",
              code);
      const auto found = st.found();
      if (!found) return busy();
      if (!*found) return error_outcome(404, "not_found", "Không tìm thấy hồ sơ.", "No such case.");
      status = st.text(0);
      answer_due = st.text(1);
      extended = st.integer(2) != 0;
      suspended_on = st.text(3);
      resume_status = st.text(4);
    }
    auto from = [&](std::initializer_list<const char*> allowed) {
      for (const char* a : allowed)
        if (status == a) return true;
      return false;
    };
    const auto wrong_state = [&] {
      Outcome o =
          error_outcome(409, "wrong_state", "Hồ sơ đang ở trạng thái không cho phép việc này.",
                        "The case's state does not allow this.");
      o.body["error"]["status"] = status;
      return o;
    };
    const auto& rules = catalog_.rules;
    const auto& cal = catalog_.calendar;
    auto add_answer_days = [&](kiosk::Date d, int n) {
      return rules.answer_unit == kiosk::DayUnit::Working ? cal.add_working_days(d, n)
                                                          : cal.add_calendar_days(d, n);
    };
    std::string next, note = arg("note"), new_due = answer_due, summary, doc;
    bool set_public = false, set_extended = extended;
    std::string set_suspended_on, set_resume_status;
    if (action == "accept" && from({"received", "supplement_requested"})) {
      next = "accepted";
      new_due = kiosk::format_iso_date(add_answer_days(today, rules.answer_days));
    } else if (action == "refuse" && from({"received", "supplement_requested"})) {
      if ((note = arg("reason")).empty())
        return error_outcome(400, "reason_required", "Từ chối phải nêu lý do.",
                             "A refusal needs a reason.");
      next = "refused";
    } else if (action == "redirect" && from({"received", "supplement_requested"})) {
      const std::string to = arg("to");
      if (to.empty())
        return error_outcome(400, "to_required", "Phải nêu cơ quan có thẩm quyền.",
                             "Name the competent body.");
      const auto* a = catalog_.agency(to);
      note = "Chuyển đến: " + (a ? a->name.vi : to) + (note.empty() ? "" : ". " + note);
      next = "redirected";
    } else if (action == "supplement" && from({"received"})) {
      if (note.empty())
        return error_outcome(400, "note_required", "Phải nêu điều cần bổ sung.",
                             "Say what must be supplied.");
      next = "supplement_requested";
    } else if (action == "suspend" && from({"accepted", "extended"})) {
      next = "suspended";
      set_suspended_on = kiosk::format_iso_date(today);
      set_resume_status = status;
    } else if (action == "resume" && from({"suspended"})) {
      next = resume_status.empty() ? "accepted" : resume_status;
      // Time under suspension does not count: the answer deadline moves by the days paused.
      const auto began = kiosk::parse_iso_date(suspended_on);
      const auto due = kiosk::parse_iso_date(answer_due);
      if (began && due)
        new_due = kiosk::format_iso_date(cal.add_calendar_days(
            *due, static_cast<int>(
                      (std::chrono::sys_days(today) - std::chrono::sys_days(*began)).count())));
    } else if (action == "extend" && from({"accepted"}) && !extended) {
      const int days = args.value("days", rules.extension_days);
      if (days < 1 || days > rules.extension_days)
        return error_outcome(400, "days_out_of_range", "Gia hạn tối đa 15 ngày, một lần.",
                             "An extension is at most 15 days, once.");
      const auto due = kiosk::parse_iso_date(answer_due);
      new_due = kiosk::format_iso_date(add_answer_days(due ? *due : today, days));
      set_extended = true;
      next = "extended";
      if (note.empty())
        note = "Gia hạn đến " + kiosk::format_vi_date(*kiosk::parse_iso_date(new_due));
    } else if (action == "answer" && from({"accepted", "extended"})) {
      if ((summary = arg("summary")).empty())
        return error_outcome(400, "summary_required", "Phải có tóm tắt nội dung giải trình.",
                             "An answer needs a summary.");
      doc = document_url;
      next = "answered";
    } else if (action == "publish" && from({"answered"})) {
      set_public = true;
    } else if (action == "terminate" &&
               !from({"refused", "redirected", "answered", "terminated"})) {
      next = "terminated";
    } else if (action == "accept" || action == "refuse" || action == "redirect" ||
               action == "supplement" || action == "suspend" || action == "resume" ||
               action == "extend" || action == "answer" || action == "publish" ||
               action == "terminate") {
      return wrong_state();
    } else {
      return error_outcome(400, "unknown_action", "Không có thao tác này.", "No such action.");
    }
    if (!kiosk::is_precomposed_vietnamese(note + summary))
      return error_outcome(400, "not_nfc", "Văn bản phải ở dạng NFC.", "Text must be in NFC.");
    bool ok = true;
    if (set_public) {
      Stmt st(db_, "UPDATE requests SET public = 1 WHERE code = ?1", code);
      ok = st.done();
    } else {
      Stmt st(db_,
              "UPDATE requests SET status = ?2, answer_due = ?3, extended = ?4, "
              "suspended_on = nullif(?5, ''), resume_status = nullif(?6, ''), "
              "answer_summary = coalesce(nullif(?7, ''), answer_summary), "
              "document_url = coalesce(nullif(?8, ''), document_url) WHERE code = ?1",
              code, next, new_due, set_extended ? 1 : 0, set_suspended_on, set_resume_status,
              summary, doc);
      Stmt h(db_, "INSERT INTO history(code, at, status, note) VALUES (?1, ?2, ?3, ?4)", code,
             kiosk::rfc3339_vietnam(now), next, note);
      ok = st.done() && h.done();
    }
    if (!ok) return busy();
    return {200, {{"code", code}, {"status", set_public ? status : next}, {"answer_due", new_due}}};
  });
}

}  // namespace portal
