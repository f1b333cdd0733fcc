// Looking a case up as the status screen does, against the real portal on loopback: online, from
// the cache when the portal is gone, from the outbox before it was ever sent, and the refusals.
// And the serial scanner, through a pseudo-terminal pair.
#include <doctest/doctest.h>

#include <pty.h>
#include <qrencode.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "camera_scanner.hpp"
#include "case_state.hpp"
#include "live_portal.hpp"
#include "lookup.hpp"
#include "serial_scanner.hpp"
#include "sync_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using namespace sync_support;

namespace {

struct Case {
  std::string code, token;
};

// The cases queued in the terminal's outbox, oldest first.
std::vector<Case> cases_in(const fs::path& db) {
  auto store = offline::Store::open(db);
  REQUIRE(store);
  std::vector<Case> out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(store->handle(),
                     "SELECT case_code, json_extract(body, '$.lookup_token') FROM outbox "
                     "WHERE kind = 'request' ORDER BY id",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    out.push_back({reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                   reinterpret_cast<const char*>(sqlite3_column_text(st, 1))});
  sqlite3_finalize(st);
  return out;
}

offline::LookupResult look(const fs::path& db, const std::optional<offline::SyncConfig>& c,
                           const Case& k, long timeout_ms = 2000) {
  auto store = offline::Store::open(db);
  REQUIRE(store);
  return offline::lookup_case(*store, c, k.code, k.token, timeout_ms);
}

}  // namespace

TEST_CASE("lookup: before it is sent the case shows as received here, waiting to be sent") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 1, 0);
  const auto k = cases_in(db).at(0);
  const auto r = look(db, config_for(p), k);
  CHECK(r.outcome == kiosk::LookupOutcome::Found);
  CHECK(r.view.source == kiosk::CaseSource::Outbox);
  CHECK(r.view.status == "queued");
  CHECK_FALSE(r.view.answer_due.empty());
  // The wrong lookup code finds nothing, even here, and looks exactly like an unknown code.
  const auto wrong = look(db, std::nullopt, {k.code, "AAAAAAAA"});
  CHECK(wrong.outcome != kiosk::LookupOutcome::Found);
  CHECK(wrong.outcome == look(db, std::nullopt, {"VL01-991231-9999", "AAAAAAAA"}).outcome);
  CHECK(look(db, config_for(p), {k.code, "AAAAAAAA"}).outcome == kiosk::LookupOutcome::NotFound);
}

TEST_CASE("lookup: online after sync, then from the cache with its time when the portal is gone") {
  TempDir ca;
  const fs::path db = ca.path / "kiosk.db";
  Case k;
  offline::SyncConfig c;
  {
    LivePortal p(0, ca.path / "ca");
    queue(db, 1, 0);
    c = config_for(p);
    drain_all_simple(db, c);
    k = cases_in(db).at(0);
    REQUIRE(p.server->service().move_case(k.code, "accept", {{"note", "Đã tiếp nhận"}}).status ==
            200);
    const auto r = look(db, c, k);
    REQUIRE(r.outcome == kiosk::LookupOutcome::Found);
    CHECK(r.view.source == kiosk::CaseSource::Online);
    CHECK(r.view.status == "accepted");
    CHECK(r.view.history.size() == 2);
    CHECK(r.view.agency_name == "Uỷ ban nhân dân xã Vĩnh Linh");
    CHECK(look(db, c, {k.code, "AAAAAAAA"}).outcome == kiosk::LookupOutcome::NotFound);
  }
  // The portal is gone: the last answer, with the time it was fetched.
  const auto started = std::chrono::steady_clock::now();
  const auto r = look(db, c, k, 500);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  REQUIRE(r.outcome == kiosk::LookupOutcome::Found);
  CHECK(r.view.source == kiosk::CaseSource::Cache);
  CHECK(r.view.status == "accepted");
  CHECK(r.view.fetched_at.substr(0, 4) == "2026");
  // A case this terminal never saw, with no portal: unreachable, not "not found".
  CHECK(look(db, c, {"VL01-991231-9999", "AAAAAAAA"}).outcome == kiosk::LookupOutcome::Unreachable);
  CHECK(look(db, std::nullopt, {"VL01-991231-9999", "AAAAAAAA"}).outcome ==
        kiosk::LookupOutcome::Unreachable);
}

TEST_CASE("lookup: a case sent from another terminal is found online only") {
  LivePortal p;
  queue(p.dir.path / "other.db", 1, 0);
  drain_all_simple(p.dir.path / "other.db", config_for(p));
  const auto k = cases_in(p.dir.path / "other.db").at(0);
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 0, 0);
  const auto r = look(db, config_for(p), k);
  CHECK(r.outcome == kiosk::LookupOutcome::Found);
  CHECK(r.view.status == "received");
  CHECK(r.view.source == kiosk::CaseSource::Online);
}

// ---- the serial scanner through a pseudo-terminal --------------------------------------------

