#include "commands.hpp"

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "calendar.hpp"
#include "catalog.hpp"
#include "escpos.hpp"
#include "files.hpp"
#include "machine_identity.hpp"
#include "options.hpp"
#include "pin_policy.hpp"
#include "pins.hpp"
#include "printer.hpp"
#include "printing.hpp"
#include "provision.hpp"
#include "provisioning.hpp"
#include "qr_payload.hpp"
#include "receipt_render.hpp"
#include "status_report.hpp"
#include "vietnamese_input.hpp"

namespace app {

namespace {

int usage_error(const char* vi, const char* en) {
  std::fprintf(stderr, "kiosk: %s\nkiosk: %s\n", vi, en);
  return 2;
}

int ime(const std::vector<std::string_view>& args) {
  kiosk::InputMethod method = kiosk::InputMethod::Telex;
  kiosk::ToneStyle style = kiosk::ToneStyle::Modern;
  std::string keys;
  for (auto a : args) {
    if (a == "--telex") {
      method = kiosk::InputMethod::Telex;
    } else if (a == "--vni") {
      method = kiosk::InputMethod::Vni;
    } else if (a == "--plain") {
      method = kiosk::InputMethod::Plain;
    } else if (a == "--classic") {
      style = kiosk::ToneStyle::Classic;
    } else if (a.starts_with("--")) {
      return usage_error("ime: tuỳ chọn không hợp lệ (--telex, --vni, --plain, --classic).",
                         "ime: unknown option (--telex, --vni, --plain, --classic).");
    } else {
      if (!keys.empty()) keys += ' ';
      keys += a;
    }
  }
  std::printf("%s\n", kiosk::type_keys(keys, method, style).c_str());
  return 0;
}

int deadline(const std::vector<std::string_view>& args) {
  std::string catalog_file, from_text;
  int days = -1;
  bool working = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--catalog" && has_value) {
      catalog_file = args[++i];
    } else if (a == "--from" && has_value) {
      from_text = args[++i];
    } else if ((a == "--working-days" || a == "--calendar-days") && has_value) {
      working = a == "--working-days";
      const auto v = args[++i];
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), days);
      if (ec != std::errc{} || p != v.data() + v.size() || days < 0 || days > 3650)
        return usage_error("deadline: số ngày phải là số nguyên từ 0 đến 3650.",
                           "deadline: the number of days is a whole number from 0 to 3650.");
    } else {
      return usage_error(
          "deadline: cách dùng: kiosk deadline --catalog TỆP --from YYYY-MM-DD "
          "[--working-days N | --calendar-days N]",
          "deadline: usage: kiosk deadline --catalog FILE --from YYYY-MM-DD "
          "[--working-days N | --calendar-days N]");
    }
  }
  if (catalog_file.empty() || from_text.empty())
    return usage_error("deadline: cần --catalog và --from.",
                       "deadline: --catalog and --from are needed.");
  const auto from = kiosk::parse_iso_date(from_text);
  if (!from)
    return usage_error("deadline: ngày --from phải có dạng YYYY-MM-DD.",
                       "deadline: --from must be a date YYYY-MM-DD.");
  const auto text = read_file(catalog_file);
  if (!text)
    return usage_error("deadline: không đọc được tệp danh mục.",
                       "deadline: cannot read the catalog file.");
  auto catalog = kiosk::parse_catalog(*text);
  if (!catalog) {
    std::fprintf(stderr, "kiosk: deadline: danh mục không hợp lệ / invalid catalog: %s\n",
                 catalog.error().c_str());
    return 2;
  }
  if (days < 0) {  // both legal deadlines of a request received that day
    const auto d = kiosk::deadlines_for(*from, catalog->rules, catalog->calendar);
    std::printf("acceptance_due: %s\nanswer_due: %s\n",
                kiosk::format_iso_date(d.acceptance_due).c_str(),
                kiosk::format_iso_date(d.answer_due).c_str());
    return 0;
  }
  const auto due = working ? catalog->calendar.add_working_days(*from, days)
                           : catalog->calendar.add_calendar_days(*from, days);
  std::printf("%s\n", kiosk::format_iso_date(due).c_str());
  return 0;
}

