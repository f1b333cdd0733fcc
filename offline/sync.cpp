#include "sync.hpp"

#include <curl/curl.h>
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <vector>

#include "catalog.hpp"
#include "outbox.hpp"
#include "sealing.hpp"
#include "sql.hpp"
#include "store.hpp"

namespace offline {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

std::int64_t unix_ms() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// next_attempt_at holds unix milliseconds, zero-padded so text order is time order.
std::string stamp(std::int64_t ms) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%015lld", static_cast<long long>(ms));
  return buf;
}

struct Response {
  CURLcode transport = CURLE_OK;
  long status = 0;
  long retry_after_s = -1;
  std::string etag;
  std::string body;
};

size_t on_body(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}
struct Headers {
  long retry_after_s = -1;
  std::string etag;
};

size_t on_header(char* data, size_t size, size_t n, void* out) {
  const std::string line(data, size * n);
  auto* h = static_cast<Headers*>(out);
  if (line.size() > 5 && (line.rfind("ETag:", 0) == 0 || line.rfind("etag:", 0) == 0)) {
    std::string v = line.substr(5);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
    h->etag = v;
  }
  if (line.size() > 12 &&
      (line.rfind("Retry-After:", 0) == 0 || line.rfind("retry-after:", 0) == 0))
    h->retry_after_s = std::strtol(line.c_str() + 12, nullptr, 10);
  return size * n;
}

// One call on the kept-alive handle. POST when `body` is given, else GET.
Response call(CURL* curl, const SyncConfig& c, const std::string& path,
              const std::vector<std::string>& extra_headers, const std::string* body) {
  Response r;
  Headers h;
  const std::string url = c.portal_url + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body->size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("Authorization: Bearer " + c.token).c_str());
  for (const auto& x : extra_headers) headers = curl_slist_append(headers, x.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &h);
  r.transport = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  r.retry_after_s = h.retry_after_s;
  r.etag = h.etag;
  curl_slist_free_all(headers);
  return r;
}

Response post(CURL* curl, const SyncConfig& c, const std::string& path, const std::string& key,
              const std::string& body) {
  return call(curl, c, path, {"Idempotency-Key: " + key}, &body);
}

// Runs one statement with text parameters ?1, ?2, …
void exec(sqlite3* db, const char* text, std::initializer_list<std::string> args) {
  sql::Statement st(db, text);
  int i = 0;
  for (const auto& a : args) st.bind(++i, a);
  st.step();
}

}  // namespace

milliseconds backoff_delay(int attempt, const SyncPolicy& p) {
  const double cap = double(p.max_backoff.count());
  const double grown = double(p.base_backoff.count()) * std::pow(2.0, std::min(attempt, 30));
  const auto ceiling = static_cast<std::uint32_t>(std::min(cap, grown));
  return milliseconds(ceiling == 0 ? 0 : randombytes_uniform(ceiling + 1));
}

SyncEngine::SyncEngine(std::filesystem::path db_file, SyncConfig config,
                       std::function<void(const SyncReport&)> on_report)
    : db_file_(std::move(db_file)), config_(std::move(config)), on_report_(std::move(on_report)) {
  // Not thread-safe, so once here on the caller's thread rather than inside the sync thread.
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)curl_ready;
}

SyncEngine::~SyncEngine() {
  stop();
}

void SyncEngine::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { loop(); });
}

void SyncEngine::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncEngine::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

void SyncEngine::loop() {
  auto store = Store::open(db_file_);
  CURL* curl = curl_easy_init();
  if (!store || !curl) {
    SyncReport r;
    r.last_error = store ? "curl failed to start" : "store: " + store.error().detail;
    on_report_(r);
    if (curl) curl_easy_cleanup(curl);
    return;
  }
  // TLS: the provisioned CA only; no switch turns verification off.
  const std::string ca = config_.ca_file.string();
  curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, config_.policy.request_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, config_.policy.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  while (true) {
    SyncReport report;
    const milliseconds wait = drain(curl, *store, report);
    on_report_(report);
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, wait, [this] { return stop_ || woken_; });
    if (stop_) break;
    woken_ = false;
  }
  curl_easy_cleanup(curl);
}