namespace {

struct Pty {
  int master = -1, slave = -1;
  std::string path;
  Pty() {
    char name[256];
    REQUIRE(openpty(&master, &slave, name, nullptr, nullptr) == 0);
    path = name;
  }
  void write_all(const std::string& s) const {
    REQUIRE(::write(master, s.data(), s.size()) == ssize_t(s.size()));
  }
  void close_all() {
    if (slave >= 0) ::close(slave);
    if (master >= 0) ::close(master);
    slave = master = -1;
  }
  ~Pty() { close_all(); }
};

struct Scans {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> got;
  std::vector<device::ScannerState> states;
  bool wait_count(std::size_t n, std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, limit, [&] { return got.size() >= n; });
  }
  bool wait_state(device::ScannerState s, std::size_t nth, std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, limit, [&] {
      return std::count(states.begin(), states.end(), s) >= std::ptrdiff_t(nth);
    });
  }
};

}  // namespace

TEST_CASE(
    "serial scanner: lines become scans, noise is dropped, unplugged it waits and comes back") {
  TempDir dir;
  const fs::path link = dir.path / "scanner";  // the configured port follows the device
  auto pty = std::make_unique<Pty>();
  fs::create_symlink(pty->path, link);
  Scans scans;
  device::SerialScannerConfig c;
  c.port = link;
  c.retry = 50ms;
  device::SerialScanner scanner(
      c,
      [&](std::string s) {
        std::lock_guard lock(scans.m);
        scans.got.push_back(std::move(s));
        scans.cv.notify_all();
      },
      [&](device::ScannerState st, const std::string&) {
        std::lock_guard lock(scans.m);
        scans.states.push_back(st);
        scans.cv.notify_all();
      });
  scanner.start();
  REQUIRE(scans.wait_state(device::ScannerState::Connected, 1));
  const std::string url = "https://localhost:8443/c/VL01-261125-0001?t=620MPBXF";
  pty->write_all(url + "\r\n");
  pty->write_all(std::string(5000, 'x') + "\r");  // a flood without an end is not a scan
  pty->write_all("VL01-261125-0002\n");
  REQUIRE(scans.wait_count(2));
  {
    std::lock_guard lock(scans.m);
    CHECK(scans.got[0] == url);
    CHECK(scans.got[1] == "VL01-261125-0002");
  }
  // Unplugged: the device goes away; plugged in again (a new device node), it reads again.
  pty->close_all();
  REQUIRE(scans.wait_state(device::ScannerState::Searching, 1));
  auto again = std::make_unique<Pty>();
  fs::remove(link);
  fs::create_symlink(again->path, link);
  REQUIRE(scans.wait_state(device::ScannerState::Connected, 2));
  again->write_all("VL01-261125-0003\r");
  REQUIRE(scans.wait_count(3));
  scanner.stop();
  std::lock_guard lock(scans.m);
  CHECK(scans.got.size() == 3);
  CHECK(scans.got[2] == "VL01-261125-0003");
}

// ---- the phone status page, as a phone's browser renders it ---------------------------------

namespace {

// The page's text after Chromium (headless) loaded and rendered it.
std::string rendered(const std::string& url) {
  const std::string cmd =
      "chromium --headless=new --no-sandbox --disable-gpu --ignore-certificate-errors "
      "--user-data-dir=$(mktemp -d) --dump-dom '" +
      url + "' 2>/dev/null";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  CHECK(pclose(p) == 0);
  return out;
}

}  // namespace

TEST_CASE("the phone page, rendered by Chromium, says what the kiosk says, in vi and en") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 1, 0);
  drain_all_simple(db, config_for(p));
  const auto k = cases_in(db).at(0);
  auto& svc = p.server->service();
  REQUIRE(svc.move_case(k.code, "accept", json::object()).status == 200);
  REQUIRE(svc.move_case(k.code, "answer", {{"summary", "Giá bồi thường theo bảng giá đất 2026."}})
              .status == 200);
  const std::string url =
      "https://localhost:" + std::to_string(p.port) + "/c/" + k.code + "?t=" + k.token;
  const auto kiosk_view = look(db, config_for(p), k);
  REQUIRE(kiosk_view.outcome == kiosk::LookupOutcome::Found);
  const auto state = kiosk::case_state_text(kiosk_view.view.status);
  const std::string vi = rendered(url);
  // As a phone shows it, with the page's Content-Security-Policy in force: to be looked at.
  fs::create_directories(KIOSK_BIN_DIR "/../screens");
  CHECK(std::system(("chromium --headless=new --no-sandbox --disable-gpu "
                     "--ignore-certificate-errors --hide-scrollbars --window-size=412,915 "
                     "--user-data-dir=$(mktemp -d) --screenshot=" KIOSK_BIN_DIR
                     "/../screens/phone-page.png '" +
                     url + "' >/dev/null 2>&1")
                        .c_str()) == 0);
  CHECK(vi.find(std::string(state.vi)) != std::string::npos);  // the same words as the kiosk
  CHECK(vi.find(k.code) != std::string::npos);
  CHECK(vi.find("Giá bồi thường theo bảng giá đất 2026.") != std::string::npos);
  CHECK(vi.find("khiếu nại, tố cáo") != std::string::npos);
  CHECK(vi.find("Lê Văn An") == std::string::npos);  // no personal data on a public page
  const std::string en = rendered(url + "&lang=en");
  CHECK(en.find(std::string(state.en)) != std::string::npos);
  CHECK(rendered("https://localhost:" + std::to_string(p.port) + "/c/" + k.code + "?t=AAAAAAAA")
            .find("Không tìm thấy hồ sơ") != std::string::npos);
}

