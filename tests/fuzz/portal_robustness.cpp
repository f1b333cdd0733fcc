// The portal's robustness run (issue 13): N random and mutated requests, across every endpoint,
// through the real parser, checks, routes and SQLite file (Portal::serve_bytes: the bytes a
// client sends after TLS), then the invariants: nothing crashed, no 5xx at all, every
// acknowledged write is there after a restart, and the file passes integrity_check.
//   portal_robustness N SEED
// Prints `name: value` lines; exits non-zero when an invariant breaks.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "portal.hpp"
#include "queued.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Seed {
  std::string method, path, key, body;
  bool authed = true;
};

std::string request_bytes(const Seed& s, const std::string& token, const std::string& body,
                          const std::string& extra) {
  std::string r = s.method + " " + s.path + " HTTP/1.1\r\nHost: localhost\r\n";
  if (s.authed) r += "Authorization: Bearer " + token + "\r\n";
  if (!s.key.empty()) r += "Idempotency-Key: " + s.key + "\r\n";
  if (s.method == "POST")
    r +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  r += extra + "\r\n" + body;
  return r;
}

int status_of(const std::string& reply) {
  if (reply.size() < 12 || reply.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::atoi(reply.c_str() + 9);
}

std::string body_of(const std::string& reply) {
  const auto at = reply.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : reply.substr(at + 4);
}

json random_value(std::mt19937_64& rng) {
  switch (rng() % 9) {
    case 0: return nullptr;
    case 1: return static_cast<std::int64_t>(rng());
    case 2: return 4294967297LL;
    case 3: return -1;
    case 4: return std::string(rng() % 20000, 'A');
    case 5: return json::array({1, "x", nullptr});
    case 6: return json::object({{"a", json::object({{"b", 1}})}});
    case 7: return "javascript:alert(1)<!--";
    default: return 1.5;
  }
}

// One mutation of a JSON body: a field replaced, removed or added; or the bytes themselves.
std::string mutate(std::mt19937_64& rng, const std::string& body) {
  json j = json::parse(body, nullptr, false);
  const auto kind = rng() % 6;
  if (kind < 3 && j.is_object() && !j.empty()) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    const std::string key = keys[rng() % keys.size()];
    json out = json::object();
    for (const auto& k : keys)
      if (k != key || kind == 2) out[k] = j[k];
    if (kind == 0) out[key] = random_value(rng);
    if (kind == 2) out["extra_" + std::to_string(rng() % 5)] = random_value(rng);
    return out.dump();
  }
  std::string b = body;
  if (kind == 3 && !b.empty()) {  // flip bytes
    for (int i = 0, n = 1 + static_cast<int>(rng() % 8); i < n; ++i)
      b[rng() % b.size()] = static_cast<char>(rng());
  } else if (kind == 4) {  // cut
    b.resize(b.empty() ? 0 : rng() % b.size());
  } else {  // insert nesting or junk
    const std::string junk = rng() % 2 ? std::string(rng() % 200, '[') : "\xff\xfe\"\\u0000";
    b.insert(b.empty() ? 0 : rng() % b.size(), junk);
  }
  return b;
}

