#include "headless.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <mutex>

#include "log.hpp"
#include "store.hpp"
#include "watchdog.hpp"

namespace app {

namespace {
std::atomic<bool> g_stop{false};
void on_signal(int) {
  g_stop = true;
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
  {
    auto store = offline::Store::open(db);  // creates and migrates before the engine starts
    if (!store) {
      log_error("headless: %s", store.error().message_en.c_str());
      return 1;
    }
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
  while (!g_stop && std::chrono::steady_clock::now() < until && !(o.until_drained && drained)) {
    cv.wait_for(lock, std::chrono::milliseconds(100));
    watchdog.ping(ms_now());
  }
  lock.unlock();
  watchdog.stopping();
  engine.stop();
  return 0;
}

}  // namespace app
