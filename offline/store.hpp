// The terminal's SQLite file: WAL, synchronous=FULL, foreign keys on, numbered migrations kept in
// PRAGMA user_version. Failures come back as values with a message for the screen in vi and en.
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

struct sqlite3;

namespace offline {

enum class StoreErrorKind {
  Unreadable,  // cannot open or read the file (permissions, a folder in the way, missing device)
  Locked,      // another process holds the database (a second kiosk running?)
  DiskFull,    // no space left for the write
  Corrupt,     // not a database, or damaged
  TooNew,      // written by a newer version of the kiosk
  Other,
};

struct StoreError {
  StoreErrorKind kind = StoreErrorKind::Other;
  std::string message_vi;
  std::string message_en;
  std::string detail;  // SQLite's own words, for logs; never holds personal data
};

struct StoreOptions {
  int busy_timeout_ms = 2000;  // how long to wait for a lock before saying "locked"
};

class Store {
 public:
  [[nodiscard]] static std::expected<Store, StoreError> open(const std::filesystem::path& file,
                                                             const StoreOptions& options = {});
  Store(Store&& other) noexcept;
  Store& operator=(Store&& other) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  [[nodiscard]] int schema_version() const { return schema_version_; }
  [[nodiscard]] static int latest_schema_version();
  // Submissions and ratings not yet acknowledged by the portal.
  [[nodiscard]] std::expected<std::string, StoreError> journal_mode() const;
  // SQLite's own check of the whole file: "ok", or its findings joined with "; " (what a
  // technician wants to know after a power cut).
  [[nodiscard]] std::expected<std::string, StoreError> integrity_check() const;

  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
  int schema_version_ = 0;
};

// settings(key, value): small facts the terminal keeps (PIN hashes, lockouts, the catalog's ETag).
[[nodiscard]] std::expected<std::optional<std::string>, StoreError> get_setting(
    Store& store, std::string_view key);
[[nodiscard]] std::expected<void, StoreError> set_setting(Store& store, std::string_view key,
                                                          std::string_view value);

// Turns a SQLite result code (and the OS error behind it) into the error the resident and the
// technician see.
[[nodiscard]] StoreError store_error(int sqlite_rc, int system_errno, std::string detail);

}  // namespace offline