// Garbage at the HTTP level: broken request lines, headers, lengths and encodings.
std::string http_mutation(std::mt19937_64& rng, std::string raw) {
  switch (rng() % 8) {
    case 0: return raw.substr(0, rng() % (raw.size() + 1));
    case 1: raw.insert(rng() % raw.size(), std::string(rng() % 9000, 'X')); return raw;
    case 2: return "POST /api/v1/requests HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n";
    case 3:
      return "POST /api/v1/requests:batch HTTP/1.1\r\nTransfer-Encoding: "
             "chunked\r\n\r\n5\r\n[[[[[\r\n0\r\n\r\n";
    case 4:
      return "GET /c/" + std::string(rng() % 100, 'A') + "?t=" + std::string(rng() % 30, 'Z') +
             " HTTP/1.1\r\n\r\n";
    case 5: return "DELETE /api/v1/requests HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    case 6: raw[rng() % raw.size()] = static_cast<char>(rng()); return raw;
    default:
      return "GET /api/v1/requests/VL01-261201-0001?p4=" + std::to_string(rng() % 10000) +
             " HTTP/1.1\r\nAuthorization: Bearer robust-token\r\n\r\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  const unsigned long seed = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 13;
  const fs::path dir =
      fs::temp_directory_path() / ("portal-robustness-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path ca = dir / "ca";
  if (std::system((std::string(KIOSK_SOURCE_DIR "/portal/make-demo-ca ") + ca.string() +
                   " localhost >/dev/null")
                      .c_str()) != 0)
    return 2;
  portal::PortalConfig c;
  c.service.db_file = dir / "portal.db";
  c.service.secret_key_file = KIOSK_SOURCE_DIR "/portal/demo/portal_secret_key.b64";
  c.service.catalog_file = KIOSK_SHARE_DIR "/demo/catalog.json";
  c.cert_file = ca / "server.pem";
  c.key_file = ca / "server.key";
  c.demo_token = "robust-token";
  c.access_log = false;
  std::string error;
  auto p = portal::Portal::create(c, error);
  if (!p) {
    std::fprintf(stderr, "robustness: %s\n", error.c_str());
    return 2;
  }
  // Real bodies, as the terminal writes them.
  auto store = offline::Store::open(dir / "kiosk.db");
  if (!store) return 2;
  const auto fresh_submission = [&] {
    const auto q = queue_submission(*store);
    if (!q) std::exit(2);
    return Seed{"POST", "/api/v1/requests", q->key, q->body.dump()};
  };
  const auto fresh_rating = [] {
    const std::string id = offline::random_uuid();
    return Seed{"POST", "/api/v1/ratings", id,
                json{{"id", id},
                     {"created_at", "2026-11-25T09:14:03+07:00"},
                     {"terminal_id", "VL01"},
                     {"channel", "kiosk"},
                     {"score", 3},
                     {"comment", "Tốt"}}
                    .dump()};
  };
  std::vector<Seed> seeds;
  const Seed sub = fresh_submission();
  seeds.push_back(sub);
  seeds.push_back(fresh_rating());
  seeds.push_back({"POST",
                   "/api/v1/requests:batch",
                   {},
                   json{{"items", json::array({{{"idempotency_key", sub.key},
                                                {"request", json::parse(sub.body)}}})}}
                       .dump()});
  seeds.push_back(
      {"POST",
       "/api/v1/terminals/VL01/heartbeat",
       {},
       R"({"queue_depth":2,"oldest_queued_at":null,"printer":"ready","scanner":"wedge","app_version":"1.0","uptime_s":5})"});
  seeds.push_back({"POST",
                   "/api/v1/terminals/enroll",
                   {},
                   R"({"enrollment_code":"ABCD-EFGH","hardware_id":"hw","app_version":"1.0"})",
                   false});
  const std::string code = json::parse(sub.body)["code"];
  const std::string token = json::parse(sub.body)["lookup_token"];
  seeds.push_back({"GET", "/api/v1/catalog", {}, {}});
  seeds.push_back({"GET", "/api/v1/public-answers", {}, {}});
  seeds.push_back({"GET", "/api/v1/requests/" + code + "?t=" + token, {}, {}});
  seeds.push_back({"GET", "/c/" + code + "?t=" + token, {}, {}, false});

  std::mt19937_64 rng(seed);
  std::set<std::string> acked_requests, acked_ratings;
  std::map<int, long> by_status;
  long fives = 0;
  const auto started = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    Seed s = seeds[rng() % seeds.size()];
    std::string body = s.body;
    std::string extra;
    const auto what = rng() % 1000;
    if (what == 0) {  // now and then a new valid submission or rating: writes to check later
      s = rng() % 2 ? fresh_submission() : fresh_rating();
      body = s.body;
    } else if (what < 600 && s.method == "POST") {
      body = mutate(rng, body);
      if (rng() % 4 == 0) s.key = rng() % 2 ? offline::random_uuid() : "not-a-uuid";
    } else if (what < 700) {
      extra = rng() % 2 ? "Content-Encoding: gzip\r\n" : "Connection: close\r\n";
    }
    std::string raw = request_bytes(s, rng() % 20 ? "robust-token" : "wrong", body, extra);
    if (what >= 700 && what < 800) raw = http_mutation(rng, raw);
    const std::string ip = "10.0.0." + std::to_string(rng() % 16);
    const std::string reply = p->serve_bytes(raw, ip);
    const int status = status_of(reply);
    ++by_status[status];
    if (status >= 500) {
      ++fives;
      if (fives <= 5) std::fprintf(stderr, "robustness: %d for %.200s\n", status, raw.c_str());
    }
    if ((status == 201 || status == 200) && s.method == "POST") {
      if (s.path == "/api/v1/requests") acked_requests.insert(s.key);
      if (s.path == "/api/v1/ratings") acked_ratings.insert(s.key);
      if (s.path == "/api/v1/requests:batch") {
        const json r = json::parse(body_of(reply), nullptr, false);
        if (r.is_object() && r.contains("results"))
          for (const auto& item : r["results"])
            if (item.value("status", 0) / 100 == 2)
              acked_requests.insert(item.value("idempotency_key", ""));
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  p.reset();  // the portal goes away; what it acknowledged must still be there
  sqlite3* db = nullptr;
  sqlite3_open((dir / "portal.db").c_str(), &db);
  long missing = 0;
  for (const auto& [table, keys] :
       {std::pair{"requests", &acked_requests}, std::pair{"ratings", &acked_ratings}}) {
    for (const auto& key : *keys) {
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(
          db, (std::string("SELECT 1 FROM ") + table + " WHERE idempotency_key = ?1").c_str(), -1,
          &st, nullptr);
      sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(st) != SQLITE_ROW) ++missing;
      sqlite3_finalize(st);
    }
  }
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
  const bool sound = sqlite3_step(st) == SQLITE_ROW &&
                     std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "ok";
  sqlite3_finalize(st);
  sqlite3_close(db);
  fs::remove_all(dir);

  std::printf("requests: %ld\n", n);
  std::printf("requests_per_s: %.0f\n", double(n) / seconds);
  for (const auto& [status, count] : by_status) std::printf("status_%d: %ld\n", status, count);
  std::printf("acknowledged_writes: %zu\n", acked_requests.size() + acked_ratings.size());
  std::printf("acknowledged_missing_after_restart: %ld\n", missing);
  std::printf("server_errors: %ld\n", fives);
  std::printf("integrity_check_ok: %d\n", sound ? 1 : 0);
  return fives == 0 && missing == 0 && sound ? 0 : 1;  // status 0: a cut request, no answer
}
