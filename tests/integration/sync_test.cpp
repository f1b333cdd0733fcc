// The sync engine against the real portal on loopback HTTPS: drains, survives the portal being
// down, parks what the portal refuses, keeps everything when its token or the server's certificate
// is wrong. Every test ends by counting rows on both sides.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include <sqlite3.h>

#include "catalog.hpp"
#include "demo.hpp"
#include "live_portal.hpp"
#include "outbox.hpp"
#include "sync.hpp"
#include "sync_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using namespace sync_support;

TEST_CASE("sync: the outbox drains to the portal, once each, and the personal data leaves") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 30, 3);
  Reports reports;
  offline::SyncEngine engine(db, config_for(p), std::ref(reports));
  engine.start();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.queued == 0; }));
  CHECK(reports.last.online);
  engine.stop();
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE state = 'synced'") == 33);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE sealed_personal IS NOT NULL") == 0);
  // The question's text leaves too; what lookups and staff need stays.
  CHECK(scalar(db,
               "SELECT count(*) FROM outbox WHERE kind = 'request' AND ("
               "json_extract(body, '$.content') IS NOT NULL OR "
               "json_extract(body, '$.impact') IS NOT NULL)") == 0);
  CHECK(scalar(db,
               "SELECT count(*) FROM outbox WHERE kind = 'request' AND "
               "json_extract(body, '$.lookup_token') IS NOT NULL AND "
               "json_extract(body, '$.deadlines.answer_due') IS NOT NULL") == 30);
  CHECK(scalar(p.dir.path / "portal.db", "SELECT count(*) FROM requests") == 30);
  CHECK(scalar(p.dir.path / "portal.db", "SELECT count(*) FROM ratings") == 3);
}

TEST_CASE("sync: portal down at start, rows wait with backoff, then drain when it is back") {
  TempDir ca;
  int port = 0;
  {
    LivePortal first(0, ca.path / "ca");  // learn a free port and make the CA, then go away
    port = first.port;
  }
  const fs::path db = ca.path / "kiosk.db";
  queue(db, 5, 0);
  Reports reports;
  offline::SyncConfig c;
  c.portal_url = "https://localhost:" + std::to_string(port);
  c.token = "test-token-VL01";
  c.ca_file = ca.path / "ca" / "ca.pem";
  c.policy.base_backoff = 50ms;
  c.policy.max_backoff = 300ms;
  offline::SyncEngine engine(db, c, std::ref(reports));
  engine.start();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return !r.last_error.empty(); }));
  CHECK_FALSE(reports.last.online);
  CHECK(reports.last.queued == 5);
  CHECK(reports.last.last_error.find("transport") != std::string::npos);
  CHECK(scalar(db, "SELECT max(attempts) FROM outbox") >= 1);

  LivePortal back(port, ca.path / "ca");
  engine.wake();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.queued == 0; }));
  engine.stop();
  CHECK(scalar(back.dir.path / "portal.db", "SELECT count(*) FROM requests") == 5);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE sealed_personal IS NOT NULL") == 0);
}

TEST_CASE("sync: a revoked token or a wrong server certificate keeps the whole queue") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 3, 1);
  {
    Reports reports;
    auto c = config_for(p);
    c.token = "revoked";
    offline::SyncEngine engine(db, c, std::ref(reports));
    engine.start();
    REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.unauthorized; }));
    CHECK(reports.last.queued == 4);
  }
  {
    TempDir other;
    make_demo_ca(other.path / "ca");
    Reports reports;
    auto c = config_for(p);
    c.ca_file = other.path / "ca" / "ca.pem";  // trusts another CA: this server is an impostor
    offline::SyncEngine engine(db, c, std::ref(reports));
    engine.start();
    REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return !r.last_error.empty(); }));
    CHECK(reports.last.queued == 4);
    CHECK_FALSE(reports.last.online);
  }
  CHECK(scalar(p.dir.path / "portal.db", "SELECT count(*) FROM requests") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE state = 'queued'") == 4);
}

TEST_CASE("sync: what the portal refuses is parked for staff with its reason, never dropped") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 2, 0);
  {  // one row's sealed data no longer opens with the portal's key
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h, "UPDATE outbox SET sealed_personal = zeroblob(80) WHERE id = 1",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
  }
  Reports reports;
  offline::SyncEngine engine(db, config_for(p), std::ref(reports));
  engine.start();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.queued == 0; }));
  engine.stop();
  CHECK(reports.last.needs_attention == 1);
  CHECK(scalar(db,
               "SELECT count(*) FROM outbox WHERE state = 'needs_attention' AND "
               "last_error LIKE '%422%sealed_personal_unreadable%'") == 1);
  CHECK(scalar(p.dir.path / "portal.db", "SELECT count(*) FROM requests") == 1);
}

TEST_CASE("sync: backoff is full jitter, growing, capped") {
  offline::SyncPolicy p;
  p.base_backoff = 1000ms;
  p.max_backoff = 300'000ms;
  for (int attempt : {0, 1, 5, 20, 100}) {
    const auto ceiling = std::min<long long>(300'000, 1000LL << std::min(attempt, 30));
    for (int i = 0; i < 50; ++i) {
      const auto d = offline::backoff_delay(attempt, p).count();
      CHECK(d >= 0);
      CHECK(d <= ceiling);
    }
  }
}

TEST_CASE("sync: the catalog is pulled once with its ETag and kept in the store") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 0, 0);
  Reports reports;
  offline::SyncEngine engine(db, config_for(p), std::ref(reports));
  engine.start();
  const bool pulled =
      reports.wait_for([](const offline::SyncReport& r) { return r.catalog_changed; });
  INFO(reports.last.last_error);
  REQUIRE(pulled);
  CHECK(reports.last.online);
  const int seen = reports.count;  // before the wake: its report may come at once
  engine.wake();                   // the next pass: 304, nothing changes, still online
  REQUIRE(reports.wait_for([&](const offline::SyncReport&) { return reports.count > seen; }));
  CHECK_FALSE(reports.last.catalog_changed);
  CHECK(reports.last.online);
  engine.stop();
  CHECK(scalar(db, "SELECT count(*) FROM catalog WHERE version = 'demo-2026-11-25'") == 1);
  CHECK(scalar(db,
               "SELECT count(*) FROM settings WHERE key = 'catalog_etag' AND value LIKE '\"%\"'") ==
        1);
}
