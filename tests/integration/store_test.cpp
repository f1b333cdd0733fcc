// The SQLite store on real files: pragmas, migrations, and the clear errors a technician needs.
#include <doctest/doctest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "outbox.hpp"
#include "store.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using offline::Store;
using offline::StoreErrorKind;

namespace {

int pragma_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

void check_messages(const offline::StoreError& e) {
  CHECK_FALSE(e.message_vi.empty());
  CHECK_FALSE(e.message_en.empty());
  CHECK(e.message_vi != e.message_en);
}

}  // namespace

TEST_CASE("a new store is WAL, synchronous=FULL, foreign keys on, at the latest schema") {
  TempDir dir;
  auto store = Store::open(dir.path / "state" / "kiosk.db");  // the folder is made as needed
  REQUIRE(store);
  CHECK(store->schema_version() == Store::latest_schema_version());
  CHECK(store->journal_mode().value() == "wal");
  CHECK(pragma_int(store->handle(), "PRAGMA synchronous") == 2);
  CHECK(pragma_int(store->handle(), "PRAGMA foreign_keys") == 1);
  CHECK(pragma_int(store->handle(), "PRAGMA user_version") == Store::latest_schema_version());
  CHECK(offline::unsent_count(*store).value() == 0);
}

TEST_CASE("reopening keeps the data and does not migrate twice") {
  TempDir dir;
  const fs::path file = dir.path / "kiosk.db";
  {
    auto store = Store::open(file);
    REQUIRE(store);
    REQUIRE(sqlite3_exec(store->handle(),
                         "INSERT INTO outbox(kind, idempotency_key, body, created_at) "
                         "VALUES ('rating', 'k1', '{}', '2026-11-23T10:00:00+07:00'),"
                         "       ('request', 'k2', '{}', '2026-11-23T10:01:00+07:00')",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  auto again = Store::open(file);
  REQUIRE(again);
  CHECK(offline::unsent_count(*again).value() == 2);
  CHECK(again->schema_version() == Store::latest_schema_version());
}

TEST_CASE("the outbox refuses a second row with the same idempotency key") {
  TempDir dir;
  auto store = Store::open(dir.path / "kiosk.db");
  REQUIRE(store);
  const char* insert =
      "INSERT INTO outbox(kind, idempotency_key, body, created_at) VALUES ('rating', 'same', '{}', "
      "'now')";
  CHECK(sqlite3_exec(store->handle(), insert, nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK((sqlite3_exec(store->handle(), insert, nullptr, nullptr, nullptr) & 0xFF) ==
        SQLITE_CONSTRAINT);
}

TEST_CASE("a file that is not a database is reported as damaged, and left as it was") {
  TempDir dir;
  const fs::path file = dir.path / "kiosk.db";
  std::ofstream(file) << "these are not the pages you are looking for, this is plain text. "
                      << std::string(8192, 'x');
  const auto size_before = fs::file_size(file);
  auto store = Store::open(file);
  REQUIRE_FALSE(store);
  CHECK(store.error().kind == StoreErrorKind::Corrupt);
  check_messages(store.error());
  CHECK(fs::file_size(file) == size_before);
}

TEST_CASE("a folder where the file should be is reported as unreadable") {
  TempDir dir;
  fs::create_directories(dir.path / "kiosk.db");
  auto store = Store::open(dir.path / "kiosk.db");
  REQUIRE_FALSE(store);
  CHECK(store.error().kind == StoreErrorKind::Unreadable);
  check_messages(store.error());
}

TEST_CASE("a state folder that cannot be created is reported as unreadable") {
  TempDir dir;
  std::ofstream(dir.path / "plain-file") << "x";
  auto store = Store::open(dir.path / "plain-file" / "kiosk.db");
  REQUIRE_FALSE(store);
  CHECK(store.error().kind == StoreErrorKind::Unreadable);
}

TEST_CASE("a database held by another writer is reported as locked after the busy timeout") {
  TempDir dir;
  const fs::path file = dir.path / "kiosk.db";
  { REQUIRE(Store::open(file)); }
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto store = Store::open(file, {.busy_timeout_ms = 100});
  REQUIRE_FALSE(store);
  CHECK(store.error().kind == StoreErrorKind::Locked);
  check_messages(store.error());
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  CHECK(Store::open(file));  // and works again once the other writer is gone
}

TEST_CASE("a database from a newer kiosk is refused, not downgraded") {
  TempDir dir;
  const fs::path file = dir.path / "kiosk.db";
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = Store::open(file);
  REQUIRE_FALSE(store);
  CHECK(store.error().kind == StoreErrorKind::TooNew);
  check_messages(store.error());
}

TEST_CASE("a full disk is reported as full") {
  TempDir dir;
  const fs::path mnt = dir.path / "small";
  fs::create_directories(mnt);
  // A real filesystem that runs out of space: a 1 MiB tmpfs (needs root, as in CI).
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=1m") != 0) {
    MESSAGE("cannot mount a tmpfs here (not root?): the disk-full case is not exercised");
    return;
  }
  const fs::path file = mnt / "kiosk.db";
  {
    auto store = Store::open(file);
    REQUIRE(store);
  }
  {  // fill every remaining block
    std::ofstream filler(mnt / "filler", std::ios::binary);
    const std::string block(4096, '\0');
    while (filler.write(block.data(), std::streamsize(block.size())) && filler.flush()) {
    }
  }
  auto store = Store::open(file);
  CHECK_FALSE(store);
  if (!store) {
    CHECK(store.error().kind == StoreErrorKind::DiskFull);
    check_messages(store.error());
  }
  ::umount2(mnt.c_str(), MNT_DETACH);
}

TEST_CASE("two programs opening a new store at once migrate it once, both succeed") {
  TempDir dir;
  const auto file = dir.path / "kiosk.db";
  std::vector<std::thread> openers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    openers.emplace_back([&] {
      if (Store::open(file)) ++ok;
    });
  for (auto& t : openers) t.join();
  CHECK(ok == 8);
  auto store = Store::open(file);
  REQUIRE(store);
  CHECK(pragma_int(store->handle(), "PRAGMA user_version") == Store::latest_schema_version());
}

TEST_CASE(
    "the state folder is 0700 and the database and its WAL files 0600, an old 0644 file too") {
  TempDir dir;
  namespace fs = std::filesystem;
  const fs::path state = dir.path / "state";
  {
    auto store = offline::Store::open(state / "kiosk.db");
    REQUIRE(store);
    const auto mode = [](const fs::path& p) { return fs::status(p).permissions(); };
    CHECK(mode(state) == fs::perms::owner_all);
    for (const char* f : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"})
      CHECK_MESSAGE(mode(state / f) == (fs::perms::owner_read | fs::perms::owner_write), f);
  }
  fs::permissions(state / "kiosk.db", fs::perms::owner_read | fs::perms::owner_write |
                                          fs::perms::group_read | fs::perms::others_read);
  auto again = offline::Store::open(state / "kiosk.db");
  REQUIRE(again);
  CHECK(fs::status(state / "kiosk.db").permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("integrity_check says ok on a sound file and names the damage on a damaged one") {
  TempDir dir;
  const fs::path file = dir.path / "kiosk.db";
  {
    auto store = Store::open(file);
    REQUIRE(store);
    CHECK(store->integrity_check().value() == "ok");
    // Enough rows for the settings table and its index to take pages of their own.
    for (int i = 0; i < 400; ++i)
      REQUIRE(offline::set_setting(*store, "filler-" + std::to_string(i), std::string(200, 'x')));
    REQUIRE(sqlite3_exec(store->handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
  }
  // A stray write in the middle of the file (what a disk's fault would leave).
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff(fs::file_size(file) / 2));
    const std::string junk(3000, '\x5a');
    f.write(junk.data(), std::streamsize(junk.size()));
  }
  auto store = Store::open(file);
  if (store) {
    const auto found = store->integrity_check();
    const std::string said = found ? *found : found.error().detail;
    CAPTURE(said);
    CHECK(said != "ok");
    CHECK_FALSE(said.empty());
  } else {
    check_messages(store.error());  // too damaged to open: said so, in both languages
  }
}