// ---- the camera: frames decoded with zxing-cpp ------------------------------------------------

namespace {

// A camera frame (YUYV, 640×480) showing `text` as a QR code, `scale` pixels a module, on a grey
// desk with some noise, the code off-centre.
std::vector<std::uint8_t> yuyv_frame_with_qr(const std::string& text, int scale) {
  const int w = 640, h = 480;
  std::vector<std::uint8_t> frame(std::size_t(w * h * 2), 128);
  QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  REQUIRE(qr);
  const int quiet = 4, size = (qr->width + 2 * quiet) * scale, x0 = 150, y0 = 60;
  REQUIRE(x0 + size < w);
  REQUIRE(y0 + size < h);
  unsigned noise = 12345;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      noise = noise * 1103515245u + 12345u;
      int luma = 120 + int((noise >> 16) % 30);
      const int mx = (x - x0) / scale - quiet, my = (y - y0) / scale - quiet;
      if (x >= x0 && y >= y0 && x < x0 + size && y < y0 + size) {
        const bool dark = mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
                          (qr->data[my * qr->width + mx] & 1);
        luma = dark ? 30 + int((noise >> 8) % 20) : 220 + int((noise >> 8) % 20);
      }
      frame[std::size_t((y * w + x) * 2)] = std::uint8_t(luma);  // Y; U and V stay grey
    }
  QRcode_free(qr);
  return frame;
}

}  // namespace

TEST_CASE("camera: a receipt's QR in a camera frame is read, an empty desk is not") {
  const std::string url = "https://localhost:8443/c/VL01-261125-0001?t=620MPBXF";
  for (int scale : {3, 5}) {
    CAPTURE(scale);
    const auto frame = yuyv_frame_with_qr(url, scale);
    const auto got = device::decode_qr_luma(frame.data(), 640, 480, 640 * 2, 2);
    REQUIRE(got.has_value());
    CHECK(*got == url);
  }
  std::vector<std::uint8_t> desk(640 * 480 * 2, 128);
  CHECK_FALSE(device::decode_qr_luma(desk.data(), 640, 480, 640 * 2, 2).has_value());
  CHECK_FALSE(device::decode_qr_luma(nullptr, 0, 0, 0).has_value());
}

TEST_CASE("camera: without a camera the scanner says so and stops cleanly") {
  TempDir dir;
  std::mutex m;
  std::condition_variable cv;
  std::string why;
  device::CameraConfig c;
  c.device = dir.path / "video9";  // no such device
  device::CameraScanner cam(
      c, [](std::string) { FAIL("no scan without a camera"); },
      [&](device::CameraState st, const std::string& w) {
        std::lock_guard lock(m);
        if (st == device::CameraState::Unavailable) why = w;
        cv.notify_all();
      });
  cam.start();
  {
    std::unique_lock lock(m);
    REQUIRE(cv.wait_for(lock, 5s, [&] { return !why.empty(); }));
  }
  CHECK(why.find("cannot open") != std::string::npos);
  cam.stop();
  CHECK_FALSE(cam.running());
  // A file that is not a camera: refused the same way.
  std::ofstream(dir.path / "notacam") << "x";
  c.device = dir.path / "notacam";
  device::CameraScanner file_cam(c, [](std::string) {});
  file_cam.start();
  file_cam.stop();
}

TEST_CASE("lookup by the last 4 digits of the phone: online only, and limited by the portal") {
  LivePortal p;
  const fs::path db = p.dir.path / "kiosk.db";
  queue(db, 1, 0);
  drain_all_simple(db, config_for(p));
  const auto k = cases_in(db).at(0);
  auto r = offline::lookup_case_by_phone(config_for(p), k.code, "5678", 2000);
  CHECK(r.outcome == kiosk::LookupOutcome::Found);
  CHECK(r.view.code == k.code);
  CHECK(offline::lookup_case_by_phone(config_for(p), k.code, "1111", 2000).outcome ==
        kiosk::LookupOutcome::NotFound);
  CHECK(offline::lookup_case_by_phone(std::nullopt, k.code, "5678", 2000).outcome ==
        kiosk::LookupOutcome::Unreachable);
  for (int i = 0; i < 5; ++i)
    (void)offline::lookup_case_by_phone(config_for(p), k.code, "2222", 2000);
  CHECK(offline::lookup_case_by_phone(config_for(p), k.code, "5678", 2000).outcome ==
        kiosk::LookupOutcome::TooManyTries);
}
