// The reference portal on real HTTPS on loopback: a real TLS handshake against a CA made by
// portal/make-demo-ca, real SQLite, bodies the terminal really writes.
#include <doctest/doctest.h>

#include <curl/curl.h>

#include <atomic>
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

TEST_CASE("portal: an enrollment code works once, expires, and gives a token that works") {
  LivePortal p;
  auto& svc = p.server->service();
  const std::string code = svc.make_enrollment_code("VL07", std::chrono::minutes(30)).value();
  CHECK(code.size() == 9);
  CHECK(code[4] == '-');
  const json ask = {{"enrollment_code", code}, {"hardware_id", "hw-1"}, {"app_version", "0.1.0"}};
  const Reply first = p.call("POST", "/api/v1/terminals/enroll", ask.dump(), {}, "");
  REQUIRE(first.status == 201);
  const json got = json::parse(first.body);
  CHECK(got["terminal_id"] == "VL07");
  CHECK(got["center"]["name"].get<std::string>().find("Vĩnh Linh") != std::string::npos);
  CHECK(got["portal_public_key"] ==
        json::parse(demo::read_file(KIOSK_SHARE_DIR "/demo/kiosk.json"))["portal"]["public_key"]);
  const std::string token = got["token"];
  CHECK(token.size() >= 40);
  CHECK(p.call("GET", "/api/v1/catalog", {}, {}, token).status == 200);

  const Reply again = p.call("POST", "/api/v1/terminals/enroll", ask.dump(), {}, "");
  CHECK(again.status == 409);
  CHECK(json::parse(again.body)["error"]["message_vi"] == "Mã đăng ký này đã được dùng.");
  // Typed in small letters and without the dash, a code still reads the same.
  const std::string other = svc.make_enrollment_code("VL08", std::chrono::minutes(1)).value();
  std::string typed = other.substr(0, 4) + other.substr(5);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  svc.set_clock([] { return std::chrono::system_clock::now() + std::chrono::minutes(2); });
  const auto asking = [](const std::string& c) {
    return json{{"enrollment_code", c}, {"hardware_id", "hw-2"}, {"app_version", "0.1.0"}}.dump();
  };
  const Reply late = p.call("POST", "/api/v1/terminals/enroll", asking(typed), {}, "");
  CHECK(late.status == 404);
  CHECK(json::parse(late.body)["error"]["code"] == "enrollment_code_expired");
  svc.set_clock([] { return std::chrono::system_clock::now(); });
  CHECK(p.call("POST", "/api/v1/terminals/enroll", asking("ZZZZ-ZZZZ"), {}, "").status == 404);
  CHECK(p.call("POST", "/api/v1/terminals/enroll", asking(typed), {}, "").status == 201);

  // Revoked: the token stops working at once.
  CHECK(svc.revoke("VL07"));
  CHECK(p.call("GET", "/api/v1/catalog", {}, {}, token).status == 401);
}

TEST_CASE("portal: heartbeats are kept, and a terminal quiet for 15 minutes is flagged") {
  LivePortal p;
  auto& svc = p.server->service();
  const json beat = {{"queue_depth", 3},   {"oldest_queued_at", nullptr}, {"printer", "ready"},
                     {"scanner", "wedge"}, {"app_version", "0.1.0"},      {"uptime_s", 60}};
  CHECK(p.call("POST", "/api/v1/terminals/VL01/heartbeat", beat.dump()).status == 204);
  json beat2 = beat;
  beat2["queue_depth"] = 7;
  CHECK(p.call("POST", "/api/v1/terminals/VL01/heartbeat", beat2.dump()).status == 204);
  // Another terminal's id with this token is not allowed.
  CHECK(p.call("POST", "/api/v1/terminals/VL02/heartbeat", beat.dump()).status == 401);
  CHECK(p.call("POST", "/api/v1/terminals/VL01/heartbeat", "{}").status == 400);
  json list = svc.terminals();
  REQUIRE(list.size() == 1);
  CHECK(list[0]["silent"] == false);
  CHECK(list[0]["queue_depth"] == 7);
  CHECK(list[0]["queue_growing"] == true);
  svc.set_clock([] { return std::chrono::system_clock::now() + std::chrono::minutes(16); });
  list = svc.terminals();
  CHECK(list[0]["silent"] == true);
}

