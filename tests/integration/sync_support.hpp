// Helpers for the sync tests: queue rows in a terminal's store, count rows in a database, collect
// the engine's reports, and a sync configuration that trusts a LivePortal.
#pragma once

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "demo.hpp"
#include "live_portal.hpp"
#include "outbox.hpp"
#include "sync.hpp"

namespace sync_support {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline void queue(const fs::path& db, int requests, int ratings) {
  auto store = offline::Store::open(db);
  REQUIRE(store);
  const auto ctx = demo::context();
  REQUIRE(ctx);
  const kiosk::RequestDraft d = demo::resident();
  for (int i = 0; i < requests; ++i)
    REQUIRE(offline::submit_request(*store, d, *ctx, std::chrono::system_clock::now()));
  for (int i = 0; i < ratings; ++i)
    REQUIRE(
        offline::submit_rating(*store, {1 + i % 4, ""}, "VL01", std::chrono::system_clock::now()));
}

inline int scalar(const fs::path& db_file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  const int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

inline std::string sql_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  std::string v;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return v;
}

// Collects the engine's reports; waits for one that satisfies a condition.
struct Reports {
  std::mutex m;
  offline::SyncReport last;
  int count = 0;
  void operator()(const offline::SyncReport& r) {
    std::lock_guard lock(m);
    last = r;
    ++count;
  }
  template <class F>
  bool wait_for(F&& ok, std::chrono::milliseconds limit = 20s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      {
        std::lock_guard lock(m);
        if (count > 0 && ok(last)) return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
};

inline offline::SyncConfig config_for(const LivePortal& p, int port = -1) {
  offline::SyncConfig c;
  c.portal_url = "https://localhost:" + std::to_string(port < 0 ? p.port : port);
  c.token = p.token;
  c.ca_file = p.ca_dir / "ca.pem";
  c.policy.base_backoff = 50ms;
  c.policy.max_backoff = 400ms;
  c.policy.request_timeout_ms = 5000;
  return c;
}

// Drains `db` with an engine until its queue is empty and the portal answered.
inline void drain_all_simple(const fs::path& db, const offline::SyncConfig& c) {
  Reports reports;
  offline::SyncEngine engine(db, c, std::ref(reports));
  engine.start();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.online && r.queued == 0; }));
  engine.stop();
}

}  // namespace sync_support
