// Technicians in the real window: a terminal's first boot (technician PIN, a provisioning QR held
// to the scanner, enrollment with the real portal, ready), then technician mode through the hidden
// corner: the terminal's facts, the network checked, the scanner test, the touch grid.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "driver.hpp"
#include "live_portal.hpp"
#include "provision.hpp"
#include "provisioning.hpp"
#include "theme.hpp"

#include <stb_image.h>

namespace fs = std::filesystem;
using kiosk::Screen;
using uitest::shot;
using uitest::wait_until;

namespace {

// A terminal as the OS image installs it: no portal known yet; its store open.
std::unique_ptr<app::App> first_boot(const TempDir& state, std::vector<std::string> extra = {}) {
  std::ofstream(state.path / "kiosk.json") << nlohmann::json{
      {"terminal_id", "NEW"},
      {"catalog_file", KIOSK_SHARE_DIR "/demo/catalog.json"},
      {"printer", {{"transport", "off"}}}}.dump();
  std::vector<std::string> args = {
      "--config", (state.path / "kiosk.json").string(), "--scanner-port", "off", "--camera", "off"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::string error;
  auto app = app::App::create(uitest::run_options(state.path / "data", args), {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  return app;
}

}  // namespace

TEST_CASE("first boot: technician PIN, provisioning QR, enrolled and ready, then technician mode") {
  LivePortal portal;
  TempDir state;
  auto app = first_boot(state);
  REQUIRE(app->state().screen == Screen::Provisioning);
  CHECK(app->state().shell.needs_provisioning);
  CHECK_FALSE(app->state().shell.technician_pin_set);
  shot(*app, "provisioning-first-boot");

  uitest::tap(*app, "box.tech_pin_new");
  uitest::type(*app, "482915");
  uitest::tap(*app, "box.tech_pin_again");
  uitest::type(*app, "482916");
  uitest::tap(*app, "key.done");
  uitest::wedge_scan(*app, "WIFI:S:quan-ca-phe;T:WPA;P:12345678;;");  // not ours
  CHECK(app->state().provisioning.error == kiosk::ProvisioningError::NotProvisioning);
  uitest::tap(*app, "prov.go");
  CHECK(app->state().provisioning.pin_mismatch);  // the two PINs differ: nothing is sent
  shot(*app, "provisioning-pin-mismatch");
  uitest::tap(*app, "box.tech_pin_again");
  uitest::tap(*app, "key.backspace");
  uitest::type(*app, "5");
  uitest::tap(*app, "key.done");

  std::ifstream in(portal.ca_dir / "ca.pem");
  const std::string pem((std::istreambuf_iterator<char>(in)), {});
  kiosk::Provisioning p{
      "https://localhost:" + std::to_string(portal.port),
      portal.server->service().make_enrollment_code("VL20", std::chrono::minutes(10)).value(),
      *offline::pem_sha256(pem), "vinh-linh"};
  p.code.erase(std::remove(p.code.begin(), p.code.end(), '-'), p.code.end());
  uitest::wedge_scan(*app, kiosk::provisioning_qr(p));
  CHECK(app->state().provisioning.error == kiosk::ProvisioningError::None);
  CHECK(app->state().provisioning.code == p.code);
  shot(*app, "provisioning-scanned");
  uitest::tap(*app, "prov.go");
  REQUIRE(wait_until(
      *app, [&] { return app->state().provisioning.enrolment != kiosk::Enrolment::Waiting; }));
  CHECK(app->state().provisioning.enrolment == kiosk::Enrolment::Done);
  CHECK(app->state().provisioning.terminal_id == "VL20");
  CHECK_FALSE(app->state().shell.needs_provisioning);
  CHECK(app->state().shell.technician_pin_set);
  shot(*app, "provisioning-ready");
  uitest::tap(*app, "prov.home");
  REQUIRE(app->state().screen == Screen::Home);
  CHECK(app->state().shell.portal_url == p.portal_url);
  REQUIRE(wait_until(*app, [&] { return app->state().shell.connectivity.online; }));
  shot(*app, "home-after-provisioning");

  // Technician mode: the hidden corner, then the technician PIN.
  uitest::tap(*app, "home.staff");
  const std::int64_t t0 = app->now_ms() + 5000;  // alone in their window, however slow the build
  for (int i = 0; i < 5; ++i) app->dispatch(kiosk::RequestHiddenTap{t0 + i * 200});
  app->settle();
  REQUIRE(app->state().screen == Screen::StaffPin);
  uitest::type(*app, "482915");
  uitest::tap(*app, "next");
  REQUIRE(wait_until(*app, [&] { return app->state().screen == Screen::Technician; }));
  CHECK(app->state().technician.has_value());
  CHECK_FALSE(app->state().staff.has_value());
  REQUIRE(wait_until(*app, [&] { return !app->state().technician->info.empty(); }));
  bool terminal_line = false;
  for (const auto& l : app->state().technician->info) terminal_line |= l.value == "VL20";
  CHECK(terminal_line);
  shot(*app, "technician-info");

  uitest::tap(*app, "tech.tab.1");
  uitest::tap(*app, "tech.check_network");
  REQUIRE(wait_until(
      *app, [&] { return app->state().technician->network_check == kiosk::NetworkCheck::Done; }));
  REQUIRE(app->state().technician->network.size() == 5);
  for (const auto& l : app->state().technician->network) {
    CAPTURE(int(l.fact));
    CAPTURE(l.value);
    CHECK(l.ok);
  }
  shot(*app, "technician-network");

  uitest::tap(*app, "tech.tab.3");
  uitest::wedge_scan(*app, "HELLO-SCANNER-123");
  CHECK(app->state().technician->scan_test == "HELLO-SCANNER-123");
  CHECK(app->state().screen == Screen::Technician);  // a scan here is a test, not a lookup
  shot(*app, "technician-scanner");

  uitest::tap(*app, "tech.tab.4");
  uitest::tap(*app, "touch.0");
  uitest::tap(*app, "touch.47");
  REQUIRE(app->state().technician->touch_cells.size() == 48);
  CHECK(app->state().technician->touch_cells[0]);
  CHECK(app->state().technician->touch_cells[47]);
  CHECK_FALSE(app->state().technician->touch_cells[20]);
  const float min = kiosk::min_touch_px(app->state().screen == Screen::Technician
                                            ? uitest::run_options(state.path / "data").config
                                            : kiosk::KioskConfig{});
  for (const ui::Hit& h : app->hits()) {
    CAPTURE(h.name);
    CHECK(h.size().x >= min);
    CHECK(h.size().y >= min);
  }
  shot(*app, "technician-touch");

  // Two minutes alone: technician mode closes like staff mode.
  app->dispatch(kiosk::EventTick{app->state().shell.last_activity_ms + 120'000});
  CHECK(app->state().screen == Screen::Home);
  CHECK_FALSE(app->state().technician.has_value());
  app.reset();
}

TEST_CASE("the provisioning form, its message and its button do not overlap on any screen shape") {
  // The provisioning screen as first boot shows it, laid out for outputs of each shape; a code
  // that is not a provisioning QR is scanned, so that the form shows its message too.
  for (const std::string output : {"1280x800", "1366x768", "1280x1024", "1920x1080", "1080x1920"}) {
    CAPTURE(output);
    TempDir state;
    auto app = first_boot(state, {"--output", output});
    std::string error;
    REQUIRE(app->state().screen == Screen::Provisioning);
    uitest::wedge_scan(*app, "WIFI:S:quan-ca-phe;T:WPA;P:12345678;;");
    REQUIRE(app->state().provisioning.error == kiosk::ProvisioningError::NotProvisioning);
    const auto button = app->find_hit("prov.go");
    REQUIRE(button.has_value());
    for (const char* box : {"box.prov_portal", "box.prov_code", "box.prov_ca", "box.prov_center"}) {
      CAPTURE(box);
      const auto hit = app->find_hit(box);
      REQUIRE(hit.has_value());
      CHECK(hit->max.y <= button->min.y);  // the whole field is above the button
    }
    // The message, in the error colour, is drawn and ends above the button.
    const fs::path png = state.path / "provisioning.png";
    REQUIRE_MESSAGE(app->capture(png, error), error);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(png.c_str(), &w, &h, &n, 4);
    REQUIRE(px != nullptr);
    CHECK(w == app->display().width);
    int last_red_row = -1;
    const ImU32 red = ui::theme::kError;  // ABGR
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const unsigned char* p = px + (std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4;
        if (p[0] == (red & 0xFF) && p[1] == ((red >> 8) & 0xFF) && p[2] == ((red >> 16) & 0xFF))
          last_red_row = y;
      }
    stbi_image_free(px);
    CHECK(last_red_row > 0);
    CHECK(last_red_row < int(button->min.y));
    shot(*app, "provisioning-error-" + output);
  }
}
