// The portal's own few lines over SQLite: a statement that binds its parameters in order and
// finalises itself, and transactions and savepoints that roll back unless committed (RAII), so an
// early return or an exception can never leave the connection inside a transaction. (The
// terminal's helpers in offline/ speak StoreError; the portal answers HTTP.)
//
// Tests inject failures: `faults().fail_in(n)` makes the n-th statement from now (prepare, step or
// exec) fail as SQLite fails on a bad disk (SQLITE_IOERR), or throw instead. Rolling back is never
// injected: it is what the tests check happens.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace portal::db {

class Faults {
 public:
  // The n-th statement from now fails (0: the next one); -1: none.
  void fail_in(long n, bool throw_instead = false) {
    throw_ = throw_instead;
    countdown_.store(n);
  }
  void off() { countdown_.store(-1); }
  // True once the planned failure has happened (or none was planned).
  [[nodiscard]] bool spent() const { return countdown_.load() < 0; }
  // Called before every statement: true when this one must fail.
  bool hit() {
    if (countdown_.load(std::memory_order_relaxed) < 0) return false;
    if (countdown_.fetch_sub(1) != 0) return false;
    if (throw_) throw std::runtime_error("injected database failure");
    return true;
  }

 private:
  std::atomic<long> countdown_{-1};
  bool throw_ = false;
};

inline Faults& faults() {
  static Faults f;
  return f;
}

class Stmt {
 public:
  template <class... Args>
  Stmt(sqlite3* db, const char* sql, const Args&... args) {
    if (faults().hit()) {
      rc_ = SQLITE_IOERR;
      return;
    }
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    int i = 0;
    (bind(++i, args), ...);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // One step: SQLITE_ROW, SQLITE_DONE or the error.
  int step() {
    if (!stmt_) return rc_;
    if (faults().hit()) return rc_ = SQLITE_IOERR;
    return rc_ = sqlite3_step(stmt_);
  }
  bool row() { return step() == SQLITE_ROW; }
  // One step of a query for at most one row: true (there), false (no such row), or nullopt when
  // the database failed, which is never the same as "not there".
  std::optional<bool> found() {
    const int rc = step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return std::nullopt;
  }
  bool done() { return step() == SQLITE_DONE; }
  // The last result: SQLITE_CONSTRAINT tells a unique key from a failing disk.
  [[nodiscard]] int rc() const { return rc_ & 0xff; }
  [[nodiscard]] std::string text(int c) const {
    const auto* t = sqlite3_column_text(stmt_, c);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  [[nodiscard]] std::int64_t integer(int c) const { return sqlite3_column_int64(stmt_, c); }
  [[nodiscard]] bool is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  [[nodiscard]] std::vector<unsigned char> blob(int c) const {
    const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, c));
    return b ? std::vector<unsigned char>(b, b + sqlite3_column_bytes(stmt_, c))
             : std::vector<unsigned char>();
  }

 private:
  void bind(int i, std::string_view v) {
    if (stmt_) sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, const char* v) { bind(i, std::string_view(v)); }
  void bind(int i, std::int64_t v) {
    if (stmt_) sqlite3_bind_int64(stmt_, i, v);
  }
  void bind(int i, int v) { bind(i, std::int64_t(v)); }
  void bind(int i, const std::vector<unsigned char>& v) {
    if (stmt_) sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }

  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

inline bool exec(sqlite3* db, const char* sql) {
  if (faults().hit()) return false;
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// BEGIN IMMEDIATE … COMMIT; rolled back when it goes out of scope uncommitted (an early return, an
// error, an exception). ok() is false when the write lock could not be taken.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { open_ = exec(db, "BEGIN IMMEDIATE"); }
  ~Transaction() { rollback(); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  [[nodiscard]] bool ok() const { return open_; }
  // True only when COMMIT returned: the only moment a write may be acknowledged.
  [[nodiscard]] bool commit() {
    if (!open_) return false;
    if (!exec(db_, "COMMIT")) {
      rollback();
      return false;
    }
    open_ = false;
    return true;
  }
  void rollback() {
    if (!open_) return;
    open_ = false;
    // Some errors (a full or failing disk) end the transaction by themselves; then there is
    // nothing to roll back and this fails harmlessly.
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

// A savepoint inside a transaction (one item of a batch): released, or rolled back to and
// released when it goes out of scope.
class Savepoint {
 public:
  explicit Savepoint(sqlite3* db) : db_(db) { open_ = exec(db, "SAVEPOINT item"); }
  ~Savepoint() {
    if (open_ && !sqlite3_get_autocommit(db_))
      sqlite3_exec(db_, "ROLLBACK TO item; RELEASE item", nullptr, nullptr, nullptr);
  }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  [[nodiscard]] bool ok() const { return open_; }
  [[nodiscard]] bool release() {
    if (!open_ || !exec(db_, "RELEASE item")) return false;
    open_ = false;
    return true;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

}  // namespace portal::db
