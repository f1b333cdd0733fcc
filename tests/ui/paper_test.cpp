// Paper in the real window: a receipt printed to a printer (a file, a loopback network printer),
// paper running out while a resident waits, staff reprinting it in staff mode after the PIN, the
// test page, the day's summary, and a status slip from the status screen. Every piece of paper is
// decoded from its ESC/POS bytes and its QR read with zbarimg.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "driver.hpp"
#include "escpos_decoder.hpp"
#include "fake_printer.hpp"
#include "pins.hpp"
#include "request.hpp"

namespace fs = std::filesystem;
using kiosk::PaperState;
using kiosk::Screen;
using uitest::shot;
using uitest::wait_until;

namespace {

constexpr const char* kPin = "482915";

std::vector<std::uint8_t> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The QR on page `page` of an ESC/POS stream; the page is saved under build/screens to be seen.
std::string paper_qr(const std::vector<std::uint8_t>& bytes, std::size_t page,
                     const std::string& name) {
  const auto decoded = testsupport::decode_escpos(bytes);
  REQUIRE_MESSAGE(decoded.error.empty(), decoded.error);
  REQUIRE(decoded.pages.size() > page);
  fs::create_directories(KIOSK_SCREENS_DIR);
  const std::string png = std::string(KIOSK_SCREENS_DIR) + "/" + name + ".png";
  REQUIRE(device::write_png(decoded.pages[page], png));
  return testsupport::zbar_read(png);
}

struct Terminal {
  fs::path state;
  std::unique_ptr<app::App> app;