TEST_CASE("portal: a batch stores each item once, answers per item, and refuses more than 100") {
  LivePortal p;
  std::vector<Queued> qs;
  for (int i = 0; i < 3; ++i) qs.push_back(queued_submission(p.dir.path));
  REQUIRE(p.call("POST", "/api/v1/requests", qs[0].body.dump(), qs[0].key).status == 201);
  json bad = qs[2].body;
  bad.erase("aspects");
  json items = json::array();
  items.push_back({{"idempotency_key", qs[0].key}, {"request", qs[0].body}});
  items.push_back({{"idempotency_key", qs[1].key}, {"request", qs[1].body}});
  items.push_back({{"idempotency_key", qs[2].key}, {"request", bad}});
  const Reply r = p.call("POST", "/api/v1/requests:batch", json{{"items", items}}.dump());
  REQUIRE(r.status == 200);
  const json results = json::parse(r.body)["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["status"] == 200);  // already there: the same answer
  CHECK(results[1]["status"] == 201);
  CHECK(results[2]["status"] == 400);
  CHECK(results[2]["body"]["error"]["code"] == "bad_aspects");
  CHECK(results[1]["idempotency_key"] == qs[1].key);
  CHECK(p.server->service().count("requests") == 2);

  json many = json::array();
  for (int i = 0; i < 101; ++i)
    many.push_back({{"idempotency_key", offline::random_uuid()}, {"request", qs[2].body}});
  CHECK(p.call("POST", "/api/v1/requests:batch", json{{"items", many}}.dump()).status == 413);
  CHECK(p.call("POST", "/api/v1/requests:batch", "[]").status == 400);
}

TEST_CASE("portal: the agency moves a case through its states, and the resident sees each") {
  LivePortal p;
  auto& svc = p.server->service();
  const Queued q = queued_submission(p.dir.path);
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  const std::string code = q.body["code"];
  const std::string token = q.body["lookup_token"];
  auto status = [&] {
    return json::parse(p.call("GET", "/api/v1/requests/" + code + "?t=" + token).body);
  };
  // Not from "received": answering, resuming, publishing.
  CHECK(svc.move_case(code, "answer", {{"summary", "x"}}).status == 409);
  CHECK(svc.move_case(code, "resume", json::object()).status == 409);
  CHECK(svc.move_case(code, "refuse", json::object()).status == 400);  // a reason is required
  CHECK(svc.move_case(code, "fly", json::object()).status == 400);
  CHECK(svc.move_case("VL01-991231-9999", "accept", json::object()).status == 404);

  const auto today = kiosk::vietnam_date(std::chrono::system_clock::now());
  const auto catalog = kiosk::parse_catalog(demo::read_file(KIOSK_SHARE_DIR "/demo/catalog.json"));
  REQUIRE(catalog);
  REQUIRE(svc.move_case(code, "accept", {{"note", "Đã tiếp nhận"}}).status == 200);
  CHECK(status()["status"] == "accepted");
  // The answer is due 15 days after the acceptance notice (calendar days in the demo catalog).
  const std::string due = kiosk::format_iso_date(catalog->calendar.add_calendar_days(today, 15));
  CHECK(status()["deadlines"]["answer_due"] == due);

  REQUIRE(svc.move_case(code, "extend", {{"days", 10}}).status == 200);
  const std::string extended = status()["deadlines"]["answer_due"];
  CHECK(extended > due);
  CHECK(svc.move_case(code, "extend", {{"days", 5}}).status == 409);  // once only
  REQUIRE(svc.move_case(code, "suspend", {{"note", "Chờ kết quả đo đạc"}}).status == 200);
  CHECK(status()["status"] == "suspended");
  REQUIRE(svc.move_case(code, "resume", json::object()).status == 200);
  CHECK(status()["status"] == "extended");  // back to where it was
  REQUIRE(svc.move_case(code, "answer",
                        {{"summary", "Giá bồi thường theo bảng giá đất năm 2026."},
                         {"document_url", "https://example.gov.vn/vb/1.pdf"}})
              .status == 200);
  json s = status();
  CHECK(s["status"] == "answered");
  CHECK(s["answer"]["summary"] == "Giá bồi thường theo bảng giá đất năm 2026.");
  CHECK(s["answer"]["public"] == false);
  REQUIRE(svc.move_case(code, "publish", json::object()).status == 200);
  s = status();
  CHECK(s["answer"]["public"] == true);
  std::vector<std::string> seen;
  for (const auto& h : s["history"]) seen.push_back(h["status"]);
  CHECK(seen == std::vector<std::string>{"received", "accepted", "extended", "suspended",
                                         "extended", "answered"});
  CHECK(svc.move_case(code, "terminate", json::object()).status == 409);  // closed already

  // The phone page says the same, in words, with the right to complain.
  const Reply page = p.call("GET", "/c/" + code + "?t=" + token, {}, {}, "");
  CHECK(page.body.find("Đã có văn bản giải trình") != std::string::npos);
  CHECK(page.body.find("Giá bồi thường theo bảng giá đất năm 2026.") != std::string::npos);
  CHECK(page.body.find("khiếu nại, tố cáo") != std::string::npos);
  CHECK(page.body.find("Chờ kết quả đo đạc") != std::string::npos);
}

TEST_CASE("portal: refused and redirected cases say why and where") {
  LivePortal p;
  auto& svc = p.server->service();
  const Queued a = queued_submission(p.dir.path);
  const Queued b = queued_submission(p.dir.path);
  for (const Queued* q : {&a, &b})
    REQUIRE(p.call("POST", "/api/v1/requests", q->body.dump(), q->key).status == 201);
  REQUIRE(svc.move_case(a.body["code"], "refuse", {{"reason", "Đã được giải trình trước đây"}})
              .status == 200);
  REQUIRE(svc.move_case(b.body["code"], "redirect", {{"to", "so-nong-nghiep-moi-truong-quang-tri"}})
              .status == 200);
  const auto sa = *svc.case_status(a.body["code"], a.body["lookup_token"]);
  const auto sb = *svc.case_status(b.body["code"], b.body["lookup_token"]);
  CHECK(sa["status"] == "refused");
  CHECK(sa["history"].back()["note"] == "Đã được giải trình trước đây");
  CHECK(sb["status"] == "redirected");
  CHECK(sb["history"].back()["note"].get<std::string>().rfind("Chuyển đến: ", 0) == 0);
  CHECK(svc.move_case(a.body["code"], "accept", json::object()).status == 409);
}

TEST_CASE("portal: the officer's view opens the personal data, and without the key it does not") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  const portal::Outcome view = p.server->service().officer_view(q.body["code"]);
  REQUIRE(view.status == 200);
  CHECK(view.body["personal"]["full_name"] == "Lê Văn An");
  CHECK(view.body["personal"]["phone"] == "0912345678");
  CHECK(view.body["request"]["content"] == q.body["content"]);
  CHECK(view.body["status"] == "received");
  CHECK(p.server->service().officer_view("VL01-991231-9999").status == 404);

  portal::ServiceConfig no_key;
  no_key.db_file = p.dir.path / "portal.db";
  no_key.catalog_file = KIOSK_SHARE_DIR "/demo/catalog.json";
  std::string error;
  auto admin = portal::Service::open(no_key, error);
  REQUIRE_MESSAGE(admin, error);
  CHECK(admin->officer_view(q.body["code"]).status == 503);
  CHECK(admin->move_case(q.body["code"], "accept", json::object()).status == 200);
}

