// The portal's own few lines over SQLite: a statement that binds its parameters in order and
// finalises itself. (The terminal's helpers in offline/ speak StoreError; the portal answers HTTP.)
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portal::db {

class Stmt {
 public:
  template <class... Args>
  Stmt(sqlite3* db, const char* sql, const Args&... args) {
    sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    int i = 0;
    (bind(++i, args), ...);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool row() { return sqlite3_step(stmt_) == SQLITE_ROW; }
  bool done() { return sqlite3_step(stmt_) == SQLITE_DONE; }
  [[nodiscard]] std::string text(int c) const {
    const auto* t = sqlite3_column_text(stmt_, c);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  [[nodiscard]] std::int64_t integer(int c) const { return sqlite3_column_int64(stmt_, c); }
  [[nodiscard]] bool is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  [[nodiscard]] sqlite3_stmt* get() const { return stmt_; }

 private:
  void bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, const char* v) { bind(i, std::string_view(v)); }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, int v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, const std::vector<unsigned char>& v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }

  sqlite3_stmt* stmt_ = nullptr;
};

inline bool exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace portal::db
