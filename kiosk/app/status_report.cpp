#include "status_report.hpp"

#include <sys/statvfs.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "diagnostics.hpp"
#include "headless.hpp"
#include "options.hpp"
#include "outbox.hpp"
#include "provision.hpp"
#include "store.hpp"

namespace app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json or_null(const std::string& s) {
  return s.empty() ? json() : json(s);
}

}  // namespace

json terminal_status(const kiosk::KioskConfig& c, bool check_network) {
  json out;
  out["app_version"] = KIOSK_VERSION;
  out["terminal_id"] = c.centre.terminal_id;
  const fs::path state(c.state_dir);
  auto provisioned = offline::load_provisioned(state);
  out["provisioned"] = provisioned && *provisioned;
  out["provisioned_at"] =
      provisioned && *provisioned ? json((*provisioned)->provisioned_at) : json();
  out["portal_url"] = or_null(c.portal.url);
  out["center"] = {{"name", c.centre.name_vi}, {"address", or_null(c.centre.address)}};

  json queue = {{"depth", nullptr}, {"oldest_queued_at", nullptr}, {"needs_attention", nullptr}};
  json store_info = {{"file", (state / "kiosk.db").string()}};
  json catalog = nullptr, last_contact = nullptr, printer_state = "unknown", store_error = nullptr;
  json scanner_state = "unknown";
  std::error_code ec;
  if (fs::exists(state / "kiosk.db", ec)) {
    if (auto store = offline::Store::open(state / "kiosk.db")) {
      if (auto q = offline::queue_summary(*store)) {
        queue["depth"] = q->queued;
        queue["needs_attention"] = q->needs_attention;
        queue["oldest_queued_at"] = or_null(q->oldest_queued_at);
      }
      store_info["schema_version"] = store->schema_version();
      store_info["size_bytes"] = fs::file_size(state / "kiosk.db", ec);
      if (auto kept = offline::load_catalog(*store); kept && *kept) catalog = (*kept)->version;
      if (auto v = offline::get_setting(*store, "sync.last_contact_at"); v && *v)
        last_contact = **v;
      if (auto v = offline::get_setting(*store, "printer.state"); v && *v) printer_state = **v;
      if (auto v = offline::get_setting(*store, "scanner.state"); v && *v) scanner_state = **v;
    } else {
      store_error = store.error().message_en + " (" + store.error().detail + ")";
    }
  }
  out["queue"] = queue;
  out["last_contact_at"] = last_contact;
  out["catalog_version"] = catalog;
  out["store"] = store_info;
  out["store"]["error"] = store_error;
  out["printer"] = {{"transport", c.devices.printer.transport},
                    {"target", or_null(c.devices.printer.target)},
                    {"paper_mm", c.devices.printer.paper_mm},
                    {"state", printer_state}};
  out["scanner"] = {{"serial", c.devices.scanner_port.empty() ? "auto" : c.devices.scanner_port},
                    {"camera", c.devices.camera_device.empty() ? "auto" : c.devices.camera_device},
                    {"state", scanner_state}};
  struct statvfs vfs {};
  const fs::path disk_path = fs::exists(state, ec) ? state : fs::path("/");
  if (::statvfs(disk_path.c_str(), &vfs) == 0)
    out["disk"] = {{"path", disk_path.string()},
                   {"free_bytes", static_cast<unsigned long long>(vfs.f_bavail) * vfs.f_frsize},
                   {"total_bytes", static_cast<unsigned long long>(vfs.f_blocks) * vfs.f_frsize}};
  out["screen"] = {{"width", c.display.width},
                   {"height", c.display.height},
                   {"diagonal_inch", c.display.diagonal_inch},
                   {"min_touch_px", kiosk::min_touch_px(c)}};
  if (check_network) {
    if (c.portal.url.empty() || c.portal.ca_file.empty()) {
      out["network"] = {{"error", "not provisioned: no portal URL or CA"}};
    } else {
      const offline::PortalCheck n = offline::check_portal(sync_config(c));
      out["network"] = {{"dns", n.dns},
                        {"connect", n.connect},
                        {"tls", n.tls},
                        {"token", n.token_ok},
                        {"http_status", n.http_status},
                        {"dns_ms", n.dns_ms},
                        {"connect_ms", n.connect_ms},
                        {"tls_ms", n.tls_ms},
                        {"total_ms", n.total_ms},
                        {"clock_skew_s", n.clock_skew_s ? json(*n.clock_skew_s) : json()},
                        {"error", or_null(n.error)}};
    }
  }
  return out;
}

int status_command(const std::vector<std::string_view>& args) {
  bool network = false;
  std::vector<std::string> words = {"kiosk"};
  for (auto a : args) {
    if (a == "--network")
      network = true;
    else
      words.emplace_back(a);
  }
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  auto o = parse_options(int(argv.size()), argv.data());
  if (!o) {
    std::fprintf(stderr, "kiosk: status: %s\n", o.error().c_str());
    return 2;
  }
  std::printf("%s\n", terminal_status(o->config, network).dump(2).c_str());
  return 0;
}

}  // namespace app
