#include "commands.hpp"

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "calendar.hpp"
#include "catalog.hpp"
#include "files.hpp"
#include "options.hpp"
#include "qr_payload.hpp"
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
    portal = config.portal_url;
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

}  // namespace

std::optional<int> run_command(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string_view cmd = argv[1];
  std::vector<std::string_view> args(argv + 2, argv + argc);
  if (cmd == "ime") return ime(args);
  if (cmd == "deadline") return deadline(args);
  if (cmd == "parse-qr") return parse_qr(args);
  return std::nullopt;
}

}  // namespace app
