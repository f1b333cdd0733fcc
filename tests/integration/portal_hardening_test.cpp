// The reference portal against hostile clients and a failing disk (issue 13): every item of the
// attack run, reproduced on the real server on loopback, each a test that failed before its fix.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "db.hpp"
#include "live_portal.hpp"
#include "validate.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

portal::ServiceConfig service_config(const fs::path& db) {
  portal::ServiceConfig c;
  c.db_file = db;
  c.secret_key_file = KIOSK_SOURCE_DIR "/portal/demo/portal_secret_key.b64";
  c.catalog_file = KIOSK_SHARE_DIR "/demo/catalog.json";
  return c;
}

long long count_rows(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  const long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

// True when another connection can take the write lock at once: the service's connection is
// not left inside a transaction.
bool write_lock_free(const fs::path& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  const bool ok =
      sqlite3_exec(h, "BEGIN IMMEDIATE; ROLLBACK;", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(h);
  return ok;
}

json rating(const std::string& id) {
  return {{"id", id},
          {"created_at", "2026-11-25T09:14:03+07:00"},
          {"terminal_id", "VL01"},
          {"channel", "kiosk"},
          {"score", 3},
          {"comment", "Nhanh"}};
}

}  // namespace

TEST_CASE("portal: a failure at any statement of any write path never leaves a 2xx uncommitted") {
  TempDir dir;
  const fs::path db = dir.path / "portal.db";
  std::string error;
  auto svc = portal::Service::open(service_config(db), error);
  REQUIRE_MESSAGE(svc, error);
  REQUIRE(svc->set_terminal_token("VL01", "tok-VL01"));

  // Each write path: run it once, then say whether what it acknowledged is really stored.
  struct Path {
    const char* name;
    std::function<portal::Outcome()> run;
    std::function<bool()> stored;
  };
  std::string last_code, last_rating, enroll_code, moved_code;
  const auto fresh_case = [&] {
    const Queued q = queued_submission(dir.path);
    last_code = q.body["code"];
    return q;
  };
  std::vector<Path> paths = {
      {"submit",
       [&] {
         const Queued q = fresh_case();
         return svc->submit("VL01", q.key, q.body);
       },
       [&] {
         return count_rows(db,
                           "SELECT count(*) FROM requests r JOIN history h USING(code) "
                           "WHERE code = '" +
                               last_code + "'") == 1;
       }},
      {"batch of requests",
       [&] {
         json items = json::array();
         for (int i = 0; i < 3; ++i) {
           const Queued q = fresh_case();
           items.push_back({{"idempotency_key", q.key}, {"request", q.body}});
         }
         return svc->batch("VL01", {{"items", items}}, true);
       },
       [&] {
         return count_rows(db, "SELECT count(*) FROM requests WHERE code = '" + last_code + "'") ==
                1;
       }},
      {"rate",
       [&] {
         last_rating = offline::random_uuid();
         return svc->rate("VL01", last_rating, rating(last_rating));
       },
       [&] {
         return count_rows(db, "SELECT count(*) FROM ratings WHERE id = '" + last_rating + "'") ==
                1;
       }},
      {"batch of ratings",
       [&] {
         last_rating = offline::random_uuid();
         json items =
             json::array({{{"idempotency_key", last_rating}, {"rating", rating(last_rating)}}});
         return svc->batch("VL01", {{"items", items}}, false);
       },
       [&] {
         return count_rows(db, "SELECT count(*) FROM ratings WHERE id = '" + last_rating + "'") ==
                1;
       }},
      {"heartbeat",
       [&] {
         return svc->heartbeat("VL01", "VL01",
                               {{"queue_depth", 4}, {"app_version", "t"}, {"uptime_s", 1}});
       },
       [&] {
         return count_rows(db,
                           "SELECT json_extract(heartbeat, '$.queue_depth') FROM terminals "
                           "WHERE id = 'VL01'") == 4;
       }},
      {"enroll",
       [&] {
         return svc->enroll(
             {{"enrollment_code", enroll_code}, {"hardware_id", "hw"}, {"app_version", "t"}});
       },
       [&] { return count_rows(db, "SELECT count(*) FROM terminals WHERE id = 'VL30'") == 1; }},
      {"move: accept", [&] { return svc->move_case(moved_code, "accept", json::object()); },
       [&] {
         return count_rows(db, "SELECT count(*) FROM requests WHERE code = '" + moved_code +
                                   "' AND status = 'accepted'") == 1;
       }},
  };
  int attempts = 0, acknowledged = 0, refused = 0, thrown = 0;
  for (auto& path : paths) {
    for (const bool throwing : {false, true}) {
      for (long n = 0;; ++n) {
        REQUIRE(n < 100);
        // What each attempt needs, prepared with the faults off.
        enroll_code = svc->make_enrollment_code("VL30", std::chrono::minutes(5)).value();
        if (std::string(path.name).rfind("move", 0) == 0) {
          const Queued q = fresh_case();
          REQUIRE(svc->submit("VL01", q.key, q.body).status == 201);
          moved_code = q.body["code"];
        }
        portal::db::faults().fail_in(n, throwing);
        portal::Outcome o{0, {}};
        try {
          o = path.run();
        } catch (const std::exception&) {
          ++thrown;  // over HTTP: the documented JSON 500
        }
        const bool reached = portal::db::faults().spent();
        portal::db::faults().off();
        ++attempts;
        CAPTURE(path.name);
        CAPTURE(n);
        CAPTURE(throwing);
        CHECK(write_lock_free(db));  // never stuck inside a transaction
        if (o.status >= 200 && o.status < 300) {
          ++acknowledged;
          CHECK(path.stored());  // what was acknowledged is there for everyone else
        } else if (o.status != 0) {
          ++refused;
          CHECK(o.status >= 500);  // a failing disk is never blamed on the terminal (4xx parks)
        }
        // And the service goes on: the next submission is committed.
        const Queued q = fresh_case();
        REQUIRE(svc->submit("VL01", q.key, q.body).status == 201);
        CHECK(count_rows(db, "SELECT count(*) FROM requests WHERE code = '" +
                                 q.body["code"].get<std::string>() + "'") == 1);
        if (!reached) break;  // the fault came after the last statement: the path is covered
      }
    }
  }
  MESSAGE("fault injection: " << attempts << " attempts, " << acknowledged << " acknowledged, "
                              << refused << " refused with 5xx, " << thrown << " thrown");
  CHECK(attempts > 60);
  // After a restart, everything acknowledged is still there, and the file is sound.
  svc.reset();
  svc = portal::Service::open(service_config(db), error);
  REQUIRE(svc);
  CHECK(count_rows(db, "SELECT count(*) FROM requests") == svc->count("requests"));
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "ok");
  sqlite3_finalize(st);
  sqlite3_close(h);
}

