// The sync engine against a real portal that misbehaves on purpose (portal/portal.hpp Faults):
// 500s, 429 with Retry-After, a connection dropped after the portal committed, replies slower
// than the terminal waits, and the kiosk itself killed with SIGKILL in the middle of syncing,
// 200 times. Each test ends with the portal holding every submission exactly once and the
// terminal's outbox empty of queued rows and of personal data.
#include <doctest/doctest.h>
#include <httplib.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "live_portal.hpp"
#include "sync_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using namespace sync_support;

namespace {

// Drains `db` into `p` with a fast-retrying engine; returns the last report.
offline::SyncReport drain_all(LivePortal& p, const fs::path& db, offline::SyncConfig c) {
  Reports reports;
  offline::SyncEngine engine(db, c, std::ref(reports));
  engine.start();
  const bool drained =
      reports.wait_for([](const offline::SyncReport& r) { return r.online && r.queued == 0; }, 60s);
  engine.stop();
  INFO("last error: " << reports.last.last_error);
  REQUIRE(drained);
  return reports.last;
}

// Every row sent, none twice, nothing personal left on the terminal.
void check_exactly_once(LivePortal& p, const fs::path& db, int requests, int ratings) {
  CHECK(p.server->service().count("requests") == requests);
  CHECK(p.server->service().count("ratings") == ratings);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE state = 'synced'") == requests + ratings);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE sealed_personal IS NOT NULL") == 0);
}

portal::Faults fault(const char* spec) {
  portal::Faults f;
  REQUIRE(portal::parse_fault(spec, f));
  return f;
}

// Queues rows, drains them through a portal that injects `spec`, and checks each arrived once.
// Returns how many rows needed more than one attempt.
int drain_through(const char* spec, int batch_size, long timeout_ms, int requests, int ratings) {
  LivePortal p;
  p.server->set_faults(fault(spec));
  const fs::path db = p.dir.path / "kiosk.db";
  auto c = config_for(p);
  c.policy.batch_size = batch_size;  // small batches: many calls, so many of them are hit
  c.policy.request_timeout_ms = timeout_ms;
  queue(db, requests, ratings);
  drain_all(p, db, c);
  check_exactly_once(p, db, requests, ratings);
  return scalar(db, "SELECT count(*) FROM outbox WHERE attempts >= 2");
}

}  // namespace

TEST_CASE("sync: fault specs are read as written, and nonsense is refused") {
  portal::Faults f;
  CHECK(portal::parse_fault("500:3", f));
  CHECK(f.status_500_every == 3);
  CHECK(portal::parse_fault("429:2:7", f));
  CHECK(f.status_429_every == 2);
  CHECK(f.retry_after_s == 7);
  CHECK(portal::parse_fault("slow:4:1500", f));
  CHECK(f.slow_ms == 1500);
  for (const char* bad : {"", "500", "500:0", "500:x", "drop:1:2", "slow:3", "boom:1", "429:-1"})
    CHECK_FALSE(portal::parse_fault(bad, f));
}

TEST_CASE("sync: a long queue goes in batches of 100, a short one row by row") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 250, 0);
  drain_all(p, db, config_for(p));
  check_exactly_once(p, db, 250, 0);
  CHECK(p.server->submission_calls() == 3);  // 100 + 100 + 50
  queue(db, 1, 1);
  drain_all(p, db, config_for(p));
  check_exactly_once(p, db, 251, 1);
  CHECK(p.server->submission_calls() == 5);
}

TEST_CASE("sync: every other call a 500: retried with backoff, each submission once") {
  CHECK(drain_through("500:2", 4, 5000, 20, 3) >= 1);
}

TEST_CASE("sync: 429 with Retry-After: the terminal waits at least that long") {
  LivePortal p;
  p.server->set_faults(fault("429:1:2"));  // every call, "come back in 2 s"
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 3, 0);
  Reports reports;
  offline::SyncEngine engine(db, config_for(p), std::ref(reports));
  const auto started = std::chrono::steady_clock::now();
  engine.start();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return !r.last_error.empty(); }));
  CHECK(reports.last.last_error == "HTTP 429");
  CHECK(reports.last.queued == 3);
  const long calls_at_429 = p.server->submission_calls();
  p.server->set_faults({});
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.queued == 0; }));
  const auto waited = std::chrono::steady_clock::now() - started;
  engine.stop();
  CHECK(waited >= 1900ms);                                  // not before Retry-After
  CHECK(p.server->submission_calls() == calls_at_429 + 1);  // and no calls in between
  check_exactly_once(p, db, 3, 0);
}

TEST_CASE("sync: the connection drops after the portal committed: the retry makes no second case") {
  // Some rows were stored by the portal on a call the terminal never heard back from.
  CHECK(drain_through("drop:2", 3, 5000, 12, 2) >= 1);
}

TEST_CASE("sync: replies slower than the terminal waits: timed out, retried, stored once") {
  CHECK(drain_through("slow:2:1500", 2, 500, 6, 0) >= 1);
}

