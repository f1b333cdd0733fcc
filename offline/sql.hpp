// Small SQLite helpers shared by the offline room (store, outbox, sync): errors as StoreError.
// Internal to offline/: the other rooms never see SQLite.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "store.hpp"

namespace offline::sql {

// A statement that finalises itself; errors come back as StoreError.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view text) {
    if (rc_ == SQLITE_OK)
      rc_ =
          sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, const std::vector<unsigned char>& blob) {
    if (rc_ == SQLITE_OK)
      rc_ =
          sqlite3_bind_blob(stmt_, i, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_int(int i, std::int64_t v) {
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  [[nodiscard]] std::int64_t integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
  }
  [[nodiscard]] bool is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  // SQLITE_ROW or SQLITE_DONE on success.
  int step() {
    if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return rc_;
    rc_ = sqlite3_step(stmt_);
    return rc_;
  }
  [[nodiscard]] StoreError error() const {
    return store_error(rc_, sqlite3_system_errno(db_), sqlite3_errmsg(db_));
  }
  [[nodiscard]] std::string text(int column) const {
    const auto* t = sqlite3_column_text(stmt_, column);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  [[nodiscard]] sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

[[nodiscard]] std::expected<void, StoreError> exec(sqlite3* db, const char* sql);

// Steps a statement that returns no rows.
[[nodiscard]] inline std::expected<void, StoreError> run(Statement& q) {
  if (q.step() != SQLITE_DONE) return std::unexpected(q.error());
  return {};
}

// Every row of a query, each made into a T by `row`.
template <class T, class Row>
[[nodiscard]] std::expected<std::vector<T>, StoreError> collect(Statement& q, Row&& row) {
  std::vector<T> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back(row(q));
  if (rc != SQLITE_DONE) return std::unexpected(q.error());
  return out;
}
[[nodiscard]] std::expected<int, StoreError> query_int(sqlite3* db, const char* sql);
[[nodiscard]] std::expected<std::string, StoreError> query_text(sqlite3* db, const char* sql);

// Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back on any failure.
template <class F>
auto in_transaction(sqlite3* db, F&& body) -> decltype(body()) {
  if (auto r = exec(db, "BEGIN IMMEDIATE"); !r) return std::unexpected(r.error());
  auto result = body();
  if (result) {
    if (auto r = exec(db, "COMMIT"); !r) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return std::unexpected(r.error());
    }
    return result;
  }
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return result;
}

}  // namespace offline::sql