// kiosk parse-qr [--portal URL] [--config FILE] PAYLOAD: what the status screen makes of a scan.
int parse_qr(const std::vector<std::string_view>& args) {
  std::string portal, config_file, payload;
  bool have_payload = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto a = args[i];
    if ((a == "--portal" || a == "--config") && i + 1 < args.size()) {
      (a == "--portal" ? portal : config_file) = args[++i];
    } else if (!have_payload) {
      payload = a;
      have_payload = true;
    } else {
      return usage_error(
          "parse-qr: cách dùng: kiosk parse-qr [--portal URL] [--config TỆP] 'NỘI DUNG'",
          "parse-qr: usage: kiosk parse-qr [--portal URL] [--config FILE] 'PAYLOAD'");
    }
  }
  if (!have_payload)
    return usage_error("parse-qr: cần nội dung mã QR.", "parse-qr: the QR payload is needed.");
  if (portal.empty()) {  // the terminal's portal, from its configuration
    kiosk::KioskConfig config;
    const std::filesystem::path file = config_file.empty()
                                           ? default_assets_dir() / "demo" / "kiosk.json"
                                           : std::filesystem::path(config_file);
    if (auto loaded = load_config_file(file, config); !loaded)
      return usage_error("parse-qr: không đọc được tệp cấu hình.", loaded.error().c_str());
    portal = config.portal.url;
  }
  const kiosk::ScanPayload p = kiosk::parse_scan_payload(payload, portal);
  if (p.error != kiosk::PayloadError::None) {
    std::printf("%s\n%s\n", std::string(kiosk::payload_error_text(p.error, false)).c_str(),
                std::string(kiosk::payload_error_text(p.error, true)).c_str());
    return 2;
  }
  std::printf("{\"code\":\"%s\",\"token\":\"%s\"}\n", p.code.c_str(), p.token.c_str());
  return 0;
}

// A receipt as a resident of the demo gets it: the demo catalog's longest body name, so the
// layout's wrapping shows.
kiosk::ReceiptFacts demo_receipt(const kiosk::KioskConfig& config, const kiosk::Catalog& catalog) {
  kiosk::ReceiptFacts f;
  kiosk::Receipt& r = f.receipt;
  r.received = kiosk::Date{std::chrono::year{2026}, std::chrono::November, std::chrono::day{25}};
  r.created_at = "2026-11-25T09:41:07+07:00";
  r.code = kiosk::format_case_code(config.centre.terminal_id, r.received, 7);
  r.lookup_token = "K7QX2M9D";
  r.deadlines = kiosk::deadlines_for(r.received, catalog.rules, catalog.calendar);
  const kiosk::Agency* longest = nullptr;
  for (const auto& a : catalog.agencies)
    if (!longest || a.name.vi.size() > longest->name.vi.size()) longest = &a;
  if (longest) {
    r.agency_id = longest->id;
    f.agency_name = longest->name.vi;
    const auto fields = catalog.fields_of(*longest);
    if (!fields.empty()) {
      r.field_id = fields.front()->id;
      f.field_name = fields.front()->name.vi;
    }
  }
  f.status_url = kiosk::status_url(config.portal.url, r.code, r.lookup_token);
  f.requester_masked = kiosk::mask_name("Nguyễn Thị Minh Khai");
  f.phone_masked = kiosk::mask_phone("0912345678");
  return f;
}

