#include "store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql.hpp"

#include <cerrno>
#include <string_view>
#include <system_error>
#include <utility>

#include <sqlite3.h>

namespace offline {

namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append only: a migration that shipped is never edited, the next one fixes it.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('request', 'rating')),
  idempotency_key TEXT NOT NULL UNIQUE,
  body            TEXT NOT NULL,  -- what the portal receives, without personal data
  sealed_personal BLOB,           -- sealed to the portal's key; deleted once acknowledged
  state           TEXT NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'synced', 'needs_attention')),
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, id) WHERE state <> 'synced';
)sql"},
    {2, R"sql(
ALTER TABLE outbox ADD COLUMN case_code TEXT;
CREATE UNIQUE INDEX outbox_case_code ON outbox (case_code) WHERE case_code IS NOT NULL;
-- The last case number given out per day (Vietnam time); never goes back, so codes never repeat.
CREATE TABLE case_sequence (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT;
CREATE TABLE catalog (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  version    TEXT NOT NULL,
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
)sql"},
    {3, R"sql(
-- The last status the portal gave for a case this terminal sent (NFC text), for the status screen
-- when the network is down. Code and lookup token only: no personal data.
CREATE TABLE case_status (
  code         TEXT PRIMARY KEY,
  lookup_token TEXT NOT NULL,
  status       TEXT NOT NULL,  -- the portal's JSON, normalised to NFC
  fetched_at   TEXT NOT NULL   -- RFC 3339, Vietnam time
) STRICT;
)sql"},
    {4, R"sql(
-- The answers the agencies published (Directive 53: archive and publish), as the portal last sent
-- them, for the "Giải trình đã công khai" screen. No personal data.
CREATE TABLE public_answers (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  body       TEXT NOT NULL,  -- {"answers": [...]}, NFC
  etag       TEXT NOT NULL,
  fetched_at TEXT NOT NULL
) STRICT;
)sql"},
    {5, R"sql(
-- Paper: receipts, status slips, summaries and test pages waiting for the printer, printed, or
-- failed and waiting for staff to reprint. A receipt's row is written in the transaction that
-- commits its submission, so a receipt is never lost to a crash between the two.
CREATE TABLE print_jobs (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'status_slip', 'summary', 'test')),
  case_code  TEXT,
  facts      TEXT NOT NULL,  -- what the paper says (JSON), no personal data
  -- a receipt's masked name and phone (JSON); NULL once it printed and the portal has the case
  requester  TEXT,
  state      TEXT NOT NULL DEFAULT 'queued'
             CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,           -- the printer's state id ("paper_out") and detail, for staff
  created_at TEXT NOT NULL,  -- RFC 3339, Vietnam time
  printed_at TEXT
) STRICT;
CREATE INDEX print_jobs_state ON print_jobs (state, id);
CREATE INDEX print_jobs_case ON print_jobs (case_code) WHERE case_code IS NOT NULL;
)sql"},
};

constexpr int kLatest = kMigrations[std::size(kMigrations) - 1].version;

using sql::collect;
using sql::exec;
using sql::query_int;
using sql::query_text;
using sql::Statement;

std::expected<int, StoreError> migrate(sqlite3* db) {
  auto version = query_int(db, "PRAGMA user_version");
  if (!version) return std::unexpected(version.error());
  if (*version > kLatest) {
    return std::unexpected(StoreError{
        StoreErrorKind::TooNew,
        "Dữ liệu của máy được tạo bởi phiên bản phần mềm mới hơn. Cần kỹ thuật viên cập nhật phần "
        "mềm.",
        "The terminal's data was written by a newer version of the software. A technician must "
        "update it.",
        "schema version " + std::to_string(*version) + " > " + std::to_string(kLatest)});
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= *version) continue;
    if (auto r = exec(db, "BEGIN IMMEDIATE"); !r) return std::unexpected(r.error());
    // Another process (the kiosk and `kiosk --headless`, say) may have migrated meanwhile: read
    // the version again under the write lock.
    const auto now = query_int(db, "PRAGMA user_version");
    if (now && *now >= m.version) {
      if (auto r = exec(db, "COMMIT"); !r) return std::unexpected(r.error());
      *version = *now;
      continue;
    }
    auto applied = exec(db, m.sql);
    if (applied) {
      const std::string bump = "PRAGMA user_version = " + std::to_string(m.version);
      applied = exec(db, bump.c_str());
    }
    if (applied) applied = exec(db, "COMMIT");
    if (!applied) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return std::unexpected(applied.error());
    }
    *version = m.version;
  }
  return *version;
}

}  // namespace