TEST_CASE(
    "portal: an enrollment with a wrong type is refused and later submissions are committed") {
  LivePortal p;
  const Reply bad =
      p.call("POST", "/api/v1/terminals/enroll",
             R"({"enrollment_code":"ABCD-EFGH","hardware_id":123,"app_version":"1"})", {}, "");
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body)["error"]["message_vi"].get<std::string>().size() > 5);
  const Queued q = queued_submission(p.dir.path);
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  CHECK(count_rows(p.dir.path / "portal.db", "SELECT count(*) FROM requests") == 1);
  CHECK(write_lock_free(p.dir.path / "portal.db"));
}

TEST_CASE("portal: an unexpected exception is the documented JSON 500, without its text") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);
  portal::db::faults().fail_in(0, true);  // the next statement throws
  const Reply r = p.call("POST", "/api/v1/requests", q.body.dump(), q.key);
  portal::db::faults().off();
  CHECK(r.status == 500);
  CHECK(json::parse(r.body)["error"]["code"] == "internal");
  CHECK(r.headers.find("EXCEPTION_WHAT") == std::string::npos);
  CHECK(r.headers.find("injected") == std::string::npos);
  // Nothing was acknowledged, and the same key then goes through.
  CHECK(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
}

namespace {

// Streams `total` bytes of body, counting how many the server made it read.
struct Flood {
  std::size_t total, sent = 0;
};
size_t flood(char* buf, size_t size, size_t n, void* user) {
  auto* f = static_cast<Flood*>(user);
  const std::size_t k = std::min(size * n, f->total - f->sent);
  std::memset(buf, '[', k);
  f->sent += k;
  return k;
}

Reply post_stream(LivePortal& p, const std::string& path, std::size_t total, bool chunked,
                  const std::string& bearer, Flood& f) {
  Reply r;
  f = Flood{total};
  CURL* curl = curl_easy_init();
  const std::string url = "https://localhost:" + std::to_string(p.port) + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  const std::string ca = (p.ca_dir / "ca.pem").string();
  curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, flood);
  curl_easy_setopt(curl, CURLOPT_READDATA, &f);
  curl_slist* h = nullptr;
  if (!bearer.empty()) h = curl_slist_append(h, ("Authorization: Bearer " + bearer).c_str());
  h = curl_slist_append(h, "Expect:");  // send at once, as an attacker would
  if (chunked)
    h = curl_slist_append(h, "Transfer-Encoding: chunked");
  else
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(total));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  r.transport = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(h);
  curl_easy_cleanup(curl);
  return r;
}

}  // namespace

