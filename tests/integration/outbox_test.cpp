// Durable submit on real SQLite files: what is written, what is sealed, what survives a kill.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include <sqlite3.h>

#include "catalog.hpp"
#include "demo.hpp"
#include "outbox.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;
using nlohmann::json;
using offline::Store;

namespace {

using demo::read_file;

offline::SubmitContext demo_context() {
  auto ctx = demo::context();
  REQUIRE(ctx);
  return *ctx;
}

std::array<unsigned char, 32> demo_secret_key() {
  std::string b64 = read_file(KIOSK_SOURCE_DIR "/portal/demo/portal_secret_key.b64");
  while (!b64.empty() && (b64.back() == '\n' || b64.back() == '\r')) b64.pop_back();
  auto bytes = offline::from_base64(b64);
  REQUIRE(bytes);
  REQUIRE(bytes->size() == 32);
  std::array<unsigned char, 32> key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

kiosk::RequestDraft resident() {
  kiosk::RequestDraft d;
  d.agency_id = "ubnd-xa-vinh-linh";
  d.field_id = "dat-dai";
  d.decision_number = "125/QĐ-UBND";
  d.decision_date = "12/10/2026";
  d.impact = "Gia đình tôi bị thu hồi 200 m² đất vườn.";
  d.aspects = kiosk::kAspectLegalBasis | kiosk::kAspectContent;
  d.question = "Xin giải trình căn cứ tính giá bồi thường đất vườn tại thôn Tân Mỹ.";
  d.personal.full_name = "Nguyễn Thị Ánh Tuyết";
  d.personal.address = "Thôn Tân Mỹ, xã Vĩnh Linh";
  d.personal.phone = "+84 912 345 678";
  d.personal.cccd = "045190001234";
  d.personal.signature = {{{0.1f, 0.5f}, {0.4f, 0.2f}, {0.8f, 0.6f}}};
  d.consent = true;
  return d;
}

// 25/11/2026 10:00 in Vietnam.
system_clock::time_point nov25() {
  return sys_days{2026y / 11 / 25} + hours{3};
}

struct Row {
  std::string kind, key, body, code, state;
  std::vector<unsigned char> sealed;
  bool sealed_null = true;
};

std::vector<Row> rows(sqlite3* db) {
  std::vector<Row> out;
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT kind, idempotency_key, body, coalesce(case_code, ''), state, "
                             "sealed_personal FROM outbox ORDER BY id",
                             -1, &st, nullptr) == SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) {
    Row r;
    auto text = [&](int c) {
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c)));
    };
    r.kind = text(0);
    r.key = text(1);
    r.body = text(2);
    r.code = text(3);
    r.state = text(4);
    r.sealed_null = sqlite3_column_type(st, 5) == SQLITE_NULL;
    const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st, 5));
    r.sealed.assign(blob, blob + sqlite3_column_bytes(st, 5));
    out.push_back(std::move(r));
  }
  sqlite3_finalize(st);
  return out;
}

}  // namespace

