// Paper, end to end on real parts: printouts rendered with the real fonts, encoded as ESC/POS,
// decoded back by a strict decoder, their QR read by zbarimg; printers on loopback TCP and in
// files; the print queue and the PINs in real SQLite files.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "demo.hpp"
#include "demo_paper.hpp"
#include "escpos.hpp"
#include "escpos_decoder.hpp"
#include "fake_printer.hpp"
#include "outbox.hpp"
#include "pins.hpp"
#include "print_queue.hpp"
#include "printer.hpp"
#include "printing.hpp"
#include "receipt_render.hpp"
#include "temp_dir.hpp"

namespace {

using device::Paper;
using kiosk::PrinterState;

std::unique_ptr<device::PrintFonts> fonts() {
  auto f = device::PrintFonts::open(KIOSK_SHARE_DIR "/fonts");
  REQUIRE_MESSAGE(f, (f ? "" : f.error()));
  return std::move(*f);
}

kiosk::PrintHeader header() {
  return demo_paper::header();
}

kiosk::ReceiptFacts facts(std::string agency = "Uỷ ban nhân dân xã Vĩnh Linh") {
  return demo_paper::receipt_facts(42, std::move(agency));
}

// Bytes → strict decoder → PNG → zbarimg.
std::string qr_of_job(const std::vector<std::uint8_t>& bytes, const std::filesystem::path& png,
                      device::Raster* page_out = nullptr) {
  const auto decoded = testsupport::decode_escpos(bytes);
  REQUIRE_MESSAGE(decoded.error.empty(), decoded.error);
  REQUIRE(decoded.pages.size() == 1);
  REQUIRE(device::write_png(decoded.pages[0], png.string()));
  if (page_out) *page_out = decoded.pages[0];
  return testsupport::zbar_read(png.string());
}

std::string sql_text(const std::filesystem::path& db, const std::string& q) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(h, q.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

}  // namespace

TEST_CASE("a receipt goes to ESC/POS and back: same dots, and its QR reads as the status URL") {
  TempDir tmp;
  auto f = fonts();
  for (Paper paper : {Paper::Mm80, Paper::Mm58}) {
    CAPTURE(device::paper_dots(paper));
    const device::Raster raster = device::render_printout(
        kiosk::receipt_printout(facts(), header(), "2026-11-25T10:20:31+07:00"), *f, paper);
    CHECK(raster.width == device::paper_dots(paper));
    const auto bytes = device::encode_escpos(raster);
    device::Raster page;
    const std::string png =
        (tmp.path / ("receipt-" + std::to_string(raster.width) + ".png")).string();
    CHECK(qr_of_job(bytes, png, &page) == facts().status_url);
    CHECK(page.width == raster.width);
    CHECK(page.height == raster.height);
    CHECK(page.dots == raster.dots);
    const auto decoded = testsupport::decode_escpos(bytes);
    CHECK(decoded.initialisations == 1);
    CHECK(decoded.bands == (raster.height + 127) / 128);  // bands of 128 rows
    CHECK(decoded.feed_lines > 0);
  }
  // A stream the decoder does not know is refused, so the check above can fail.
  CHECK_FALSE(testsupport::decode_escpos({0x1B, 0x40, 0x1B, 0x74, 0x1E}).error.empty());
  CHECK_FALSE(testsupport::decode_escpos({0x1D, 0x76, 0x30, 0, 72, 0, 10, 0, 1, 2}).error.empty());
}

TEST_CASE("58 mm: nothing runs past the paper, long names wrap, the case code stays whole") {
  auto f = fonts();
  const std::string long_name =
      "Ban Quản lý dự án đầu tư xây dựng và phát triển quỹ đất khu vực huyện Vĩnh Linh cũ, "
      "tỉnh Quảng Trị";
  for (Paper paper : {Paper::Mm80, Paper::Mm58}) {
    const int width = device::paper_dots(paper);
    CAPTURE(width);
    const auto printout =
        kiosk::receipt_printout(facts(long_name), header(), "2026-11-25T10:20:31+07:00");
    const auto lines = device::lay_out(printout, *f, paper);
    int agency_lines = 0, code_lines = 0;
    for (const auto& l : lines) {
      CAPTURE(l.text);
      CHECK(l.width <= l.max_width);
      CHECK(l.x + l.width <= width);
      CHECK(l.x >= 0);
      if (long_name.find(l.text) != std::string::npos && l.style == kiosk::BlockStyle::Body)
        ++agency_lines;
      if (l.style == kiosk::BlockStyle::Code) {
        ++code_lines;
        CHECK(l.text == "VL01-261125-0042");
      }
    }
    CHECK(agency_lines >= 2);  // wrapped, every word kept
    CHECK(code_lines == 1);
    // And on the dots: no ink in the outer columns, where a printer's margin would cut it.
    const device::Raster r = device::render_printout(printout, *f, paper);
    for (int y = 0; y < r.height; ++y) {
      if (r.at(0, y) || r.at(r.width - 1, y)) {
        FAIL("ink at the paper's edge, row " << y);
        break;
      }
    }
  }
}

TEST_CASE("status slip, daily summary and test page render and decode, and the slip's QR reads") {
  TempDir tmp;
  auto f = fonts();
  kiosk::CaseView v;
  v.code = "VL01-261125-0042";
  v.status = "refused";
  v.agency_name = "Uỷ ban nhân dân xã Vĩnh Linh";
  v.received_at = "2026-11-25T10:20:30+07:00";
  v.acceptance_due = "2026-12-02";
  v.answer_due = "2026-12-17";
  v.history = {{"2026-11-25T10:20:30+07:00", "received", ""},
               {"2026-11-27T09:00:00+07:00", "refused", "Nội dung đã được giải trình trước đây"}};
  const std::string url = kiosk::status_url("https://cong.quangtri.gov.vn", v.code, "ABCD2345");
  const auto slip = kiosk::status_slip_printout(
      v, url, header(), "2026-11-28T08:00:00+07:00",
      kiosk::Date{std::chrono::year{2026}, std::chrono::November, std::chrono::day{28}}, {});
  CHECK(qr_of_job(device::encode_escpos(device::render_printout(slip, *f, Paper::Mm58)),
                  tmp.path / "slip.png") == url);
  bool says_complaint = false;
  for (const auto& b : slip.blocks) says_complaint |= b.text.find("khiếu nại") != std::string::npos;
  CHECK(says_complaint);  // a refused case: the right to complain is on the paper

  const auto summary = kiosk::daily_summary_printout(
      kiosk::Date{std::chrono::year{2026}, std::chrono::November, std::chrono::day{25}},
      {{"VL01-261125-0001", "2026-11-25T08:01:00+07:00", "synced"},
       {"VL01-261125-0002", "2026-11-25T09:30:00+07:00", "queued"}},
      1, header(), "2026-11-25T17:00:00+07:00");
  const std::string summary_json = kiosk::printout_json(summary);
  CHECK(summary_json.find("Lê Văn") == std::string::npos);
  auto parsed = kiosk::parse_printout(summary_json);
  REQUIRE(parsed);
  CHECK(kiosk::printout_json(*parsed) == summary_json);
  const auto decoded = testsupport::decode_escpos(
      device::encode_escpos(device::render_printout(*parsed, *f, Paper::Mm80)));
  CHECK(decoded.error.empty());
  const auto test_page =
      kiosk::test_page_printout(header(), "tcp 10.0.0.5:9100", "2026-11-25T17:00:00+07:00");
  CHECK(qr_of_job(device::encode_escpos(device::render_printout(test_page, *f, Paper::Mm80)),
                  tmp.path / "test.png") == "GIAITRINH-TEST VL01");
  CHECK_FALSE(kiosk::parse_printout("{\"blocks\": [{\"style\": \"blink\"}]}"));
}

TEST_CASE("a network printer on TCP 9100: printed when ready, refused (and told why) when not") {
  TempDir tmp;
  auto f = fonts();
  testsupport::FakeNetworkPrinter printer;
  auto transport = device::open_printer({"tcp", "127.0.0.1:" + std::to_string(printer.port), 80});
  REQUIRE(transport);
  REQUIRE(*transport);
  const auto bytes = device::encode_escpos(device::render_printout(
      kiosk::receipt_printout(facts(), header(), "2026-11-25T10:20:31+07:00"), *f, Paper::Mm80));

  CHECK((*transport)->status() == PrinterState::Ready);
  REQUIRE((*transport)->send(bytes));
  for (int i = 0; i < 100 && printer.jobs().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(printer.jobs().size() == 1);
  CHECK(printer.jobs()[0] == bytes);
  CHECK(qr_of_job(printer.jobs()[0], tmp.path / "tcp.png") == facts().status_url);

  printer.paper_out = true;
  CHECK((*transport)->status() == PrinterState::PaperOut);
  auto sent = (*transport)->send(bytes);
  REQUIRE_FALSE(sent);
  CHECK(sent.error().state == PrinterState::PaperOut);
  printer.paper_out = false;
  printer.cover_open = true;
  sent = (*transport)->send(bytes);
  REQUIRE_FALSE(sent);
  CHECK(sent.error().state == PrinterState::CoverOpen);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(printer.jobs().size() == 1);  // nothing was sent to a printer that said no

  printer.cover_open = false;
  printer.answers_status = false;  // a printer that ignores DLE EOT still gets the job
  CHECK((*transport)->status() == PrinterState::Unknown);
  CHECK((*transport)->send(bytes));

  const int port = printer.port;
  auto gone = device::open_printer({"tcp", "127.0.0.1:1", 80});  // nothing listens there
  REQUIRE(gone);
  sent = (*gone)->send(bytes);
  REQUIRE_FALSE(sent);
  CHECK(sent.error().state == PrinterState::Offline);
  CHECK(port != 1);
}

TEST_CASE("printer configuration: each transport, and bad ones refused with a reason") {
  CHECK_FALSE(*device::open_printer({"off", "", 80}));
  CHECK(device::open_printer({"tcp", "10.0.0.5", 80}).value()->describe() == "tcp 10.0.0.5:9100");
  CHECK(device::open_printer({"tcp", "[fe80::1]:9101", 80}).value()->describe() ==
        "tcp fe80::1:9101");
  CHECK(device::open_printer({"cups", "quay-1", 80}).value()->describe() == "cups quay-1");
  CHECK(device::open_printer({"usb", "/dev/usb/lp3", 80}).value()->describe() ==
        "usb /dev/usb/lp3");
  CHECK_FALSE(device::open_printer({"tcp", "", 80}));
  CHECK_FALSE(device::open_printer({"serial", "/dev/ttyS0", 80}));
  auto usb = device::open_printer({"usb", "/nonexistent/lp0", 80});
  REQUIRE(usb);
  CHECK((*usb)->status() == PrinterState::Offline);
  auto sent = (*usb)->send(std::vector<std::uint8_t>{0x1B, 0x40});
  REQUIRE_FALSE(sent);
  CHECK(sent.error().state == PrinterState::Offline);
}

TEST_CASE(
    "the receipt's print job is committed with the submission, and a failed print undoes nothing") {
  TempDir tmp;
  auto store = offline::Store::open(tmp.path / "kiosk.db");
  REQUIRE(store);
  const auto ctx = demo::context();
  REQUIRE(ctx);
  const auto receipt = offline::submit_request(
      *store, demo::resident(), *ctx, std::chrono::system_clock::now(),
      [](const kiosk::Receipt& r) {
        kiosk::ReceiptFacts f;
        f.receipt = r;
        f.status_url = kiosk::status_url("https://localhost:8443", r.code, r.lookup_token);
        return offline::PrintJobInput{offline::PrintKind::Receipt, r.code,
                                      kiosk::receipt_facts_json(f),
                                      app::masked_requester_json(demo::resident())};
      });
  REQUIRE(receipt);
  const auto db = tmp.path / "kiosk.db";
  CHECK(sql_text(db, "SELECT case_code FROM print_jobs") == receipt->code);
  CHECK(sql_text(db, "SELECT state FROM print_jobs") == "queued");
  const std::string requester = sql_text(db, "SELECT requester FROM print_jobs");
  CHECK(requester.find("Lê *** An") != std::string::npos);
  CHECK(requester.find("0912 *** 678") != std::string::npos);
  CHECK(requester.find("Văn") == std::string::npos);
  CHECK(requester.find("12345") == std::string::npos);
  CHECK(sql_text(db, "SELECT facts FROM print_jobs").find("Lê") == std::string::npos);

  auto job = offline::take_print_job(*store);
  REQUIRE(job);
  REQUIRE(*job);
  CHECK((*job)->state == "printing");
  REQUIRE(offline::finish_print_job(*store, (*job)->id, false,
                                    "paper_out: ", std::chrono::system_clock::now()));
  CHECK(sql_text(db, "SELECT state FROM print_jobs") == "failed");
  CHECK(sql_text(db, "SELECT count(*) FROM outbox WHERE state = 'queued'") == "1");
  CHECK_FALSE(*offline::take_print_job(*store));  // failed jobs wait for staff

  // Staff reprint by code; printed; once the portal has the case, the masked data goes.
  auto again = offline::reprint_receipt(*store, receipt->code);
  REQUIRE(again);
  REQUIRE(*again);
  CHECK(**again == (*job)->id);
  CHECK_FALSE(offline::reprint_receipt(*store, "VL01-000000-0000").value());
  job = offline::take_print_job(*store);
  REQUIRE(*job);
  REQUIRE(
      offline::finish_print_job(*store, (*job)->id, true, "", std::chrono::system_clock::now()));
  CHECK_FALSE(sql_text(db, "SELECT requester FROM print_jobs").empty());  // not synced yet
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_exec(h, "UPDATE outbox SET state = 'synced', sealed_personal = NULL", nullptr, nullptr,
               nullptr);
  sqlite3_close(h);
  REQUIRE(offline::requeue_print_job(*store, (*job)->id).value());
  job = offline::take_print_job(*store);
  REQUIRE(
      offline::finish_print_job(*store, (*job)->id, true, "", std::chrono::system_clock::now()));
  CHECK(sql_text(db, "SELECT coalesce(requester, 'gone') FROM print_jobs") == "gone");

  // A restart with a job still queued: it fails (no paper for someone long gone), staff reprint.
  REQUIRE(offline::enqueue_print(*store, {offline::PrintKind::Test, "", "{}", ""},
                                 std::chrono::system_clock::now()));
  CHECK(offline::fail_interrupted_print_jobs(*store).value() == 1);
  CHECK(sql_text(db, "SELECT last_error FROM print_jobs WHERE kind = 'test'") == "interrupted");
  const auto today = offline::cases_of_day(*store, receipt->created_at.substr(0, 10));
  REQUIRE(today);
  REQUIRE(today->size() == 1);
  CHECK(today->front().code == receipt->code);
}

TEST_CASE("the printer thread prints queued jobs to a network printer, and reports paper out") {
  TempDir tmp;
  testsupport::FakeNetworkPrinter printer;
  auto store = offline::Store::open(tmp.path / "kiosk.db");
  REQUIRE(store);
  kiosk::KioskConfig config;
  config.assets_dir = KIOSK_SHARE_DIR;
  config.centre.terminal_id = "VL01";
  config.devices.printer = {"tcp", "127.0.0.1:" + std::to_string(printer.port), 58};
  std::mutex m;
  std::vector<app::PrintOutcome> outcomes;
  auto wait_for = [&](std::size_t n) {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(m);
        if (outcomes.size() >= n) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  app::PrintWorker worker(tmp.path / "kiosk.db", config,
                          [&](const app::PrintOutcome& o) {
                            std::lock_guard lock(m);
                            outcomes.push_back(o);
                          },
                          {});
  const kiosk::ReceiptFacts f = facts();
  REQUIRE(offline::enqueue_print(
      *store,
      {offline::PrintKind::Receipt, f.receipt.code, kiosk::receipt_facts_json(f),
       "{\"name\":\"Lê *** An\",\"phone\":\"0912 *** 678\"}"},
      std::chrono::system_clock::now()));
  worker.wake();
  REQUIRE(wait_for(1));
  CHECK(outcomes[0].printed);
  CHECK(outcomes[0].case_code == f.receipt.code);
  for (int i = 0; i < 100 && printer.jobs().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(printer.jobs().size() == 1);
  device::Raster page;
  CHECK(qr_of_job(printer.jobs()[0], tmp.path / "worker.png", &page) == f.status_url);
  CHECK(page.width == 384);

  printer.paper_out = true;
  REQUIRE(offline::reprint_receipt(*store, f.receipt.code).value());
  worker.wake();
  REQUIRE(wait_for(2));
  CHECK_FALSE(outcomes[1].printed);
  CHECK(outcomes[1].state == PrinterState::PaperOut);
  CHECK(worker.state() == PrinterState::PaperOut);
  CHECK(sql_text(tmp.path / "kiosk.db", "SELECT last_error FROM print_jobs")
            .starts_with("paper_out"));
}

TEST_CASE(
    "PINs: Argon2id in the store, 5 wrong tries lock with a growing wait that survives a restart") {
  TempDir tmp;
  const auto db = tmp.path / "kiosk.db";
  auto t = std::chrono::system_clock::now();
  {
    auto store = offline::Store::open(db);
    REQUIRE(store);
    CHECK(offline::check_pin(*store, offline::PinRole::Staff, "482915", t).verdict ==
          kiosk::PinVerdict::NotSet);
    REQUIRE(offline::set_pin(*store, offline::PinRole::Staff, "482915"));
    CHECK(sql_text(db, "SELECT value FROM settings WHERE key = 'pin.staff.hash'")
              .starts_with("$argon2id$"));
    CHECK(sql_text(db, "SELECT count(*) FROM settings WHERE value LIKE '%482915%'") == "0");
    CHECK(offline::check_pin(*store, offline::PinRole::Staff, "482915", t).verdict ==
          kiosk::PinVerdict::Ok);
    CHECK(offline::check_pin(*store, offline::PinRole::Technician, "482915", t).verdict ==
          kiosk::PinVerdict::NotSet);
    for (int i = 1; i <= 4; ++i) {
      const auto c = offline::check_pin(*store, offline::PinRole::Staff, "000000", t);
      CHECK(c.verdict == kiosk::PinVerdict::Wrong);
      CHECK(c.tries_left == 5 - i);
    }
    const auto fifth = offline::check_pin(*store, offline::PinRole::Staff, "000000", t);
    CHECK(fifth.verdict == kiosk::PinVerdict::Locked);
    CHECK(fifth.wait_s == 30);
  }
  auto store = offline::Store::open(db);  // a restart does not unlock
  REQUIRE(store);
  const auto locked =
      offline::check_pin(*store, offline::PinRole::Staff, "482915", t + std::chrono::seconds(10));
  CHECK(locked.verdict == kiosk::PinVerdict::Locked);
  CHECK(locked.wait_s == 20);
  t += std::chrono::seconds(31);
  const auto sixth = offline::check_pin(*store, offline::PinRole::Staff, "111111", t);
  CHECK(sixth.verdict == kiosk::PinVerdict::Locked);
  CHECK(sixth.wait_s == 60);  // doubled
  t += std::chrono::seconds(61);
  CHECK(offline::check_pin(*store, offline::PinRole::Staff, "482915", t).verdict ==
        kiosk::PinVerdict::Ok);
  CHECK(offline::check_pin(*store, offline::PinRole::Staff, "000000", t).tries_left == 4);  // reset
}
