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
  using kiosk::TechFact;
  auto add = [&](TechFact fact, std::string value, bool ok = true) {
    lines.push_back({fact, std::move(value), ok});
  };
  add(TechFact::Version, text_of(st["app_version"]));
  add(TechFact::Terminal, text_of(st["terminal_id"]));
  // No portal: an empty value, which the screen says as "not provisioned".
  const bool portal = !st["portal_url"].is_null();
  add(TechFact::Portal, portal ? text_of(st["portal_url"]) : "", portal);
  add(TechFact::Provisioned, text_of(st["provisioned_at"]));
  const int depth = st["queue"]["depth"].is_number() ? st["queue"]["depth"].get<int>() : -1;
  add(TechFact::Queue, std::to_string(depth) + " – " + text_of(st["queue"]["oldest_queued_at"]),
      depth <= 0);
  const int attention =
      st["queue"]["needs_attention"].is_number() ? st["queue"]["needs_attention"].get<int>() : 0;
  add(TechFact::NeedsAttention, std::to_string(attention), attention == 0);
  add(TechFact::LastContact, text_of(st["last_contact_at"]), !st["last_contact_at"].is_null());
  add(TechFact::Catalog, text_of(st["catalog_version"]));
  add(TechFact::Printer,
      text_of(st["printer"]["state"]) + " – " + text_of(st["printer"]["transport"]) + " " +
          text_of(st["printer"]["target"]),
      st["printer"]["state"] == "ready" || st["printer"]["state"] == "disabled");
  add(TechFact::Scanner, "serial " + text_of(st["scanner"]["serial"]) + ", camera " +
                             text_of(st["scanner"]["camera"]));
  const bool disk_ok = st.contains("disk") && st["disk"]["free_bytes"].is_number() &&
                       st["disk"]["free_bytes"].get<double>() > 200e6;
  add(TechFact::DiskFree,
      st.contains("disk")
          ? megabytes(st["disk"]["free_bytes"]) + " / " + megabytes(st["disk"]["total_bytes"])
          : "—",
      disk_ok);
  add(TechFact::Store,
      "schema " + text_of(st["store"]["schema_version"]) + ", " +
          megabytes(st["store"]["size_bytes"]),
      st["store"]["error"].is_null());
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(renderer_, &w, &h);
  add(TechFact::Screen, std::to_string(options_.config.display.width) + "×" +
                            std::to_string(options_.config.display.height) + ", " +
                            text_of(st["screen"]["diagonal_inch"]) + "\", " + renderer_name() +
                            ", " + std::to_string(w) + "×" + std::to_string(h) + " px");
  dispatch(kiosk::EventTechInfo{std::move(lines)});
}

void App::check_network() {
  const kiosk::KioskConfig c = options_.config;
  tech_job_.start(queue_, [this, c]() -> UiQueue::Task {
    using kiosk::TechFact;
    std::vector<kiosk::TechLine> lines;
    if (c.portal.url.empty() || c.portal.ca_file.empty()) {
      lines.push_back({TechFact::Portal, "", false});
    } else {
      const offline::PortalCheck n = offline::check_portal(sync_config(c));
      char ms[64];
      std::snprintf(ms, sizeof ms, "%.0f ms", n.dns_ms);
      lines.push_back({TechFact::Dns, n.dns ? ms : n.error, n.dns});
      std::snprintf(ms, sizeof ms, "%.0f ms", n.connect_ms);
      lines.push_back({TechFact::Tcp, n.connect ? ms : n.error, n.connect});
      std::snprintf(ms, sizeof ms, "%.0f ms", n.tls_ms);
      lines.push_back({TechFact::Tls, n.tls ? ms : n.error, n.tls});
      lines.push_back({TechFact::Token, n.token_ok ? "OK" : "HTTP " + std::to_string(n.http_status),
                       n.token_ok});
      const bool skew_ok = n.clock_skew_s && std::llabs(*n.clock_skew_s) <= 60;
      lines.push_back({TechFact::Clock,
                       n.clock_skew_s ? std::to_string(*n.clock_skew_s) + " s" : "—", skew_ok});
    }
    return [this, lines = std::move(lines)] { dispatch(kiosk::EventNetworkChecked{lines}); };
  });
}

void App::provision(const kiosk::EffectProvision& fx) {
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
    req.export_queue_to =
        std::filesystem::path(options_.config.state_dir) /
        ("queue-export-" + options_.config.centre.terminal_id + "-" + stamp + ".jsonl");
  }
  tech_job_.start(queue_, [this, req, pin = fx.technician_pin]() mutable -> UiQueue::Task {
    kiosk::EventProvisioned result{};
    if (!pin.empty()) {
      auto store = offline::Store::open(req.state_dir / "kiosk.db");
      if (!store || !offline::set_pin(*store, offline::PinRole::Technician, pin))
        result.pin_not_kept = true;
      std::fill(pin.begin(), pin.end(), '\0');
    }
    if (!result.pin_not_kept) {
      auto done = offline::provision(req);
      if (done) {
        result.ok = true;
        result.terminal_id = done->terminal_id;
        result.center_name = done->center_name;
        result.portal_url = done->portal_url;
        log_info("provisioned: terminal %s with %s", done->terminal_id.c_str(),
                 done->portal_url.c_str());
      } else {
        result.queue_waiting = done.error().kind == offline::ProvisionError::QueueNotEmpty;
        result.error_vi = offline::provision_error_vi(done.error().kind);
        result.error_en = offline::provision_error_en(done.error().kind);
        log_error("provisioning failed: %s (%s)",
                  std::string(offline::provision_error_en(done.error().kind)).c_str(),
                  done.error().detail.c_str());
      }
    }
    return [this, result = std::move(result)] {
      if (result.ok) apply_provisioned();  // the new portal first, then the flow hears of it
      dispatch(result);
    };
  });
}

// The new portal, token, CA, key, terminal and centre take effect at once: the sync engine
// restarts with them and the catalog the provisioning pulled is loaded.
void App::apply_provisioned() {
  auto p = offline::load_provisioned(options_.config.state_dir);
  if (!p || !*p) return;
  kiosk::KioskConfig& c = options_.config;
  c.portal.url = (*p)->portal_url;
  c.portal.token = (*p)->token;
  c.portal.ca_file = (*p)->ca_file.string();
  c.portal.public_key = (*p)->portal_public_key;
  c.centre.terminal_id = (*p)->terminal_id;
  if (!(*p)->center_name.empty()) c.centre.name_vi = (*p)->center_name;
  if (!(*p)->center_address.empty()) c.centre.address = (*p)->center_address;
  if (auto key = offline::parse_portal_key(c.portal.public_key)) portal_key_ = *key;
  sync_.reset();
  start_sync();
  load_catalog();
  refresh_queue();
}

}  // namespace app