TEST_CASE("a submission is one outbox row: content in the clear, personal data sealed") {
  TempDir dir;
  auto store = Store::open(dir.path / "kiosk.db");
  REQUIRE(store);
  const auto ctx = demo_context();
  auto receipt = offline::submit_request(*store, resident(), ctx, nov25());
  REQUIRE(receipt);
  CHECK(receipt->code == "VL01-261125-0001");
  CHECK(receipt->lookup_token.size() == 8);
  CHECK(receipt->created_at == "2026-11-25T10:00:00+07:00");
  CHECK(kiosk::format_iso_date(receipt->deadlines.acceptance_due) == "2026-12-02");
  CHECK(kiosk::format_iso_date(receipt->deadlines.answer_due) == "2026-12-17");

  const auto all = rows(store->handle());
  REQUIRE(all.size() == 1);
  const Row& row = all[0];
  CHECK(row.kind == "request");
  CHECK(row.state == "queued");
  CHECK(row.code == receipt->code);
  CHECK(row.key.size() == 36);
  // Nothing that names the resident is readable on the terminal.
  for (const char* secret : {"Nguyễn Thị Ánh Tuyết", "912345678", "045190001234", "Tân Mỹ, xã"}) {
    CHECK_MESSAGE(row.body.find(secret) == std::string::npos, secret);
    const std::string sealed(row.sealed.begin(), row.sealed.end());
    CHECK_MESSAGE(sealed.find(secret) == std::string::npos, secret);
  }
  const auto body = json::parse(row.body);
  CHECK(body["code"] == receipt->code);
  CHECK(body["lookup_token"] == receipt->lookup_token);
  CHECK(body["channel"] == "kiosk");
  CHECK(body["agency_id"] == "ubnd-xa-vinh-linh");
  CHECK(body["aspects"] == json::array({"legal_basis", "content"}));
  CHECK(body["content"].get<std::string>().starts_with("Xin giải trình"));
  CHECK(body["deadlines"]["acceptance_due"] == "2026-12-02");

  // The portal (demo key pair) opens what was sealed.
  auto opened = offline::open_sealed(row.sealed, ctx.portal_key, demo_secret_key());
  REQUIRE(opened);
  const auto personal = json::parse(*opened);
  CHECK(personal["full_name"] == "Nguyễn Thị Ánh Tuyết");
  CHECK(personal["phone"] == "0912345678");
  CHECK(personal["cccd"] == "045190001234");
  CHECK(personal["consent"] == true);
  CHECK(personal["signature_svg_path"].get<std::string>().starts_with("M60.0 100.0L"));
}

TEST_CASE("case numbers survive restarts, never repeat, and start again each day") {
  TempDir dir;
  const auto ctx = demo_context();
  std::set<std::string> codes, tokens;
  for (int run = 0; run < 3; ++run) {  // three starts of the kiosk
    auto store = Store::open(dir.path / "kiosk.db");
    REQUIRE(store);
    for (int i = 0; i < 4; ++i) {
      auto r = offline::submit_request(*store, resident(), ctx, nov25() + minutes(run * 10 + i));
      REQUIRE(r);
      CHECK(codes.insert(r->code).second);
      CHECK(tokens.insert(r->lookup_token).second);
    }
  }
  CHECK(codes.contains("VL01-261125-0012"));
  auto store = Store::open(dir.path / "kiosk.db");
  REQUIRE(store);
  auto next_day = offline::submit_request(*store, resident(), ctx, nov25() + hours(24));
  REQUIRE(next_day);
  CHECK(next_day->code == "VL01-261126-0001");
  // 23:30 UTC on the 25th is already the 26th in Vietnam.
  auto late = offline::submit_request(*store, resident(), ctx,
                                      sys_days{2026y / 11 / 25} + hours(23) + minutes(30));
  REQUIRE(late);
  CHECK(late->code == "VL01-261126-0002");
  // A clock set back to a day already used continues that day's numbers.
  auto back = offline::submit_request(*store, resident(), ctx, nov25());
  REQUIRE(back);
  CHECK(back->code == "VL01-261125-0013");
}

TEST_CASE("ratings go into the same outbox") {
  TempDir dir;
  auto store = Store::open(dir.path / "kiosk.db");
  REQUIRE(store);
  REQUIRE(offline::submit_rating(*store, {4, "Cán bộ hướng dẫn tận tình"}, "VL01", nov25()));
  REQUIRE(offline::submit_rating(*store, {1, ""}, "VL01", nov25()));
  const auto all = rows(store->handle());
  REQUIRE(all.size() == 2);
  CHECK(all[0].kind == "rating");
  CHECK(all[0].sealed_null);
  CHECK(json::parse(all[0].body)["score"] == 4);
  CHECK(json::parse(all[1].body)["score"] == 1);
  CHECK(all[0].key != all[1].key);
  CHECK(*offline::unsent_count(*store) == 2);
}

