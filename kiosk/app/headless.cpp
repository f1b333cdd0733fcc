#include "headless.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "catalog.hpp"
#include "catalog_source.hpp"
#include "log.hpp"
#include "outbox.hpp"
#include "sealing.hpp"
#include "store.hpp"
#include "watchdog.hpp"

namespace app {

namespace {
std::atomic<bool> g_stop{false};
void on_signal(int) {
  g_stop = true;
}
// Burn-in: what a resident's submit does, from a draft that passes every check.
struct Soak {
  offline::SubmitContext context;
  std::string agency, field;
  int made = 0;
};

std::optional<Soak> start_soak(offline::Store& store, const kiosk::KioskConfig& c) {
  auto key = offline::parse_portal_key(c.portal.public_key);
  if (!key) {
    log_error("soak: the portal's public key: %s", key.error().c_str());
    return std::nullopt;
  }
  const std::optional<kiosk::Catalog> catalog = catalog_in_force(&store, c.catalog_file);
  if (!catalog || catalog->agencies.empty() || catalog->agencies[0].field_ids.empty()) {
    log_error("soak: no catalog with a body and a field");
    return std::nullopt;
  }
  Soak s;
  s.context = {c.centre.terminal_id, *key, catalog->rules, catalog->calendar};
  s.agency = catalog->agencies[0].id;
  s.field = catalog->agencies[0].field_ids[0];
  return s;
}

void soak_once(offline::Store& store, Soak& s) {
  kiosk::RequestDraft d;
  d.agency_id = s.agency;
  d.field_id = s.field;
  d.impact = "Kiểm tra máy (burn-in): yêu cầu thử số " + std::to_string(++s.made) + ".";
  d.aspects = kiosk::kAspectLegalBasis;
  d.question = "Yêu cầu thử của chế độ kiểm tra máy, không cần trả lời.";
  d.personal.full_name = "Kiểm Tra Máy";
  d.personal.address = "Trung tâm Phục vụ hành chính công";
  d.personal.phone = "0900000000";
  d.personal.signature = {{{0.1f, 0.5f}, {0.5f, 0.2f}, {0.9f, 0.6f}}};
  d.consent = true;
  auto receipt = offline::submit_request(store, d, s.context, std::chrono::system_clock::now());
  if (!receipt) {
    log_error("soak: submit failed: %s", receipt.error().message_en.c_str());
    return;
  }
  log_info("request queued: %s", receipt->code.c_str());  // as the window logs a receipt shown
}

}  // namespace

offline::SyncConfig sync_config(const kiosk::KioskConfig& c) {
  offline::SyncConfig sc;
  sc.portal_url = c.portal.url;
  sc.token = c.portal.token;
  sc.ca_file = c.portal.ca_file;
  sc.terminal_id = c.centre.terminal_id;
  sc.app_version = KIOSK_VERSION;
  return sc;
}

int run_headless(const RunOptions& o) {
  const kiosk::KioskConfig& c = o.config;
  if (c.portal.url.empty() || c.portal.token.empty() || c.portal.ca_file.empty()) {
    log_error("headless: no portal is configured (portal URL, token and CA)");
    return 1;
  }
  const std::filesystem::path db = std::filesystem::path(c.state_dir) / "kiosk.db";
  auto store = offline::Store::open(db);  // creates and migrates before the engine starts
  if (!store) {
    log_error("headless: %s", store.error().message_en.c_str());
    return 1;
  }
  // After a power cut this is the first thing a technician wants to know.
  const auto integrity = store->integrity_check();
  log_info("store integrity_check: %s",
           integrity ? integrity->c_str() : integrity.error().detail.c_str());
  std::optional<Soak> soak;
  if (o.soak_every_ms > 0) {
    soak = start_soak(*store, c);
    if (!soak) return 1;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::mutex m;
  std::condition_variable cv;
  bool drained = false;
  offline::SyncEngine engine(db, sync_config(c), [&](const offline::SyncReport& r) {
    // Counts and states only: no personal data is ever in a report.
    log_info("sync: %s, queued %d, needs attention %d, sent %d%s%s",
             r.unauthorized ? "cần cấu hình lại / needs re-provisioning"
             : r.online     ? "online"
                            : "offline",
             r.queued, r.needs_attention, r.sent, r.last_error.empty() ? "" : ", ",
             r.last_error.c_str());
    std::lock_guard lock(m);
    drained = r.online && r.queued == 0;
    cv.notify_all();
  });
  engine.start();
  const auto until = o.exit_after_ms >= 0 ? std::chrono::steady_clock::now() +
                                                std::chrono::milliseconds(o.exit_after_ms)
                                          : std::chrono::steady_clock::time_point::max();
  device::Watchdog watchdog;  // as a systemd service: ready, then alive every half timeout
  watchdog.ready("syncing");
  auto ms_now = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  std::unique_lock lock(m);
  auto next_soak = std::chrono::steady_clock::now();
  while (!g_stop && std::chrono::steady_clock::now() < until && !(o.until_drained && drained)) {
    cv.wait_for(
        lock, std::chrono::milliseconds(soak ? std::min<std::int64_t>(100, o.soak_every_ms) : 100));
    watchdog.ping(ms_now());
    if (soak && std::chrono::steady_clock::now() >= next_soak) {
      lock.unlock();
      soak_once(*store, *soak);
      engine.wake();
      lock.lock();
      next_soak += std::chrono::milliseconds(o.soak_every_ms);
    }
  }
  lock.unlock();
  watchdog.stopping();
  engine.stop();
  return 0;
}

}  // namespace app
