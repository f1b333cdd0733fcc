// "Tra cứu hồ sơ" in the real window: a receipt's QR read by a keyboard-wedge scanner, the case's
// state from the real portal, the cache when the portal is gone, an overdue case in red, a typed
// code, and a person typing on a USB keyboard, which is neither a scan nor text in a box.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "demo.hpp"
#include "driver.hpp"
#include "live_portal.hpp"
#include "outbox.hpp"
#include "request.hpp"
#include "sync.hpp"

namespace fs = std::filesystem;
using kiosk::Screen;

namespace {

using uitest::shot;
using uitest::wait_until;

// A case committed in the kiosk's own store at `when`; returns its receipt.
kiosk::Receipt committed(const fs::path& state, std::chrono::system_clock::time_point when) {
  fs::create_directories(state);
  auto store = offline::Store::open(state / "kiosk.db");
  REQUIRE(store);
  const auto ctx = demo::context();
  REQUIRE(ctx);
  auto receipt = offline::submit_request(*store, demo::resident(), *ctx, when);
  REQUIRE(receipt);
  return *receipt;
}

std::unique_ptr<app::App> kiosk_for(LivePortal& portal, const fs::path& state, int port = -1) {
  const auto o = uitest::run_options(
      state, {"--portal", "https://localhost:" + std::to_string(port < 0 ? portal.port : port),
              "--portal-token", portal.token, "--portal-ca", (portal.ca_dir / "ca.pem").string(),
              "--scanner-port", "off"});
  std::string error;
  auto app = app::App::create(o, {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  return app;
}

}  // namespace

TEST_CASE("a receipt's QR at the scanner: the answered case, online, then from the cache") {
  LivePortal portal;
  const fs::path state = portal.dir.path / "kiosk";
  const kiosk::Receipt rc = committed(state, std::chrono::system_clock::now());
  const std::string url = kiosk::status_url("https://localhost:8443", rc.code, rc.lookup_token);
  auto app = kiosk_for(portal, state);
  // Before it is sent (the engine has not run a pass yet, or has): either way the case is found.
  REQUIRE(wait_until(*app, [&] { return app->state().shell.connectivity.queued == 0; }));
  auto& svc = portal.server->service();
  REQUIRE(svc.move_case(rc.code, "accept", {{"note", "Đã tiếp nhận"}}).status == 200);
  REQUIRE(
      svc.move_case(rc.code, "answer",
                    {{"summary", "Giá bồi thường áp dụng theo bảng giá đất năm 2026 của tỉnh."}})
          .status == 200);
  // The QR's URL names this terminal's configured portal (localhost:8443), not the test's port.
  app.reset();
  const auto o =
      uitest::run_options(state, {"--portal", "https://localhost:" + std::to_string(portal.port),
                                  "--portal-token", portal.token, "--portal-ca",
                                  (portal.ca_dir / "ca.pem").string(), "--scanner-port", "off"});
  std::string error;
  app = app::App::create(o, {}, error);
  REQUIRE(app);
  app->open_store();
  const std::string our_url = kiosk::status_url("https://localhost:" + std::to_string(portal.port),
                                                rc.code, rc.lookup_token);
  uitest::wedge_scan(*app, our_url);
  REQUIRE(wait_until(*app, [&] { return app->state().screen == Screen::StatusResult; }));
  const auto& view = app->state().lookup.view;
  CHECK(view.status == "answered");
  CHECK(view.source == kiosk::CaseSource::Online);
  CHECK(view.answer_summary.find("bảng giá đất") != std::string::npos);
  shot(*app, "status-answered");
  uitest::tap(*app, "status.another");
  CHECK(app->state().screen == Screen::StatusLookup);
  // A foreign QR (the demo URL on port 8443 is not this kiosk's portal here) says why.
  uitest::wedge_scan(*app, url + "x");
  CHECK(app->state().lookup.scan_error != kiosk::PayloadError::None);
  shot(*app, "status-foreign-qr");
  app.reset();

  // The portal goes away: the same scan shows the last answer, with its time.
  portal.server->stop();
  app = app::App::create(o, {}, error);
  REQUIRE(app);
  app->open_store();
  uitest::wedge_scan(*app, our_url);
  REQUIRE(wait_until(*app, [&] { return app->state().screen == Screen::StatusResult; }));
  CHECK(app->state().lookup.view.source == kiosk::CaseSource::Cache);
  CHECK(app->state().lookup.view.status == "answered");
  shot(*app, "status-offline-cache");
}

TEST_CASE("an overdue case says so in red, and a typed code and lookup code work too") {
  LivePortal portal;
  const fs::path state = portal.dir.path / "kiosk";
  // Received five weeks ago and never acted on.
  const kiosk::Receipt rc =
      committed(state, std::chrono::system_clock::now() - std::chrono::days(35));
  auto app = kiosk_for(portal, state);
  REQUIRE(wait_until(*app, [&] { return app->state().shell.connectivity.queued == 0; }));
  uitest::tap(*app, "tile.status");
  CHECK(app->state().screen == Screen::StatusLookup);
  shot(*app, "status-lookup");
  uitest::tap(*app, "box.status_code");
  std::string lower = rc.code;
  for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  uitest::type(*app, lower);
  uitest::tap(*app, "box.status_token");
  std::string token = rc.lookup_token;
  for (char& c : token) c = char(std::tolower(static_cast<unsigned char>(c)));
  uitest::type(*app, token);
  CHECK(app->state().lookup.code == rc.code);
  uitest::tap(*app, "status.lookup");
  REQUIRE(wait_until(*app, [&] { return app->state().screen == Screen::StatusResult; }));
  CHECK(app->state().lookup.view.status == "received");
  shot(*app, "status-overdue");
}

TEST_CASE("a person typing on a USB keyboard is not a scan and types into no box") {
  LivePortal portal;
  const fs::path state = portal.dir.path / "kiosk";
  auto app = kiosk_for(portal, state);
  uitest::tap(*app, "tile.status");
  uitest::tap(*app, "box.status_code");
  uitest::type_on_keyboard(*app, "VL01-261125-0001", 90);
  CHECK(app->state().screen == Screen::StatusLookup);
  CHECK(app->state().lookup.code.empty());
  CHECK(app->state().lookup.lookup != kiosk::Lookup::Waiting);
  // A scanner's burst while a box has focus: a scan, and still nothing typed into the box.
  uitest::wedge_scan(*app, "VL01-261125-0001");
  CHECK(app->state().lookup.code == "VL01-261125-0001");
  CHECK(app->state().entry.focus == kiosk::TextField::StatusToken);
  CHECK(app->state().lookup.token.empty());
}

TEST_CASE("answers the agency published reach the terminal and can be read there") {
  LivePortal portal;
  const fs::path state = portal.dir.path / "kiosk";
  const kiosk::Receipt rc = committed(state, std::chrono::system_clock::now());
  auto app = kiosk_for(portal, state);
  REQUIRE(wait_until(*app, [&] { return app->state().shell.connectivity.queued == 0; }));
  auto& svc = portal.server->service();
  REQUIRE(svc.move_case(rc.code, "accept", nlohmann::json::object()).status == 200);
  REQUIRE(svc.move_case(rc.code, "answer",
                        {{"summary",
                          "Giá bồi thường áp dụng theo bảng giá đất năm 2026 của tỉnh "
                          "Quảng Trị, đã điều chỉnh hệ số theo vị trí thửa đất."}})
              .status == 200);
  REQUIRE(svc.move_case(rc.code, "publish", nlohmann::json::object()).status == 200);
  // The next sync pass (a new kiosk start here) pulls the published list.
  app.reset();
  app = kiosk_for(portal, state);
  uitest::tap(*app, "tile.status");
  REQUIRE(wait_until(
      *app, [&] { return app->find_hit("status.public").has_value(); }, 2000));
  uitest::tap(*app, "status.public");
  CHECK(app->state().screen == Screen::PublicAnswers);
  shot(*app, "public-answers");
  auto store = offline::Store::open(state / "kiosk.db");
  REQUIRE(store);
  const auto kept = kiosk::parse_public_answers(offline::load_public_answers(*store));
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].summary.find("bảng giá đất năm 2026") != std::string::npos);
  CHECK(kept[0].question == "Vì sao giá bồi thường thấp hơn giá thị trường?");
  CHECK(kept[0].agency_name == "Uỷ ban nhân dân xã Vĩnh Linh");
}
