// Technician mode and provisioning: the terminal's facts, the network check, and enrolling with a
// portal (first boot or "Cấu hình lại"), applied without a restart. Part of App (app.hpp).
#include <chrono>
#include <cstdio>

#include "app.hpp"
#include "diagnostics.hpp"
#include "headless.hpp"
#include "log.hpp"
#include "machine_identity.hpp"
#include "pins.hpp"
#include "provision.hpp"
#include "status_report.hpp"
#include "wake_events.hpp"

namespace app {

namespace {

std::string text_of(const nlohmann::json& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string megabytes(const nlohmann::json& bytes) {
  if (!bytes.is_number()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f MB", bytes.get<double>() / 1e6);
  return buf;
}

}  // namespace

void App::load_tech_info() {
  const nlohmann::json st = terminal_status(options_.config, false);
  std::vector<kiosk::TechLine> lines;
  auto add = [&](std::string label, std::string value, bool ok = true) {
    lines.push_back({std::move(label), std::move(value), ok});
  };
  add("Phiên bản / Version", text_of(st["app_version"]));
  add("Mã máy / Terminal", text_of(st["terminal_id"]));
  add("Cổng dịch vụ / Portal", text_of(st["portal_url"]), !st["portal_url"].is_null());
  add("Cấu hình lúc / Provisioned", text_of(st["provisioned_at"]));
  const int depth = st["queue"]["depth"].is_number() ? st["queue"]["depth"].get<int>() : -1;
  add("Hàng đợi / Queue", std::to_string(depth) + " – " + text_of(st["queue"]["oldest_queued_at"]),
      depth <= 0);
  const int attention =
      st["queue"]["needs_attention"].is_number() ? st["queue"]["needs_attention"].get<int>() : 0;
  add("Cần xử lý / Needs attention", std::to_string(attention), attention == 0);
  add("Liên lạc cổng / Last contact", text_of(st["last_contact_at"]),
      !st["last_contact_at"].is_null());
  add("Danh mục / Catalog", text_of(st["catalog_version"]));
  add("Máy in / Printer",
      text_of(st["printer"]["state"]) + " – " + text_of(st["printer"]["transport"]) + " " +
          text_of(st["printer"]["target"]),
      st["printer"]["state"] == "ready" || st["printer"]["state"] == "disabled");
  add("Máy quét / Scanner", "serial " + text_of(st["scanner"]["serial"]) + ", camera " +
                                text_of(st["scanner"]["camera"]));
  const bool disk_ok = st.contains("disk") && st["disk"]["free_bytes"].is_number() &&
                       st["disk"]["free_bytes"].get<double>() > 200e6;
  add("Dung lượng trống / Disk free",
      st.contains("disk")
          ? megabytes(st["disk"]["free_bytes"]) + " / " + megabytes(st["disk"]["total_bytes"])
          : "—",
      disk_ok);
  add("Dữ liệu / Store",
      "schema " + text_of(st["store"]["schema_version"]) + ", " +
          megabytes(st["store"]["size_bytes"]),
      st["store"]["error"].is_null());
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(renderer_, &w, &h);
  add("Màn hình / Screen", std::to_string(options_.config.screen_width) + "×" +
                               std::to_string(options_.config.screen_height) + ", " +
                               text_of(st["screen"]["diagonal_inch"]) + "\", " + renderer_name() +
                               ", " + std::to_string(w) + "×" + std::to_string(h) + " px");
  dispatch(kiosk::EventTechInfo{std::move(lines)});
}

void App::check_network() {
  if (tech_thread_.joinable()) tech_thread_.join();
  const kiosk::KioskConfig c = options_.config;
  tech_thread_ = std::thread([this, c] {
    std::vector<kiosk::TechLine> lines;
    if (c.portal_url.empty() || c.portal_ca_file.empty()) {
      lines.push_back({"Cổng dịch vụ / Portal", "chưa cấu hình / not provisioned", false});
    } else {
      const offline::PortalCheck n = offline::check_portal(sync_config(c));
      char ms[64];
      std::snprintf(ms, sizeof ms, "%.0f ms", n.dns_ms);
      lines.push_back({"DNS", n.dns ? ms : n.error, n.dns});
      std::snprintf(ms, sizeof ms, "%.0f ms", n.connect_ms);
      lines.push_back({"TCP", n.connect ? ms : n.error, n.connect});
      std::snprintf(ms, sizeof ms, "%.0f ms", n.tls_ms);
      lines.push_back({"TLS (CA)", n.tls ? ms : n.error, n.tls});
      lines.push_back(
          {"Token", n.token_ok ? "OK" : "HTTP " + std::to_string(n.http_status), n.token_ok});
      const bool skew_ok = n.clock_skew_s && std::llabs(*n.clock_skew_s) <= 60;
      lines.push_back({"Đồng hồ / Clock",
                       n.clock_skew_s ? std::to_string(*n.clock_skew_s) + " s" : "—", skew_ok});
    }
    {
      std::lock_guard lock(paper_mutex_);
      network_result_ = kiosk::EventNetworkChecked{std::move(lines)};
    }
    push_wake(kTechnicianCode);
  });
}

void App::provision(const kiosk::EffectProvision& fx) {
  if (tech_thread_.joinable()) tech_thread_.join();
  offline::ProvisionRequest req;
  req.target = fx.target;
  req.state_dir = options_.config.state_dir;
  req.hardware_id = device::read_machine_identity().hardware_id;
  req.app_version = KIOSK_VERSION;
  if (fx.export_queue) {
    const std::string stamp =
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count());
    req.export_queue_to = std::filesystem::path(options_.config.state_dir) /
                          ("queue-export-" + options_.config.terminal_id + "-" + stamp + ".jsonl");
  }
  tech_thread_ = std::thread([this, req, pin = fx.technician_pin]() mutable {
    kiosk::EventProvisioned result{false, false, "", ""};
    if (!pin.empty()) {
      auto store = offline::Store::open(req.state_dir / "kiosk.db");
      if (!store || !offline::set_pin(*store, offline::PinRole::Technician, pin)) {
        result.message_vi = "Không lưu được mã PIN kỹ thuật viên.";
        result.message_en = "The technician PIN cannot be kept.";
      }
      std::fill(pin.begin(), pin.end(), '\0');
    }
    if (result.message_vi.empty()) {
      auto done = offline::provision(req);
      if (done) {
        result.ok = true;
        result.message_vi = "Sẵn sàng: máy " + done->terminal_id + ", " + done->center_name;
        result.message_en = "Ready: terminal " + done->terminal_id + ", " + done->center_name;
        log_info("provisioned: terminal %s with %s", done->terminal_id.c_str(),
                 done->portal_url.c_str());
      } else {
        result.queue_waiting = done.error().kind == offline::ProvisionError::QueueNotEmpty;
        result.message_vi = offline::provision_error_vi(done.error().kind);
        result.message_en = offline::provision_error_en(done.error().kind);
        log_error("provisioning failed: %s (%s)",
                  std::string(offline::provision_error_en(done.error().kind)).c_str(),
                  done.error().detail.c_str());
      }
    }
    {
      std::lock_guard lock(paper_mutex_);
      provision_result_ = std::move(result);
    }
    push_wake(kTechnicianCode);
  });
}

// The new portal, token, CA, key, terminal and centre take effect at once: the sync engine
// restarts with them and the catalog the provisioning pulled is loaded.
void App::apply_provisioned() {
  auto p = offline::load_provisioned(options_.config.state_dir);
  if (!p || !*p) return;
  kiosk::KioskConfig& c = options_.config;
  c.portal_url = (*p)->portal_url;
  c.portal_token = (*p)->token;
  c.portal_ca_file = (*p)->ca_file.string();
  c.portal_public_key = (*p)->portal_public_key;
  c.terminal_id = (*p)->terminal_id;
  if (!(*p)->center_name.empty()) c.center_name_vi = (*p)->center_name;
  if (!(*p)->center_address.empty()) c.center_address = (*p)->center_address;
  if (auto key = offline::parse_portal_key(c.portal_public_key)) portal_key_ = *key;
  state_.portal_url = c.portal_url;
  sync_.reset();
  start_sync();
  load_catalog();
  refresh_queue();
}

void App::take_technician_results() {
  if (tech_thread_.joinable()) tech_thread_.join();
  std::optional<kiosk::EventNetworkChecked> network;
  std::optional<kiosk::EventProvisioned> provisioned;
  {
    std::lock_guard lock(paper_mutex_);
    network.swap(network_result_);
    provisioned.swap(provision_result_);
  }
  if (network) dispatch(*network);
  if (provisioned) {
    if (provisioned->ok) apply_provisioned();
    dispatch(*provisioned);
  }
}

}  // namespace app