TEST_CASE("sync: heartbeats reach the portal with the queue's depth") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 0, 0);
  auto c = config_for(p);
  c.terminal_id = "VL01";
  Reports reports;
  offline::SyncEngine engine(db, c, std::ref(reports));
  engine.start();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.online; }));
  engine.stop();
  const json list = p.server->service().terminals();
  REQUIRE(list.size() == 1);
  CHECK(list[0]["silent"] == false);
  CHECK(list[0]["app_version"] == "0.1.0");
}

TEST_CASE(
    "sync: statuses of the terminal's cases are pulled, kept, and change when the body acts") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 2, 0);
  auto c = config_for(p);
  c.policy.status_interval = 0ms;
  drain_all(p, db, c);
  CHECK(scalar(db, "SELECT count(*) FROM case_status WHERE status LIKE '%\"received\"%'") == 2);
  const std::string code = [&] {
    auto store = offline::Store::open(db);
    return sql_text(store->handle(), "SELECT min(code) FROM case_status");
  }();
  REQUIRE(p.server->service().move_case(code, "accept", {{"note", "Đã tiếp nhận"}}).status == 200);
  Reports reports;
  offline::SyncEngine engine(db, c, std::ref(reports));
  engine.start();
  REQUIRE(reports.wait_for([](const offline::SyncReport& r) { return r.statuses_changed; }));
  engine.stop();
  CHECK(scalar(db, "SELECT count(*) FROM case_status WHERE status LIKE '%\"accepted\"%'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM case_status WHERE status LIKE '%Đã tiếp nhận%'") == 1);
}

TEST_CASE("sync: text from the portal reaches the terminal in NFC, whatever form it came in") {
  // "Đã tiếp nhận" with its marks as combining characters (NFD; Đ has none), and in a key.
  const std::string nfd = "\xc4\x90\x61\xcc\x83 ti\x65\xcc\x82\xcc\x81p nh\x61\xcc\x82\xcc\xa3n";
  REQUIRE(nfd != "Đã tiếp nhận");
  json doc = {{"note", nfd}, {"list", {nfd}}, {nfd, 1}, {"n", 3}};
  offline::normalise_nfc(doc);
  CHECK(doc["list"][0] == "Đã tiếp nhận");
  CHECK(doc["n"] == 3);
  CHECK(doc.contains("Đã tiếp nhận"));
  json broken = std::string("\xff\xfe");
  offline::normalise_nfc(broken);
  CHECK(broken == "");
}

TEST_CASE("sync: a back-end that sends decomposed Unicode: the catalog is kept in NFC") {
  // The reference portal refuses to serve anything but NFC; another province's back-end might
  // not. This one is a plain HTTPS server with the same certificate that serves NFD text.
  LivePortal p;  // for its CA and certificate
  std::string text = demo::read_file(KIOSK_SHARE_DIR "/demo/catalog.json");
  const std::string nfc = "Vĩnh", nfd = "Vi\xcc\x83nh";
  for (auto at = text.find(nfc); at != std::string::npos; at = text.find(nfc, at))
    text.replace(at, nfc.size(), nfd);
  httplib::SSLServer other((p.ca_dir / "server.pem").c_str(), (p.ca_dir / "server.key").c_str());
  other.Get("/api/v1/catalog", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("ETag", "\"nfd\"");
    res.set_content(text, "application/json");
  });
  const int port = other.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { other.listen_after_bind(); });
  while (!other.is_running()) std::this_thread::sleep_for(1ms);
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 0, 0);
  Reports reports;
  offline::SyncEngine engine(db, config_for(p, port), std::ref(reports));
  engine.start();
  const bool changed =
      reports.wait_for([](const offline::SyncReport& r) { return r.catalog_changed; });
  engine.stop();
  other.stop();
  serving.join();
  REQUIRE(changed);
  auto store = offline::Store::open(db);
  REQUIRE(store);
  const std::string kept = sql_text(store->handle(), "SELECT body FROM catalog");
  CHECK(kept.find(nfd) == std::string::npos);
  CHECK(kept.find("Uỷ ban nhân dân xã Vĩnh Linh") != std::string::npos);
}

// ---- the kiosk program itself, killed and restarted -------------------------------------------

