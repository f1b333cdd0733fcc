// The sync engine: a background thread with its own SQLite connection drains the outbox to the
// portal over HTTPS (libcurl, TLS verified against the provisioned CA only, bearer token, one
// Idempotency-Key per row, one kept-alive connection, up to 100 rows a call when the queue is
// long). After the portal's acknowledgement the row's personal data is deleted in the same
// transaction that marks it synced. Transient failures back off with full jitter (Retry-After
// honoured); 400/413/422 park the row for staff; 401 stops until the terminal is provisioned again.
// Nothing is ever dropped. It also sends heartbeats, pulls the catalog (ETag) and the statuses of
// the cases this terminal sent (normalised to NFC), and reports what changed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <expected>
#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace offline {

class Store;

struct SyncPolicy {
  std::chrono::milliseconds base_backoff{1000};
  std::chrono::milliseconds max_backoff{std::chrono::minutes(5)};
  long request_timeout_ms = 10'000;
  long connect_timeout_ms = 5'000;
  int batch_size = 100;  // rows per call when more than one is due (the portal takes ≤ 100)
  std::chrono::milliseconds heartbeat_interval{std::chrono::minutes(1)};
  std::chrono::milliseconds status_interval{std::chrono::minutes(10)};  // per case
  int status_days = 120;  // cases younger than this are followed
  int status_per_pass = 50;
};

struct SyncConfig {
  std::string portal_url;   // "https://localhost:8443"
  std::string token;        // bearer token from enrollment
  std::string terminal_id;  // for heartbeats
  std::string app_version = "0.1.0";
  std::filesystem::path ca_file;  // the only CA trusted for the portal
  SyncPolicy policy;
};

// What the UI needs to know after each pass.
struct SyncReport {
  bool online = false;                  // the last contact with the portal succeeded
  bool unauthorized = false;            // 401: needs re-provisioning ("cần cấu hình lại")
  int queued = 0;                       // rows still waiting (queued, not parked)
  int needs_attention = 0;              // rows parked for staff
  std::string last_error;               // for technicians and logs; never personal data
  bool catalog_changed = false;         // a new catalog is in the store: the UI reloads it
  bool statuses_changed = false;        // the portal moved at least one case
  bool public_answers_changed = false;  // new published answers are in the store
  int sent = 0;                         // rows acknowledged in this pass
};

class SyncEngine {
 public:
  SyncEngine(std::filesystem::path db_file, SyncConfig config,
             std::function<void(const SyncReport&)> on_report);
  ~SyncEngine();  // stops and joins
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  void start();
  void stop();
  void wake();  // something was queued: try now

 private:
  void loop();
  // One pass: sends what is due; returns how long to sleep before the next one.
  std::chrono::milliseconds drain(void* curl, Store& store, SyncReport& report);
  // Sends one group of due rows of one kind (singly or as a batch); false when the pass must end.
  bool send_group(void* curl, Store& store, SyncReport& report, std::chrono::milliseconds& wait);
  // Pulls the catalog (If-None-Match); also tells whether the portal answers at all.
  void pull_catalog(void* curl, Store& store, SyncReport& report);
  void heartbeat(void* curl, Store& store, SyncReport& report);
  void pull_statuses(void* curl, Store& store, SyncReport& report);
  void pull_public_answers(void* curl, Store& store, SyncReport& report);

  std::filesystem::path db_file_;
  SyncConfig config_;
  std::function<void(const SyncReport&)> on_report_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  bool batches_ = true;  // off when the portal does not take batches: rows go one by one
  std::chrono::steady_clock::time_point started_{};
  std::chrono::steady_clock::time_point next_heartbeat_{};
};

// {"items": [{"idempotency_key", "request"|"rating": body}]}: several outbox rows in one call.
[[nodiscard]] nlohmann::json batch_body(
    const std::vector<std::pair<std::string, nlohmann::json>>& key_and_body, bool requests);
// The heartbeat from the store's queue: depth, oldest queued, devices, version, uptime.
[[nodiscard]] nlohmann::json heartbeat_body(Store& store, const std::string& app_version,
                                            long long uptime_s);

// The published answers the terminal keeps ({"answers": [...]}), or "" when it has none yet.
[[nodiscard]] std::string load_public_answers(Store& store);

// GET /api/v1/catalog with the kept ETag; a new, readable catalog is kept in the store with its
// ETag (NFC). `transport` and `status` say how the portal answered (unreachable, 304, 401…).
struct CatalogPull {
  bool changed = false;
  std::string version;
  int transport = 0;  // CURLcode: 0 when the portal was reached
  long status = 0;    // HTTP status when reached
};
[[nodiscard]] std::expected<CatalogPull, std::string> fetch_catalog(void* curl,
                                                                    const SyncConfig& config,
                                                                    Store& store);

// Every string in `doc` (values and keys) in Unicode NFC, with utf8proc. A string that is not
// UTF-8 is not guessed at: it becomes "".
void normalise_nfc(nlohmann::json& doc);

// Full jitter: a random wait in [0, min(cap, base · 2^attempt)].
[[nodiscard]] std::chrono::milliseconds backoff_delay(int attempt, const SyncPolicy& policy);

}  // namespace offline