TEST_CASE("portal: big bodies are refused by their length, before the token and before reading") {
  LivePortal p;
  Flood f{0};
  const std::size_t mb100 = 100u << 20;
  // Without a token: refused before the body is read (401, or 413 when its length alone is too
  // much); what the client still sends is dropped, never parsed or kept.
  const Reply anon = post_stream(p, "/api/v1/requests:batch", 3u << 20, false, "", f);
  CHECK(anon.status == 401);
  // 100 MB: refused by the length; the portal stops taking bytes after a bounded drain (the
  // client sees the answer, or a reset if it kept sending past the drain).
  const auto refused = [&](const Reply& r, long status) {
    return (r.status == status || r.transport != CURLE_OK) && f.sent < mb100;
  };
  CHECK(refused(post_stream(p, "/api/v1/requests", mb100, false, "", f), 413));
  CHECK(refused(post_stream(p, "/api/v1/requests", mb100, false, p.token, f), 413));
  CHECK(refused(post_stream(p, "/api/v1/requests:batch", mb100, true, p.token, f), 411));
  const Reply small_big = post_stream(p, "/api/v1/ratings", 300u << 10, false, p.token, f);
  CHECK(small_big.status == 413);
  CHECK(json::parse(small_big.body)["error"]["code"] == "body_too_large");
  // A compressed body could unpack to anything: refused whatever it holds.
  p.extra_headers = {"Content-Encoding: gzip"};
  CHECK(p.call("POST", "/api/v1/requests", "{}", offline::random_uuid()).status == 415);
  p.extra_headers.clear();
}