// kiosk receipt --demo [--kind K] [--paper 80|58] [--out FILE] [--png FILE] [--print]
int receipt(const std::vector<std::string_view>& args) {
  std::string out, png, config_file, kind = "receipt";
  bool demo = false, send = false;
  std::string paper_text;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--demo") {
      demo = true;
    } else if (a == "--print") {
      send = true;
    } else if ((a == "--out" || a == "--png" || a == "--config" || a == "--paper" ||
                a == "--kind") &&
               has_value) {
      (a == "--out"      ? out
       : a == "--png"    ? png
       : a == "--config" ? config_file
       : a == "--paper"  ? paper_text
                         : kind) = args[++i];
    } else {
      return usage_error(
          "receipt: cách dùng: kiosk receipt --demo [--kind receipt|status|summary|test] "
          "[--paper 80|58] [--out TỆP.bin] [--png TỆP.png] [--print] [--config TỆP]",
          "receipt: usage: kiosk receipt --demo [--kind receipt|status|summary|test] "
          "[--paper 80|58] [--out FILE.bin] [--png FILE.png] [--print] [--config FILE]");
    }
  }
  if (!demo)
    return usage_error("receipt: hiện chỉ in được phiếu mẫu: thêm --demo.",
                       "receipt: only the demo receipt can be printed from a shell: add --demo.");
  if (out.empty() && png.empty() && !send)
    return usage_error("receipt: cần --out, --png hoặc --print.",
                       "receipt: --out, --png or --print is needed.");
  kiosk::KioskConfig config;
  config.assets_dir = default_assets_dir().string();
  const std::filesystem::path file = config_file.empty()
                                         ? default_assets_dir() / "demo" / "kiosk.json"
                                         : std::filesystem::path(config_file);
  if (auto loaded = load_config_file(file, config); !loaded)
    return usage_error("receipt: không đọc được tệp cấu hình.", loaded.error().c_str());
  if (!paper_text.empty()) {
    if (paper_text != "80" && paper_text != "58")
      return usage_error("receipt: khổ giấy là 80 hoặc 58 (mm).",
                         "receipt: the paper is 80 or 58 (mm) wide.");
    config.devices.printer.paper_mm = paper_text == "58" ? 58 : 80;
  }
  const auto catalog_text = read_file(config.catalog_file);
  auto catalog = catalog_text ? kiosk::parse_catalog(*catalog_text)
                              : std::expected<kiosk::Catalog, std::string>(
                                    std::unexpected("cannot read " + config.catalog_file));
  if (!catalog) return usage_error("receipt: danh mục không hợp lệ.", catalog.error().c_str());

  const kiosk::PrintHeader header = print_header(config);
  const std::string now = "2026-11-25T09:41:12+07:00";
  const kiosk::ReceiptFacts facts = demo_receipt(config, *catalog);
  kiosk::Printout printout;
  if (kind == "receipt") {
    printout = kiosk::receipt_printout(facts, header, now);
  } else if (kind == "status") {
    kiosk::CaseView v;
    v.code = facts.receipt.code;
    v.status = "accepted";
    v.agency_name = facts.agency_name;
    v.field_name = facts.field_name;
    v.received_at = facts.receipt.created_at;
    v.acceptance_due = kiosk::format_iso_date(facts.receipt.deadlines.acceptance_due);
    v.answer_due = kiosk::format_iso_date(facts.receipt.deadlines.answer_due);
    v.history = {{facts.receipt.created_at, "received", ""},
                 {"2026-11-27T10:02:00+07:00", "accepted", ""}};
    printout = kiosk::status_slip_printout(v, facts.status_url, header, now, facts.receipt.received,
                                           catalog->calendar);
  } else if (kind == "summary") {
    printout = kiosk::daily_summary_printout(
        facts.receipt.received,
        {{facts.receipt.code, facts.receipt.created_at, "synced"},
         {kiosk::format_case_code(config.centre.terminal_id, facts.receipt.received, 8),
          "2026-11-25T10:15:40+07:00", "queued"}},
        0, header, now);
  } else if (kind == "test") {
    printout = kiosk::test_page_printout(header, "demo", now);
  } else {
    return usage_error("receipt: --kind là receipt, status, summary hoặc test.",
                       "receipt: --kind is receipt, status, summary or test.");
  }
  auto fonts = device::PrintFonts::open(config.assets_dir + "/fonts");
  if (!fonts) return usage_error("receipt: không mở được phông chữ.", fonts.error().c_str());
  const device::Raster raster = device::render_printout(printout, **fonts, paper_of(config));
  const std::vector<std::uint8_t> bytes = device::encode_escpos(raster);
  if (!out.empty()) {
    std::FILE* f = std::fopen(out.c_str(), "wb");
    if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0)
      return usage_error("receipt: không ghi được tệp --out.", "receipt: cannot write --out.");
  }
  if (!png.empty() && !device::write_png(raster, png))
    return usage_error("receipt: không ghi được tệp --png.", "receipt: cannot write --png.");
  if (send) {
    auto printer = device::open_printer(config.devices.printer);
    if (!printer) return usage_error("receipt: cấu hình máy in sai.", printer.error().c_str());
    if (!*printer)
      return usage_error("receipt: máy này không có máy in (printer.transport).",
                         "receipt: this terminal has no printer (printer.transport).");
    if (auto sent = (*printer)->send(bytes); !sent) {
      std::fprintf(stderr, "kiosk: %s\nkiosk: %s (%s)\n",
                   std::string(kiosk::printer_state_vi(sent.error().state)).c_str(),
                   std::string(kiosk::printer_state_en(sent.error().state)).c_str(),
                   sent.error().detail.c_str());
      return 1;
    }
  }
  std::printf("%dx%d dots, %zu bytes\n", raster.width, raster.height, bytes.size());
  return 0;
}

