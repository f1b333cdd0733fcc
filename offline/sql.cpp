#include "sql.hpp"

namespace offline::sql {

std::expected<void, StoreError> exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string detail = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return std::unexpected(store_error(rc, sqlite3_system_errno(db), std::move(detail)));
}

std::expected<int, StoreError> query_int(sqlite3* db, const char* sql) {
  Statement st(db, sql);
  if (st.step() != SQLITE_ROW) return std::unexpected(st.error());
  return sqlite3_column_int(st.get(), 0);
}

std::expected<std::string, StoreError> query_text(sqlite3* db, const char* sql) {
  Statement st(db, sql);
  if (st.step() != SQLITE_ROW) return std::unexpected(st.error());
  return st.text(0);
}

}  // namespace offline::sql