TEST_CASE("portal: a 100,000-level nested body is refused and the portal stays up") {
  LivePortal p;
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  for (const char* path : {"/api/v1/requests", "/api/v1/ratings", "/api/v1/requests:batch",
                           "/api/v1/terminals/VL01/heartbeat"})
    CHECK(p.call("POST", path, deep, offline::random_uuid()).status == 400);
  std::string obj;
  for (int i = 0; i < 100'000; ++i) obj += "{\"a\":";
  obj += "1" + std::string(100'000, '}');
  CHECK(p.call("POST", "/api/v1/terminals/enroll", obj, {}, "").status == 413);
  CHECK(!portal::parse_json(std::string(9, '[') + std::string(9, ']')));
  CHECK(portal::parse_json(std::string(8, '[') + std::string(8, ']')));
  CHECK(p.call("GET", "/api/v1/catalog").status == 200);
}

namespace {

// A plain TCP connection to the portal, nothing sent.
int connect_loopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

// How many of `fds` the server closes within `ms` each; closes them all.
int closed_by_server(const std::vector<int>& fds, int ms) {
  int closed = 0;
  for (int fd : fds) {
    char c;
    pollfd pf{fd, POLLIN, 0};
    if (poll(&pf, 1, ms) > 0 && recv(fd, &c, 1, 0) <= 0) ++closed;
    close(fd);
  }
  return closed;
}

// A TLS client that sends one header line every `every`, as slowloris does; returns how long the
// server kept it.
double slow_client_kept_s(int port, std::chrono::milliseconds every) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  const int fd = connect_loopback(port);
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  REQUIRE(SSL_connect(ssl) == 1);
  const auto start = Clock::now();
  std::string line = "GET /api/v1/catalog HTTP/1.1\r\n";
  for (int i = 0; i < 200; ++i) {
    if (SSL_write(ssl, line.data(), static_cast<int>(line.size())) <= 0) break;
    line = "X-Slow-" + std::to_string(i) + ": 1\r\n";
    std::this_thread::sleep_for(every);
    char c;
    pollfd pf{fd, POLLIN, 0};
    if (poll(&pf, 1, 0) > 0 && SSL_read(ssl, &c, 1) <= 0) break;  // closed by the server
  }
  const double kept = std::chrono::duration<double>(Clock::now() - start).count();
  SSL_free(ssl);
  close(fd);
  SSL_CTX_free(ctx);
  return kept;
}

}  // namespace

TEST_CASE("portal: slow and idle clients are cut off and never keep others out") {
  LivePortal p(0, {}, [](portal::PortalConfig& c) {
    c.limits.headers = std::chrono::milliseconds(1500);
    c.limits.handshake = std::chrono::milliseconds(1000);
    c.limits.keep_alive = std::chrono::milliseconds(1000);
    c.limits.connections_per_client = 100;
  });
  // 40 connections that never start TLS, and 8 that send a header line every 300 ms.
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) {
    const int fd = connect_loopback(p.port);
    idle.push_back(fd);
  }
  std::vector<std::thread> slow;
  std::atomic<int> cut{0};
  for (int i = 0; i < 8; ++i)
    slow.emplace_back([&] {
      if (slow_client_kept_s(p.port, std::chrono::milliseconds(300)) < 5) ++cut;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto start = Clock::now();
  CHECK(p.call("GET", "/api/v1/catalog").status == 200);
  const double answer_s = std::chrono::duration<double>(Clock::now() - start).count();
  CHECK(answer_s < 1.0);
  for (auto& t : slow) t.join();
  CHECK(cut == 8);  // each cut at the header deadline, not after 200 lines
  // The idle ones were closed at the handshake deadline.
  CHECK(closed_by_server(idle, 2000) == 40);
}

TEST_CASE("portal: one client address holds at most its share of connections") {
  LivePortal p(0, {}, [](portal::PortalConfig& c) { c.limits.connections_per_client = 4; });
  std::vector<int> fds;
  for (int i = 0; i < 6; ++i) fds.push_back(connect_loopback(p.port));
  CHECK(closed_by_server(fds, 500) == 2);  // at once, long before the handshake deadline
}

TEST_CASE("portal: wrong lookup tokens, phone digits and enrollment codes are limited with 429") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  const std::string code = q.body["code"];
  int not_found = 0, limited = 0;
  for (int i = 0; i < 30; ++i) {
    const long s =
        p.call("GET", "/api/v1/requests/" + code + "?t=AAAAAAA" + char('A' + i % 20)).status;
    not_found += s == 404;
    limited += s == 429;
  }
  CHECK(not_found == 10);
  CHECK(limited == 20);
  // The phone page from the same address is limited too (per client), with Retry-After.
  const Reply page = p.call("GET", "/c/" + code + "?t=AAAAAAAB", {}, {}, "");
  CHECK(page.status == 429);
  // Enrollment codes: 5 wrong tries, then 429.
  int enroll_limited = 0;
  for (int i = 0; i < 8; ++i)
    enroll_limited += p.call("POST", "/api/v1/terminals/enroll",
                             json{{"enrollment_code", "ZZZZ-ZZZ" + std::to_string(i)},
                                  {"hardware_id", "h"},
                                  {"app_version", "1"}}
                                 .dump(),
                             {}, "")
                          .status == 429;
  CHECK(enroll_limited == 3);
}