TEST_CASE("a locked database fails the submit with a clear message and writes nothing") {
  TempDir dir;
  offline::StoreOptions quick;
  quick.busy_timeout_ms = 50;
  auto store = Store::open(dir.path / "kiosk.db", quick);
  REQUIRE(store);
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open((dir.path / "kiosk.db").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto r = offline::submit_request(*store, resident(), demo_context(), nov25());
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == offline::StoreErrorKind::Locked);
  CHECK_FALSE(r.error().message_vi.empty());
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  // Once free, the same draft goes in, and takes number 1: the failed try used nothing.
  auto again = offline::submit_request(*store, resident(), demo_context(), nov25());
  REQUIRE(again);
  CHECK(again->code == "VL01-261125-0001");
}

TEST_CASE("a full disk fails the submit with a clear message and writes nothing") {
  TempDir dir;
  const fs::path mnt = dir.path / "small";
  fs::create_directories(mnt);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=1m") != 0) {
    MESSAGE("cannot mount a tmpfs here (not root?): the disk-full case is not exercised");
    return;
  }
  {
    auto store = Store::open(mnt / "kiosk.db");
    REQUIRE(store);
    {
      std::ofstream filler(mnt / "filler", std::ios::binary);
      const std::string block(4096, '\0');
      while (filler.write(block.data(), std::streamsize(block.size())) && filler.flush()) {
      }
    }
    int failures = 0;
    offline::StoreError last;
    for (int i = 0; i < 50 && failures == 0; ++i) {  // WAL slack may take a few rows first
      auto r = offline::submit_request(*store, resident(), demo_context(), nov25());
      if (!r) {
        ++failures;
        last = r.error();
      }
    }
    CHECK(failures == 1);
    CHECK(last.kind == offline::StoreErrorKind::DiskFull);
    CHECK(last.message_vi.find("đầy") != std::string::npos);
    fs::remove(mnt / "filler");
    auto after = offline::submit_request(*store, resident(), demo_context(), nov25());
    CHECK(after.has_value());
    CHECK(sqlite3_exec(store->handle(), "PRAGMA integrity_check", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  }
  ::umount2(mnt.c_str(), MNT_DETACH);
}

TEST_CASE("killed right after receipts were shown, the kiosk finds every row intact") {
  TempDir dir;
  const fs::path file = dir.path / "kiosk.db";
  { REQUIRE(Store::open(file)); }
  std::mt19937 rng(20261125);
  std::map<std::string, int> promised;  // code → receipts shown for it
  for (int round = 0; round < 40; ++round) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // the kiosk: submit, and "show the receipt" (write its code) after commit
      ::close(fds[0]);
      auto store = Store::open(file);
      if (!store) ::_exit(3);
      const auto ctx = demo_context();
      for (int i = 0; i < 1000; ++i) {
        auto r = offline::submit_request(*store, resident(), ctx, system_clock::now());
        if (!r) ::_exit(4);
        const std::string line = r->code + "\n";
        if (::write(fds[1], line.data(), line.size()) < 0) ::_exit(5);
      }
      ::_exit(0);
    }
    ::close(fds[1]);
    const int wanted = 1 + int(rng() % 6);
    std::string buffer;
    int seen = 0;
    char chunk[256];
    while (seen < wanted) {
      const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
      if (n <= 0) break;
      buffer.append(chunk, std::size_t(n));
      seen = int(std::count(buffer.begin(), buffer.end(), '\n'));
    }
    ::kill(child, SIGKILL);  // mid-way through the next submission, most likely
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    // Read what the pipe still held: those receipts were shown too.
    while (true) {
      const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
      if (n <= 0) break;
      buffer.append(chunk, std::size_t(n));
    }
    ::close(fds[0]);
    std::istringstream lines(buffer);
    for (std::string code; std::getline(lines, code);)
      if (!code.empty()) ++promised[code];
  }
  auto store = Store::open(file);
  REQUIRE(store);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(store->handle(), "PRAGMA integrity_check", -1, &st, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "ok");
  sqlite3_finalize(st);
  std::map<std::string, int> stored;
  for (const auto& row : rows(store->handle())) ++stored[row.code];
  CHECK(promised.size() >= 40);
  for (const auto& [code, shown] : promised) {
    CAPTURE(code);
    CHECK(shown == 1);
    CHECK(stored[code] == 1);
  }
  MESSAGE(promised.size() << " receipts shown, " << stored.size() << " rows stored");
}