StoreError store_error(int rc, int system_errno, std::string detail) {
  const int primary = rc & 0xFF;
  if (primary == SQLITE_FULL || system_errno == ENOSPC || system_errno == EDQUOT) {
    return {StoreErrorKind::DiskFull,
            "Bộ nhớ của máy đã đầy, không thể lưu thêm. Xin vui lòng báo cán bộ tại quầy.",
            "The terminal's storage is full and cannot save more. Please tell the staff at the "
            "counter.",
            std::move(detail)};
  }
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {
          StoreErrorKind::Locked,
          "Dữ liệu của máy đang bị một chương trình khác giữ. Xin vui lòng báo cán bộ tại quầy.",
          "The terminal's data is held by another program. Please tell the staff at the "
          "counter.",
          std::move(detail)};
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return {StoreErrorKind::Corrupt, "Tệp dữ liệu của máy bị hỏng. Cần kỹ thuật viên kiểm tra.",
              "The terminal's data file is damaged. A technician must check it.",
              std::move(detail)};
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
    case SQLITE_IOERR:
      return {StoreErrorKind::Unreadable,
              "Máy không đọc hoặc ghi được dữ liệu của mình. Cần kỹ thuật viên kiểm tra.",
              "The terminal cannot read or write its data. A technician must check it.",
              std::move(detail)};
    default:
      return {StoreErrorKind::Other,
              "Máy gặp lỗi khi lưu dữ liệu. Xin vui lòng báo cán bộ tại quầy.",
              "The terminal failed to save data. Please tell the staff at the counter.",
              std::move(detail)};
  }
}

std::expected<Store, StoreError> Store::open(const std::filesystem::path& file,
                                             const StoreOptions& options) {
  std::error_code ec;
  if (file.has_parent_path()) {
    // The state folder is the kiosk's alone (0700), and so are the database and its WAL and
    // shared-memory files (0600; SQLite gives the latter two the database's mode).
    const bool existed = std::filesystem::exists(file.parent_path(), ec);
    std::filesystem::create_directories(file.parent_path(), ec);
    if (!ec && !existed)
      std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, ec);
  }
  if (ec) {
    return std::unexpected(
        store_error(SQLITE_CANTOPEN, ec.value(),
                    "cannot create " + file.parent_path().string() + ": " + ec.message()));
  }
  if (const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600); fd >= 0) {
    (void)::fchmod(fd, 0600);  // an older kiosk made it 0644
    ::close(fd);
  }
  for (const char* suffix : {"-wal", "-shm"}) (void)::chmod((file.string() + suffix).c_str(), 0600);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    StoreError error = store_error(
        rc, db ? sqlite3_system_errno(db) : 0,
        std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + ": " + file.string());
    sqlite3_close(db);
    return std::unexpected(std::move(error));
  }
  Store store(db);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);

  // A read first: a file that is not a database fails here, before any pragma writes to it.
  if (auto r = query_int(db, "SELECT count(*) FROM sqlite_schema"); !r)
    return std::unexpected(r.error());
  auto mode = query_text(db, "PRAGMA journal_mode = WAL");
  if (!mode) return std::unexpected(mode.error());
  if (*mode != "wal") {
    return std::unexpected(
        store_error(SQLITE_CANTOPEN, 0, "journal_mode is " + *mode + ", not wal"));
  }
  for (const char* pragma : {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (auto r = exec(db, pragma); !r) return std::unexpected(r.error());
  }
  auto version = migrate(db);
  if (!version) return std::unexpected(version.error());
  store.schema_version_ = *version;
  // Prove the file takes a write now, so a full disk or a lock shows at start, not at submit.
  if (auto r = exec(db,
                    "INSERT INTO settings(key, value) VALUES ('last_opened_at', datetime('now')) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
      !r)
    return std::unexpected(r.error());
  return store;
}

Store::Store(Store&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), schema_version_(other.schema_version_) {}

Store& Store::operator=(Store&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    schema_version_ = other.schema_version_;
  }
  return *this;
}

Store::~Store() {
  if (db_) sqlite3_close(db_);
}

int Store::latest_schema_version() {
  return kLatest;
}

std::expected<std::string, StoreError> Store::journal_mode() const {
  return query_text(db_, "PRAGMA journal_mode");
}

std::expected<std::string, StoreError> Store::integrity_check() const {
  Statement q(db_, "PRAGMA integrity_check");
  auto findings = collect<std::string>(q, [](Statement& row) { return row.text(0); });
  if (!findings) return std::unexpected(findings.error());
  std::string answer;
  for (const std::string& f : *findings) answer += (answer.empty() ? "" : "; ") + f;
  return answer;
}

std::expected<std::optional<std::string>, StoreError> get_setting(Store& store,
                                                                  std::string_view key) {
  sql::Statement q(store.handle(), "SELECT value FROM settings WHERE key = ?1");
  q.bind(1, key);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<std::string>{};
  if (rc != SQLITE_ROW) return std::unexpected(q.error());
  return std::optional<std::string>{q.text(0)};
}

std::expected<void, StoreError> set_setting(Store& store, std::string_view key,
                                            std::string_view value) {
  sql::Statement q(store.handle(),
                   "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, key).bind(2, value);
  if (q.step() != SQLITE_DONE) return std::unexpected(q.error());
  return {};
}

}  // namespace offline