TEST_CASE("portal: concurrent phone-digit tries cannot pass the limit together") {
  LivePortal p(0, {}, [](portal::PortalConfig& c) { c.lookup_guesses = {1000, 100}; });
  const Queued q = queued_submission(p.dir.path);
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  const std::string code = q.body["code"];
  std::atomic<int> answered{0};
  std::vector<std::thread> tries;
  for (int i = 0; i < 8; ++i)
    tries.emplace_back([&, i] {
      const long s =
          p.call("GET", "/api/v1/requests/" + code + "?p4=000" + std::to_string(i)).status;
      answered += s == 404;
    });
  for (auto& t : tries) t.join();
  CHECK(answered == 5);  // 5 wrong tries an hour per case, however they arrive
}

TEST_CASE("portal: a terminal cannot take another terminal's case codes") {
  LivePortal p;
  REQUIRE(p.server->service().set_terminal_token("VL02", "tok-VL02"));
  const Queued q = queued_submission(p.dir.path);  // VL01's
  const Reply stolen =
      p.call("POST", "/api/v1/requests", q.body.dump(), offline::random_uuid(), "tok-VL02");
  CHECK(stolen.status == 400);
  CHECK(json::parse(stolen.body)["error"]["code"] == "wrong_terminal");
  CHECK(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
}

TEST_CASE("portal: bodies the contract forbids are refused and nothing is stored") {
  LivePortal p;
  const Queued q = queued_submission(p.dir.path);
  std::vector<std::pair<std::string, std::function<void(json&)>>> mutations = {
      {"empty token", [](json& b) { b["lookup_token"] = ""; }},
      {"huge token", [](json& b) { b["lookup_token"] = std::string(10'000, 'A'); }},
      {"unknown agency", [](json& b) { b["agency_id"] = "khong-co"; }},
      {"unknown field", [](json& b) { b["field_id"] = "khong-co"; }},
      {"bad standing", [](json& b) { b["standing"] = "king"; }},
      {"bad aspects", [](json& b) { b["aspects"] = json::array({"x"}); }},
      {"repeated aspects",
       [](json& b) {
         b["aspects"] = json::array({"content", "content"});
       }},
      {"negative people",
       [](json& b) {
         b["standing"] = "representing";
         b["people_count"] = -3;
       }},
      {"huge people",
       [](json& b) {
         b["standing"] = "representing";
         b["people_count"] = 4294967297LL;
       }},
      {"year 0000", [](json& b) { b["created_at"] = "0000-01-01T00:00:00+07:00"; }},
      {"junk after the time",
       [](json& b) { b["created_at"] = b["created_at"].get<std::string>() + "<!--"; }},
      {"no decision", [](json& b) { b.erase("decision"); }},
      {"no impact", [](json& b) { b.erase("impact"); }},
      {"no standing", [](json& b) { b.erase("standing"); }},
      {"no deadlines", [](json& b) { b.erase("deadlines"); }},
      {"an extra field", [](json& b) { b["admin"] = true; }},
      {"content as a number", [](json& b) { b["content"] = 5; }},
  };
  for (auto& [name, mutate] : mutations) {
    json b = q.body;
    mutate(b);
    CAPTURE(name);
    const long s = p.call("POST", "/api/v1/requests", b.dump(), offline::random_uuid()).status;
    CHECK(s >= 400);
    CHECK(s < 500);
  }
  // Sealed data without consent.
  {
    auto personal = json::parse(offline::personal_json(demo::resident()));
    personal["consent"] = false;
    const auto key =
        json::parse(demo::read_file(KIOSK_SHARE_DIR "/demo/kiosk.json"))["portal"]["public_key"];
    json b = q.body;
    b["sealed_personal"] = offline::to_base64(
        offline::seal(personal.dump(), *offline::parse_portal_key(key.get<std::string>())));
    const Reply r = p.call("POST", "/api/v1/requests", b.dump(), offline::random_uuid());
    CHECK(r.status == 422);
    CHECK(json::parse(r.body)["error"]["code"] == "no_consent");
  }
  CHECK(p.call("POST", "/api/v1/requests", q.body.dump(), "not-a-uuid").status == 400);
  CHECK(p.call("POST", "/api/v1/requests:batch", R"({"items":[]})").status == 400);
  json r = rating(offline::random_uuid());
  r["score"] = 4294967297LL;
  CHECK(p.call("POST", "/api/v1/ratings", r.dump(), r["id"]).status == 422);
  for (const char* beat : {R"({"queue_depth":-1,"app_version":"1","uptime_s":1})",
                           R"({"queue_depth":1,"app_version":1,"uptime_s":1})",
                           R"({"queue_depth":1,"app_version":"1","uptime_s":1,"printer":"fire"})"})
    CHECK(p.call("POST", "/api/v1/terminals/VL01/heartbeat", beat).status == 400);
  CHECK(p.server->service().count("requests") == 0);
  CHECK(p.server->service().count("ratings") == 0);
  // The original is still fine.
  CHECK(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
}

TEST_CASE(
    "portal: the phone page links https documents only and sends the headers a public page needs") {
  LivePortal p;
  auto& svc = p.server->service();
  const Queued q = queued_submission(p.dir.path);
  REQUIRE(p.call("POST", "/api/v1/requests", q.body.dump(), q.key).status == 201);
  const std::string code = q.body["code"];
  REQUIRE(svc.move_case(code, "accept", json::object()).status == 200);
  CHECK(svc.move_case(code, "answer",
                      {{"summary", "Đã trả lời"}, {"document_url", "javascript:alert(1)"}})
            .status == 400);
  REQUIRE(svc.move_case(code, "answer",
                        {{"summary", "Đã trả lời <b>"}, {"document_url", "https://x.gov.vn/a.pdf"}})
              .status == 200);
  const Reply page =
      p.call("GET", "/c/" + code + "?t=" + q.body["lookup_token"].get<std::string>(), {}, {}, "");
  const std::string& body = page.body;
  const std::string& headers = page.headers;
  CHECK(body.find("href=\"https://x.gov.vn/a.pdf\"") != std::string::npos);
  CHECK(body.find("<b>") == std::string::npos);
  for (const char* h : {"Content-Security-Policy: default-src 'none'",
                        "X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer",
                        "Cache-Control: no-store", "Strict-Transport-Security: max-age="})
    CHECK_MESSAGE(headers.find(h) != std::string::npos, h);
}

TEST_CASE("portal: TLS below 1.2 and CBC suites are refused") {
  LivePortal p;
  const auto connect_with = [&](long version, const char* ciphers) {
    CURL* curl = curl_easy_init();
    const std::string url = "https://localhost:" + std::to_string(p.port) + "/api/v1/ca.pem";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    const std::string ca = (p.ca_dir / "ca.pem").string();
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, version);
    if (ciphers) curl_easy_setopt(curl, CURLOPT_SSL_CIPHER_LIST, ciphers);
    std::string sink;
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    const CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    return rc;
  };
  CHECK(connect_with(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2, nullptr) == CURLE_OK);
  CHECK(connect_with(CURL_SSLVERSION_TLSv1_3, nullptr) == CURLE_OK);
  CHECK(connect_with(CURL_SSLVERSION_TLSv1_0 | CURL_SSLVERSION_MAX_TLSv1_1, nullptr) != CURLE_OK);
  CHECK(connect_with(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2,
                     "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:AES128-SHA") != CURLE_OK);
}