namespace {

struct Child {
  pid_t pid = -1;
};

// Starts `kiosk --headless` for the state dir; its stderr goes to `log` (appended).
Child start_headless(const fs::path& config, const fs::path& state, const fs::path& log,
                     std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {KIOSK_BIN_DIR "/kiosk", "--headless",  "--config",
                                   config.string(),        "--state-dir", state.string()};
  for (auto& e : extra) args.push_back(std::move(e));
  Child c;
  c.pid = fork();
  REQUIRE(c.pid >= 0);
  if (c.pid == 0) {
    FILE* out = std::fopen(log.c_str(), "a");
    if (out) dup2(fileno(out), STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return c;
}

int wait_exit(Child c) {
  int status = 0;
  waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

fs::path headless_config(const fs::path& dir, const LivePortal& p) {
  const fs::path file = dir / "kiosk.json";
  std::ofstream(file) << json{{"terminal_id", "VL01"},
                              {"portal",
                               {{"url", "https://localhost:" + std::to_string(p.port)},
                                {"token", p.token},
                                {"ca_file", (p.ca_dir / "ca.pem").string()}}}}
                             .dump();
  return file;
}

std::string read_all(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE(
    "sync: the kiosk killed with SIGKILL 200 times while syncing loses nothing, sends nothing "
    "twice") {
  LivePortal p;
  p.server->set_faults(fault("slow:1:15"));  // every call a little slow: kills land mid-call
  const fs::path state = p.dir.path / "state";
  fs::create_directories(state);
  const fs::path db = state / "kiosk.db";
  const fs::path config = headless_config(p.dir.path, p);
  const fs::path log = p.dir.path / "kiosk.log";
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> pause_ms(0, 120);
  int queued = 0;
  for (int round = 0; round < 200; ++round) {
    queue(db, 2, round % 10 == 0 ? 1 : 0);  // residents keep submitting between crashes
    queued += 2;
    const Child c = start_headless(config, state, log);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    kill(c.pid, SIGKILL);
    CHECK(wait_exit(c) == 128 + SIGKILL);
  }
  INFO("stored before the last run: " << p.server->service().count("requests"));
  // Then it runs to the end: everything arrives, once.
  p.server->set_faults({});
  const Child last =
      start_headless(config, state, log, {"--until-drained", "--exit-after-ms", "60000"});
  CHECK(wait_exit(last) == 0);
  check_exactly_once(p, db, queued, 20);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE state = 'needs_attention'") == 0);
  auto store = offline::Store::open(db);
  REQUIRE(store);
  CHECK(sql_text(store->handle(), "PRAGMA integrity_check") == "ok");
}

TEST_CASE("sync: the logs of a whole run, portal and kiosk, hold no personal data") {
  // The portal as its own process, with faults so that error paths are logged too.
  TempDir dir;
  make_demo_ca(dir.path / "ca");
  int port = 0;
  {
    LivePortal probe;  // a free port
    port = probe.port;
  }
  const fs::path portal_log = dir.path / "portal.log";
  const fs::path kiosk_log = dir.path / "kiosk.log";
  const std::string serve =
      std::string(KIOSK_BIN_DIR "/giaitrinh-portal serve --db ") +
      (dir.path / "portal.db").string() + " --cert " + (dir.path / "ca/server.pem").string() +
      " --key " + (dir.path / "ca/server.key").string() +
      " --secret-key " KIOSK_SOURCE_DIR
      "/portal/demo/portal_secret_key.b64 --catalog " KIOSK_SHARE_DIR "/demo/catalog.json --port " +
      std::to_string(port) + " --demo-token test-token-VL01 --fault 500:3 --fault drop:4 2>" +
      portal_log.string() + " & echo $! > " + (dir.path / "portal.pid").string();
  REQUIRE(std::system(serve.c_str()) == 0);
  std::this_thread::sleep_for(500ms);
  const fs::path state = dir.path / "state";
  fs::create_directories(state);
  const fs::path config = dir.path / "kiosk.json";
  std::ofstream(config) << json{{"terminal_id", "VL01"},
                                {"portal",
                                 {{"url", "https://localhost:" + std::to_string(port)},
                                  {"token", "test-token-VL01"},
                                  {"ca_file", (dir.path / "ca/ca.pem").string()}}}}
                               .dump();
  // Four rounds of residents, each drained by a kiosk run: several calls, so faults happen.
  for (int round = 0; round < 4; ++round) {
    {
      auto store = offline::Store::open(state / "kiosk.db");
      REQUIRE(store);
      auto d = demo::resident();
      d.personal.cccd = "045190001234";
      d.personal.email = "le.van.an@example.vn";
      const auto ctx = demo::context();
      REQUIRE(ctx);
      for (int i = 0; i < 4; ++i)
        REQUIRE(offline::submit_request(*store, d, *ctx, std::chrono::system_clock::now()));
    }
    const Child k =
        start_headless(config, state, kiosk_log, {"--until-drained", "--exit-after-ms", "60000"});
    CHECK(wait_exit(k) == 0);
  }
  const std::string pid = read_all(dir.path / "portal.pid");
  std::system(("kill " + pid).c_str());
  std::this_thread::sleep_for(200ms);
  const std::string logs = read_all(portal_log) + read_all(kiosk_log);
  INFO(logs);
  CHECK(logs.find("POST /api/v1/requests") != std::string::npos);  // the logs are there
  CHECK(logs.find(" 500") != std::string::npos);                   // error paths included
  for (const char* secret : {"Lê Văn An", "LÊ VĂN AN", "Le Van An", "0912345678", "912345678",
                             "045190001234", "le.van.an", "Khóm 3", "test-token-VL01"})
    CHECK_MESSAGE(logs.find(secret) == std::string::npos, secret);
}