// kiosk set-pin staff|technician [--state-dir DIR]: the PIN is read from the first line of stdin,
// so it never shows in the process list or the shell's history.
int set_pin(const std::vector<std::string_view>& args) {
  std::string role, state_dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--state-dir" && i + 1 < args.size())
      state_dir = args[++i];
    else if (role.empty() && (args[i] == "staff" || args[i] == "technician"))
      role = args[i];
    else
      role = "?";
  }
  if (role.empty() || role == "?")
    return usage_error(
        "set-pin: cách dùng: echo MÃ_PIN | kiosk set-pin staff|technician [--state-dir THƯ_MỤC]",
        "set-pin: usage: echo PIN | kiosk set-pin staff|technician [--state-dir DIR]");
  std::string pin;
  for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar()) pin += char(c);
  if (!pin.empty() && pin.back() == '\r') pin.pop_back();
  if (const kiosk::PinShape shape = kiosk::check_new_pin(pin); shape != kiosk::PinShape::Ok)
    return usage_error(std::string("set-pin: ").append(kiosk::pin_shape_vi(shape)).c_str(),
                       std::string("set-pin: ").append(kiosk::pin_shape_en(shape)).c_str());
  const std::filesystem::path dir =
      state_dir.empty() ? default_state_dir() : std::filesystem::path(state_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto store = offline::Store::open(dir / "kiosk.db");
  if (!store)
    return usage_error(store.error().message_vi.c_str(), store.error().message_en.c_str());
  if (auto r = offline::set_pin(
          *store, role == "staff" ? offline::PinRole::Staff : offline::PinRole::Technician, pin);
      !r)
    return usage_error(r.error().message_vi.c_str(), r.error().message_en.c_str());
  std::fill(pin.begin(), pin.end(), '\0');
  std::printf("set-pin: %s PIN saved\n", role.c_str());
  return 0;
}

// kiosk provision --qr PAYLOAD | --portal URL --code CODE --ca-sha256 HEX [--center ID]
//                 [--state-dir DIR] [--export-queue FILE]
int provision(const std::vector<std::string_view>& args) {
  std::string qr, portal, code, ca, center, state_dir, export_to;
  bool have_qr = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto a = args[i];
    if (i + 1 >= args.size())
      return usage_error("provision: thiếu giá trị.", "provision: a value is missing.");
    const std::string v(args[++i]);
    if (a == "--qr") {
      qr = v;
      have_qr = true;
    } else if (a == "--portal")
      portal = v;
    else if (a == "--code")
      code = v;
    else if (a == "--ca-sha256")
      ca = v;
    else if (a == "--center")
      center = v;
    else if (a == "--state-dir")
      state_dir = v;
    else if (a == "--export-queue")
      export_to = v;
    else
      return usage_error(
          "provision: cách dùng: kiosk provision --qr 'NỘI DUNG' | --portal URL --code MÃ "
          "--ca-sha256 HEX [--center MÃ] [--state-dir THƯ_MỤC] [--export-queue TỆP]",
          "provision: usage: kiosk provision --qr 'PAYLOAD' | --portal URL --code CODE "
          "--ca-sha256 HEX [--center ID] [--state-dir DIR] [--export-queue FILE]");
  }
  const kiosk::ProvisioningResult target =
      have_qr ? kiosk::parse_provisioning_qr(qr)
              : kiosk::check_provisioning(portal, code, ca, center);
  if (target.error != kiosk::ProvisioningError::None)
    return usage_error(std::string("provision: ")
                           .append(kiosk::provisioning_error_text(target.error, false))
                           .c_str(),
                       std::string("provision: ")
                           .append(kiosk::provisioning_error_text(target.error, true))
                           .c_str());
  offline::ProvisionRequest req;
  req.target = target.value;
  req.state_dir = state_dir.empty() ? default_state_dir() : std::filesystem::path(state_dir);
  req.hardware_id = device::read_machine_identity().hardware_id;
  req.app_version = KIOSK_VERSION;
  req.export_queue_to = export_to;
  auto done = offline::provision(req);
  if (!done) {
    std::fprintf(stderr, "kiosk: provision: %s\nkiosk: provision: %s (%s)\n",
                 std::string(offline::provision_error_vi(done.error().kind)).c_str(),
                 std::string(offline::provision_error_en(done.error().kind)).c_str(),
                 done.error().detail.c_str());
    return 1;
  }
  std::printf("Sẵn sàng / Ready: terminal %s, centre %s, portal %s, catalog %s\n",
              done->terminal_id.c_str(), done->center_id.c_str(), done->portal_url.c_str(),
              done->catalog_version.empty() ? "(not yet)" : done->catalog_version.c_str());
  return 0;
}

}  // namespace

std::optional<int> run_command(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string_view cmd = argv[1];
  std::vector<std::string_view> args(argv + 2, argv + argc);
  if (cmd == "ime") return ime(args);
  if (cmd == "deadline") return deadline(args);
  if (cmd == "parse-qr") return parse_qr(args);
  if (cmd == "receipt") return receipt(args);
  if (cmd == "set-pin") return set_pin(args);
  if (cmd == "provision") return provision(args);
  if (cmd == "status") return status_command(args);
  return std::nullopt;
}

}  // namespace app