milliseconds SyncEngine::drain(void* curl_handle, Store& store, SyncReport& report) {
  CURL* curl = static_cast<CURL*>(curl_handle);
  sqlite3* db = store.handle();
  milliseconds wait = milliseconds(60'000);
  bool contacted = false;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) break;
    }
    std::string id, kind, key;
    json body;
    int attempts = 0;
    {
      sql::Statement st(db,
                        "SELECT id, kind, idempotency_key, body, sealed_personal, attempts FROM "
                        "outbox WHERE state = 'queued' AND (next_attempt_at IS NULL OR "
                        "next_attempt_at <= ?1) ORDER BY id LIMIT 1");
      st.bind(1, stamp(unix_ms()));
      if (st.step() != SQLITE_ROW) break;
      id = st.text(0);
      kind = st.text(1);
      key = st.text(2);
      body = json::parse(st.text(3), nullptr, false);
      if (kind == "request" && sqlite3_column_type(st.get(), 4) != SQLITE_NULL) {
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st.get(), 4));
        body["sealed_personal"] =
            to_base64(std::vector<unsigned char>(blob, blob + sqlite3_column_bytes(st.get(), 4)));
      }
      attempts = sqlite3_column_int(st.get(), 5);
    }

    const Response r =
        post(curl, config_, kind == "request" ? "/api/v1/requests" : "/api/v1/ratings", key,
             body.dump());
    if (r.transport == CURLE_OK) contacted = true;
    if (r.transport == CURLE_OK && (r.status == 200 || r.status == 201)) {
      // Acknowledged: the personal data leaves the terminal in the same transaction.
      exec(db,
           "UPDATE outbox SET state = 'synced', sealed_personal = NULL, last_error = NULL, "
           "attempts = attempts + 1 WHERE id = ?1",
           {id});
      continue;
    }
    if (r.transport == CURLE_OK && (r.status == 400 || r.status == 413 || r.status == 422)) {
      json err = json::parse(r.body, nullptr, false);
      std::string why = "HTTP " + std::to_string(r.status);
      if (err.is_object() && err.contains("error") && err["error"].is_object())
        why += " " + err["error"].value("code", "") + ": " + err["error"].value("message_en", "");
      exec(db, "UPDATE outbox SET state = 'needs_attention', last_error = ?2 WHERE id = ?1",
           {id, why});
      continue;
    }
    if (r.transport == CURLE_OK && r.status == 401) {
      report.unauthorized = true;
      report.last_error = "HTTP 401: the terminal's token was refused";
      wait = milliseconds(5 * 60'000);
      break;
    }
    // Transient: the portal is down, slow or busy. Back off; the row stays as it is.
    milliseconds delay = backoff_delay(attempts, config_.policy);
    if (r.retry_after_s >= 0) delay = std::max(delay, milliseconds(r.retry_after_s * 1000));
    report.last_error = r.transport != CURLE_OK
                            ? std::string("transport: ") + curl_easy_strerror(r.transport)
                            : "HTTP " + std::to_string(r.status);
    exec(db,
         "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 "
         "WHERE id = ?1",
         {id, stamp(unix_ms() + delay.count()), report.last_error});
    wait = delay;
    break;
  }
  if (report.last_error.empty() && !report.unauthorized) {
    pull_catalog(curl, store, report);
    contacted = contacted || report.last_error.empty();
  }
  report.online = contacted && !report.unauthorized && report.last_error.empty();
  report.queued =
      sql::query_int(db, "SELECT count(*) FROM outbox WHERE state = 'queued'").value_or(0);
  report.needs_attention =
      sql::query_int(db, "SELECT count(*) FROM outbox WHERE state = 'needs_attention'").value_or(0);
  if (report.queued > 0 && report.last_error.empty()) {
    // Rows waiting for their backoff: wake when the first one is due.
    const auto due =
        sql::query_text(db, "SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'");
    if (due && !due->empty())
      wait =
          milliseconds(std::max<long long>(0, std::strtoll(due->c_str(), nullptr, 10) - unix_ms()));
  }
  return wait;
}

void SyncEngine::pull_catalog(void* curl_handle, Store& store, SyncReport& report) {
  CURL* curl = static_cast<CURL*>(curl_handle);
  sqlite3* db = store.handle();
  const std::string etag =
      sql::query_text(db, "SELECT value FROM settings WHERE key = 'catalog_etag'").value_or("");
  std::vector<std::string> headers;
  if (!etag.empty()) headers.push_back("If-None-Match: " + etag);
  const Response r = call(curl, config_, "/api/v1/catalog", headers, nullptr);
  if (r.transport != CURLE_OK) {
    report.last_error = std::string("transport: ") + curl_easy_strerror(r.transport);
    return;
  }
  if (r.status == 304) return;
  if (r.status == 401) {
    report.unauthorized = true;
    report.last_error = "HTTP 401: the terminal's token was refused";
    return;
  }
  if (r.status != 200) {
    report.last_error = "catalog: HTTP " + std::to_string(r.status);
    return;
  }
  auto parsed = kiosk::parse_catalog(r.body);
  if (!parsed) {  // keep the catalog we have; a broken one never replaces it
    report.last_error = parsed.error();
    return;
  }
  // The catalog and its ETag change together, or not at all.
  const auto saved = sql::in_transaction(db, [&]() -> std::expected<void, StoreError> {
    if (auto kept = save_catalog(store, {parsed->version, r.body}); !kept) return kept;
    sql::Statement st(db,
                      "INSERT INTO settings(key, value) VALUES ('catalog_etag', ?1) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, r.etag);
    if (st.step() != SQLITE_DONE) return std::unexpected(st.error());
    return {};
  });
  if (!saved) {
    report.last_error = "catalog: " + saved.error().detail;
    return;
  }
  report.catalog_changed = true;
}

}  // namespace offline
