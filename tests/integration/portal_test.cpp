// The reference portal on real HTTPS on loopback: a real TLS handshake against a CA made by
// portal/make-demo-ca, real SQLite, bodies the terminal really writes.
#include <doctest/doctest.h>

#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include <sqlite3.h>

#include "catalog.hpp"
#include "demo.hpp"
#include "live_portal.hpp"
#include "outbox.hpp"
#include "portal.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A submission exactly as the terminal's outbox holds it, with its sealed personal data.
struct Queued {
  std::string key;
  json body;
};
Queued queued_submission(const fs::path& dir) {
  auto store = offline::Store::open(dir / "kiosk.db");
  REQUIRE(store);
  const auto ctx = demo::context();
  REQUIRE(ctx);
  REQUIRE(
      offline::submit_request(*store, demo::resident(), *ctx, std::chrono::system_clock::now()));
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(store->handle(),
                     "SELECT idempotency_key, body, sealed_personal FROM outbox ORDER BY id DESC",
                     -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  Queued q;
  q.key = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  q.body = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
  const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st, 2));
  q.body["sealed_personal"] =
      offline::to_base64(std::vector<unsigned char>(blob, blob + sqlite3_column_bytes(st, 2)));
  sqlite3_finalize(st);
  return q;
}

}  // namespace

TEST_CASE("portal: a submission makes one case, the same key again the same answer, never two") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);
  const Reply first = p.call("POST", "/api/v1/requests", q.body.dump(), q.key);
  CHECK(first.transport == CURLE_OK);
  REQUIRE(first.status == 201);
  const auto ack = json::parse(first.body);
  CHECK(ack["code"] == q.body["code"]);
  CHECK(ack["status"] == "received");
  CHECK(ack["deadlines"]["acceptance_due"] == q.body["deadlines"]["acceptance_due"]);

  const Reply again = p.call("POST", "/api/v1/requests", q.body.dump(), q.key);
  CHECK(again.status == 200);
  CHECK(again.body == first.body);

  json other = q.body;
  other["content"] = "Một câu hỏi khác hẳn";
  CHECK(p.call("POST", "/api/v1/requests", other.dump(), q.key).status == 422);
  CHECK(p.call("POST", "/api/v1/requests", q.body.dump(), offline::random_uuid()).status == 422);

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((p.dir.path / "portal.db").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*), max(body) FROM requests", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 1);
  const std::string stored = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  CHECK(stored.find("Lê Văn An") == std::string::npos);  // personal data stays sealed
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("portal: status needs the lookup token, and a wrong one looks like an unknown code") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  const std::string code = q.body["code"];
  const std::string token = q.body["lookup_token"];
  const Reply ok = p.call("GET", "/api/v1/requests/" + code + "?t=" + token);
  REQUIRE(ok.status == 200);
  const auto c = json::parse(ok.body);
  CHECK(c["status"] == "received");
  CHECK(c["agency"]["name"] == "Uỷ ban nhân dân xã Vĩnh Linh");
  CHECK(c["history"].size() == 1);
  const Reply wrong = p.call("GET", "/api/v1/requests/" + code + "?t=AAAAAAAA");
  const Reply unknown = p.call("GET", "/api/v1/requests/VL01-991231-9999?t=" + token);
  const Reply none = p.call("GET", "/api/v1/requests/" + code);
  CHECK(wrong.status == 404);
  CHECK(unknown.status == 404);
  CHECK(none.status == 404);
  CHECK(wrong.body == unknown.body);

  const Reply page = p.call("GET", "/c/" + code + "?t=" + token, {}, {}, "");
  CHECK(page.status == 200);
  CHECK(page.body.find("Hạn thông báo tiếp nhận") != std::string::npos);
  CHECK(page.body.find("Lê Văn An") == std::string::npos);
  const Reply page_en = p.call("GET", "/c/" + code + "?t=" + token + "&lang=en", {}, {}, "");
  CHECK(page_en.body.find("Acceptance notice due") != std::string::npos);
  CHECK(p.call("GET", "/c/" + code + "?t=AAAAAAAA", {}, {}, "").status == 404);
}

TEST_CASE("portal: no token, a wrong token, unreadable sealed data and a foreign CA are refused") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);
  CHECK(p.call("POST", "/api/v1/requests", q.body.dump(), q.key, "").status == 401);
  CHECK(p.call("POST", "/api/v1/requests", q.body.dump(), q.key, "not-a-token").status == 401);
  json tampered = q.body;
  tampered["sealed_personal"] = offline::to_base64(std::vector<unsigned char>(80, 7));
  const Reply r = p.call("POST", "/api/v1/requests", tampered.dump(), offline::random_uuid());
  CHECK(r.status == 422);
  CHECK(json::parse(r.body)["error"]["message_vi"].get<std::string>().size() > 10);
  CHECK(p.call("POST", "/api/v1/requests", "{not json", offline::random_uuid()).status == 400);

  // A terminal that trusts another CA must not talk to this server.
  TempDir other;
  make_demo_ca(other.path / "ca");
  const Reply foreign =
      p.call("GET", "/api/v1/catalog", {}, {}, "default", {}, other.path / "ca/ca.pem");
  CHECK(foreign.transport != CURLE_OK);
  CHECK(foreign.status == 0);
}

TEST_CASE("portal: the catalog comes with an ETag and 304 when unchanged") {
  LivePortal p;
  const Reply full = p.call("GET", "/api/v1/catalog");
  REQUIRE(full.status == 200);
  CHECK_FALSE(full.etag.empty());
  CHECK(kiosk::parse_catalog(full.body).has_value());
  const Reply same = p.call("GET", "/api/v1/catalog", {}, {}, "default", full.etag);
  CHECK(same.status == 304);
  CHECK(same.body.empty());
}

TEST_CASE("portal: ratings are idempotent too") {
  LivePortal p;
  const std::string id = offline::random_uuid();
  const json rating = {{"id", id},
                       {"created_at", "2026-11-25T10:00:00+07:00"},
                       {"terminal_id", "VL01"},
                       {"channel", "kiosk"},
                       {"score", 4},
                       {"comment", "Tận tình"}};
  CHECK(p.call("POST", "/api/v1/ratings", rating.dump(), id).status == 201);
  CHECK(p.call("POST", "/api/v1/ratings", rating.dump(), id).status == 200);
  json five = rating;
  five["score"] = 5;
  CHECK(p.call("POST", "/api/v1/ratings", five.dump(), offline::random_uuid()).status == 422);
}