TEST_CASE("portal: the server and the admin CLI opening a new database at once both succeed") {
  TempDir dir;
  portal::ServiceConfig c;
  c.db_file = dir.path / "portal.db";
  c.catalog_file = KIOSK_SHARE_DIR "/demo/catalog.json";
  std::vector<std::thread> openers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    openers.emplace_back([&] {
      std::string error;
      if (portal::Service::open(c, error)) ++ok;
    });
  for (auto& t : openers) t.join();
  CHECK(ok == 8);
}

TEST_CASE(
    "portal: the last 4 digits of the phone open a case, wrong ones are limited to 5 an hour") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);  // the demo resident's phone is 0912345678
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  const std::string path = "/api/v1/requests/" + q.body["code"].get<std::string>();
  const Reply ok = p.call("GET", path + "?p4=5678");
  REQUIRE(ok.status == 200);
  CHECK(json::parse(ok.body)["status"] == "received");
  const Reply unknown = p.call("GET", "/api/v1/requests/VL01-991231-9999?p4=5678");
  for (const char* wrong : {"1234", "0000", "567", "abcd", "5679"}) {
    const Reply r = p.call("GET", path + "?p4=" + wrong);
    CHECK(r.status == 404);
    CHECK(r.body == unknown.body);  // a wrong number looks like an unknown case
  }
  // Five wrong tries: now even the right digits wait, and the reason is given.
  const Reply locked = p.call("GET", path + "?p4=5678");
  CHECK(locked.status == 429);
  CHECK(json::parse(locked.body)["error"]["code"] == "too_many_tries");
  // The lookup token on the receipt still works.
  CHECK(p.call("GET", path + "?t=" + q.body["lookup_token"].get<std::string>()).status == 200);
  p.server->service().set_clock(
      [] { return std::chrono::system_clock::now() + std::chrono::minutes(61); });
  CHECK(p.call("GET", path + "?p4=5678").status == 200);
}