  Terminal(const std::string& tag, std::vector<std::string> printer, bool with_pin = false) {
    state = fs::temp_directory_path() / ("kiosk-paper-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(state);
    fs::create_directories(state);
    if (with_pin) {
      auto store = offline::Store::open(state / "kiosk.db");
      REQUIRE(store);
      REQUIRE(offline::set_pin(*store, offline::PinRole::Staff, kPin));
    }
    printer.insert(printer.end(), {"--scanner-port", "off", "--camera", "off"});
    std::string error;
    app = app::App::create(uitest::run_options(state, printer), {}, error);
    REQUIRE_MESSAGE(app, error);
    app->open_store();
  }
  ~Terminal() {
    app.reset();
    std::error_code ec;
    fs::remove_all(state, ec);
  }
  std::string url() const {
    const kiosk::Receipt& r = app->state().request.receipt.value();
    return kiosk::status_url("https://localhost:8443", r.code, r.lookup_token);
  }
};

// The hidden corner: one real tap in the window shows the hit area counts; then `n` taps at a
// finger's pace on the app's clock, 5 s later so they count alone (a sanitizer build under load
// taps far slower than a person).
void corner_taps(app::App& app, int n) {
  uitest::tap(app, "home.staff");
  CHECK(app.state().shell.hidden_taps == 1);
  const std::int64_t t0 = app.now_ms() + 5000;
  for (int i = 0; i < n; ++i) app.dispatch(kiosk::RequestHiddenTap{t0 + i * 200});
  app.settle();
}

void sign_in(app::App& app, const std::string& pin) {
  corner_taps(app, 5);
  REQUIRE(app.state().screen == Screen::StaffPin);
  uitest::type(app, pin);
  uitest::tap(app, "next");
  REQUIRE(wait_until(app, [&] { return !app.state().pin.checking; }));
}

}  // namespace

TEST_CASE("the receipt comes out of the printer with the case's QR, and the screen says so") {
  const fs::path out =
      fs::temp_directory_path() / ("kiosk-paper-" + std::to_string(::getpid()) + ".bin");
  fs::remove(out);
  Terminal t("file", {"--printer", "file:" + out.string()});
  uitest::walk_to_review(*t.app);
  uitest::tap(*t.app, "submit");
  REQUIRE(t.app->state().screen == Screen::RequestReceipt);
  REQUIRE(wait_until(*t.app,
                     [&] { return t.app->state().request.receipt_paper == PaperState::Printed; }));
  shot(*t.app, "receipt-printed");
  CHECK(paper_qr(read_bytes(out), 0, "paper-receipt-80") == t.url());
  fs::remove(out);
}

TEST_CASE(
    "paper out: the resident is told and keeps the QR, and staff reprint it once paper is in") {
  testsupport::FakeNetworkPrinter printer;
  printer.paper_out = true;
  Terminal t("out", {"--printer", "tcp:127.0.0.1:" + std::to_string(printer.port), "--paper", "58"},
             true);
  app::App& app = *t.app;
  uitest::walk_to_review(app);
  uitest::tap(app, "submit");
  REQUIRE(app.state().screen == Screen::RequestReceipt);
  REQUIRE(wait_until(app, [&] { return app.state().request.receipt_paper == PaperState::Failed; }));
  CHECK(app.state().request.paper_problem == kiosk::PrinterState::PaperOut);
  CHECK(app.find_hit("receipt.qr").has_value());      // still on screen, to photograph
  CHECK(app.state().shell.connectivity.queued == 1);  // the request is safe
  shot(app, "receipt-paper-out");
  const std::string code = app.state().request.receipt->code;
  const std::string url = t.url();
  uitest::tap(app, "receipt.done");
  CHECK(printer.jobs().empty());

  // Staff: four taps are not enough, the fifth opens the PIN.
  corner_taps(app, 4);
  CHECK(app.state().screen == Screen::Home);
  app.dispatch(kiosk::RequestHiddenTap{app.state().shell.first_hidden_tap_ms + 1000});
  app.settle();
  REQUIRE(app.state().screen == Screen::StaffPin);
  uitest::tap(app, "key.4");
  CHECK(kiosk::field_text(app.state(), kiosk::TextField::StaffPin) == "4");
  shot(app, "staff-pin");
  uitest::tap(app, "key.8");
  uitest::type(app, "2915");
  uitest::tap(app, "next");
  CHECK(kiosk::field_text(app.state(), kiosk::TextField::StaffPin).empty());
  REQUIRE(wait_until(app, [&] { return app.state().screen == Screen::Staff; }));
  REQUIRE(wait_until(app, [&] { return !app.state().staff->overview.today.empty(); }));
  CHECK(app.state().staff->overview.today.front().code == code);
  CHECK(app.state().shell.printer.state == kiosk::PrinterState::PaperOut);
  shot(app, "staff-today");

  uitest::tap(app, "staff.tab.1");
  const auto& jobs = app.state().staff->overview.jobs;
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].state == "failed");
  CHECK(jobs[0].error.starts_with("paper_out"));
  shot(app, "staff-queue-failed");
  printer.paper_out = false;  // staff put a new roll in
  uitest::tap(app, "staff.reprint." + std::to_string(jobs[0].id));
  REQUIRE(wait_until(app, [&] { return printer.jobs().size() == 1; }));
  CHECK(paper_qr(printer.jobs()[0], 0, "paper-receipt-58-reprint") == url);
  REQUIRE(wait_until(app, [&] {
    return !app.state().staff->overview.jobs.empty() &&
           app.state().staff->overview.jobs[0].state == "printed";
  }));
  shot(app, "staff-queue-reprinted");

  // Reprint by code, typed.
  uitest::tap(app, "box.staff_code");
  for (char c : code) uitest::tap(app, std::string("key.") + char(std::tolower(c)));
  uitest::tap(app, "staff.reprint_code");
  REQUIRE(wait_until(app, [&] { return printer.jobs().size() == 2; }));
  CHECK(paper_qr(printer.jobs()[1], 0, "paper-receipt-58-by-code") == url);

  uitest::tap(app, "staff.tab.3");
  shot(app, "staff-printer");
  uitest::tap(app, "staff.test_print");
  REQUIRE(wait_until(app, [&] { return printer.jobs().size() == 3; }));
  CHECK(paper_qr(printer.jobs()[2], 0, "paper-test-page-58") == "GIAITRINH-TEST VL01");

  uitest::tap(app, "staff.tab.0");
  uitest::tap(app, "staff.summary");
  REQUIRE(wait_until(app, [&] { return printer.jobs().size() == 4; }));
  CHECK(paper_qr(printer.jobs()[3], 0, "paper-summary-58").empty());  // no QR, but it decodes

  // Left alone for 2 minutes, staff mode closes by itself and forgets what it showed.
  app.dispatch(kiosk::EventTick{app.state().shell.last_activity_ms + 119'000});
  CHECK(app.state().screen == Screen::Staff);
  app.dispatch(kiosk::EventTick{app.state().shell.last_activity_ms + 120'000});
  CHECK(app.state().screen == Screen::Home);
  CHECK_FALSE(app.state().staff.has_value());
  CHECK(app.state().staff->overview.jobs.empty());
}

TEST_CASE("five wrong staff PINs lock staff mode for a while, even for the right PIN") {
  Terminal t("pin", {"--printer", "off"}, true);
  app::App& app = *t.app;
  for (int i = 1; i <= 5; ++i) {
    sign_in(app, "111111");
    CHECK(app.state().screen == Screen::StaffPin);
    if (i < 5) {
      CHECK(app.state().pin.verdict == kiosk::PinVerdict::Wrong);
      CHECK(app.state().pin.tries_left == 5 - i);
      uitest::tap(app, "cancel");
    }
  }
  CHECK(app.state().pin.verdict == kiosk::PinVerdict::Locked);
  shot(app, "staff-pin-locked");
  uitest::tap(app, "cancel");
  sign_in(app, kPin);
  CHECK(app.state().screen == Screen::StaffPin);
  CHECK(app.state().pin.verdict == kiosk::PinVerdict::Locked);
}

TEST_CASE("a status slip from the status screen, with the case's QR") {
  const fs::path out =
      fs::temp_directory_path() / ("kiosk-slip-" + std::to_string(::getpid()) + ".bin");
  fs::remove(out);
  Terminal t("slip", {"--printer", "file:" + out.string()});
  app::App& app = *t.app;
  uitest::walk_to_review(app);
  uitest::tap(app, "submit");
  REQUIRE(
      wait_until(app, [&] { return app.state().request.receipt_paper == PaperState::Printed; }));
  const std::string url = t.url();
  uitest::tap(app, "receipt.done");
  uitest::wedge_scan(app, url);  // the receipt held to the scanner
  REQUIRE(wait_until(app, [&] { return app.state().screen == Screen::StatusResult; }));
  uitest::tap(app, "status.print");
  REQUIRE(wait_until(app, [&] { return app.state().lookup.slip_paper == PaperState::Printed; }));
  shot(app, "status-slip-printed");
  CHECK(paper_qr(read_bytes(out), 1, "paper-status-slip-80") == url);
  fs::remove(out);
}
