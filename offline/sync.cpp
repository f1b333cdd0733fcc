#include "sync.hpp"

#include <curl/curl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <vector>

#include "catalog.hpp"
#include "http.hpp"
#include "lookup.hpp"
#include "outbox.hpp"
#include "sealing.hpp"
#include "sql.hpp"
#include "store.hpp"

namespace offline {

namespace {

using http::call;
using http::Response;
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

Response post(CURL* curl, const SyncConfig& c, const std::string& path, const std::string& key,
              const std::string& body) {
  return call(curl, c, path, {"Idempotency-Key: " + key}, &body);
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
  started_ = std::chrono::steady_clock::now();
  next_heartbeat_ = started_;
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
  http::configure(curl, config_, config_.policy.request_timeout_ms);
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

namespace {

struct Row {
  std::int64_t id = 0;
  std::string key;
  json body;
  int attempts = 0;
};

// The due rows as the portal receives them: the body with the sealed personal data in base64.
std::vector<Row> due_rows(Store& store, int limit, std::string& kind) {
  auto due = offline::due_rows(store, stamp(unix_ms()), limit);
  if (!due || due->empty()) return {};
  kind = due->front().kind;
  std::vector<Row> rows;
  for (OutboxRow& o : *due) {
    Row r{o.id, std::move(o.idempotency_key), json::parse(o.body, nullptr, false), o.attempts};
    if (!o.sealed.empty()) r.body["sealed_personal"] = to_base64(o.sealed);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string reason_of(long status, const std::string& body_text, const json* body = nullptr) {
  const json parsed = body ? *body : json::parse(body_text, nullptr, false);
  std::string why = "HTTP " + std::to_string(status);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object())
    why += " " + parsed["error"].value("code", "") + ": " + parsed["error"].value("message_en", "");
  return why;
}

bool parks(long status) {
  return status == 400 || status == 413 || status == 422;
}

// A transport error or a refused token, noted in the report; the pass stops there.
bool unreachable(const Response& r, SyncReport& report) {
  if (r.transport != CURLE_OK) {
    report.last_error = std::string("transport: ") + curl_easy_strerror(r.transport);
    return true;
  }
  if (r.status == 401) {
    report.unauthorized = true;
    report.last_error = "HTTP 401: the terminal's token was refused";
    return true;
  }
  return false;
}

}  // namespace

milliseconds SyncEngine::drain(void* curl_handle, Store& store, SyncReport& report) {
  milliseconds wait = milliseconds(60'000);
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) break;
    }
    if (!send_group(curl_handle, store, report, wait)) break;
  }
  // Then, while the portal answers: heartbeat, catalog, statuses, published answers.
  for (auto step : {&SyncEngine::heartbeat, &SyncEngine::pull_catalog, &SyncEngine::pull_statuses,
                    &SyncEngine::pull_public_answers}) {
    if (!report.last_error.empty() || report.unauthorized) break;
    (this->*step)(curl_handle, store, report);
  }
  report.online = !report.unauthorized && report.last_error.empty();
  if (report.online)  // for `kiosk status` and the technician: when the portal last answered
    (void)set_setting(store, "sync.last_contact_at",
                      kiosk::rfc3339_vietnam(std::chrono::system_clock::now()));
  const QueueSummary queue = queue_summary(store).value_or(QueueSummary{});
  report.queued = queue.queued;
  report.needs_attention = queue.needs_attention;
  if (report.online && !config_.terminal_id.empty()) {
    // The next heartbeat keeps time too.
    wait = std::min(
        wait, std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(
                                            next_heartbeat_ - std::chrono::steady_clock::now())));
  }
  if (report.online && report.queued > 0) {
    // Rows waiting for their backoff: wake when the first one is due.
    const auto due = next_due_at(store);
    if (due && !due->empty())
      wait = std::min(wait, milliseconds(std::max<long long>(
                                0, std::strtoll(due->c_str(), nullptr, 10) - unix_ms())));
  }
  return wait;
}

bool SyncEngine::send_group(void* curl_handle, Store& store, SyncReport& report,
                            milliseconds& wait) {
  CURL* curl = static_cast<CURL*>(curl_handle);
  sqlite3* db = store.handle();
  std::string kind;
  const std::vector<Row> rows = due_rows(store, batches_ ? config_.policy.batch_size : 1, kind);
  if (rows.empty()) return false;
  const bool request = kind == "request";
  const std::string path = request ? "/api/v1/requests" : "/api/v1/ratings";

  Response r;
  // Per row: the HTTP status the portal gave it (0: no answer) and its body.
  std::vector<std::pair<long, json>> results(rows.size(), {0L, json()});
  if (rows.size() == 1) {
    r = post(curl, config_, path, rows[0].key, rows[0].body.dump());
    if (r.transport == CURLE_OK) results[0] = {r.status, json::parse(r.body, nullptr, false)};
  } else {
    std::vector<std::pair<std::string, json>> items;
    for (const Row& row : rows) items.emplace_back(row.key, row.body);
    const std::string body = batch_body(items, request).dump();
    r = call(curl, config_, path + ":batch", {}, &body);
    if (r.transport == CURLE_OK && (r.status == 404 || r.status == 405 || parks(r.status))) {
      batches_ = false;  // a portal without batches (or that refuses this one): one by one
      return true;
    }
    const json reply = json::parse(r.body, nullptr, false);
    if (r.transport == CURLE_OK && r.status == 200 && reply.is_object() &&
        reply.contains("results") && reply["results"].is_array()) {
      for (const json& item : reply["results"]) {
        if (!item.is_object()) continue;
        const std::string key = item.value("idempotency_key", "");
        for (std::size_t i = 0; i < rows.size(); ++i)
          if (rows[i].key == key)
            results[i] = {item.value("status", 0L), item.contains("body") ? item["body"] : json()};
      }
    }
  }
  if (r.transport == CURLE_OK && unreachable(r, report)) {  // 401: wait for re-provisioning
    wait = milliseconds(5 * 60'000);
    return false;
  }

  // Every row's outcome in one transaction (one fsync for the group).
  milliseconds transient_delay{0};
  std::string transient_error;
  const auto applied = sql::in_transaction(db, [&]() -> std::expected<void, StoreError> {
    std::vector<std::int64_t> acked;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const long status = results[i].first;
      if (status == 200 || status == 201) {
        acked.push_back(rows[i].id);
      } else if (parks(status)) {
        const json* b = rows.size() == 1 ? nullptr : &results[i].second;
        if (auto parked = park_row(store, rows[i].id, reason_of(status, r.body, b)); !parked)
          return parked;
      } else {
        // Transient: the portal is down, slow or busy. Back off; the row stays as it is.
        milliseconds delay = backoff_delay(rows[i].attempts, config_.policy);
        if (r.retry_after_s >= 0) delay = std::max(delay, milliseconds(r.retry_after_s * 1000));
        transient_error = r.transport != CURLE_OK
                              ? std::string("transport: ") + curl_easy_strerror(r.transport)
                              : "HTTP " + std::to_string(status ? status : r.status);
        transient_delay = std::max(transient_delay, delay);
        if (auto later = retry_row_later(store, rows[i].id, stamp(unix_ms() + delay.count()),
                                         transient_error);
            !later)
          return later;
      }
    }
    if (!acked.empty()) {
      // Acknowledged: the personal data and the question's text leave the terminal in the same
      // transaction, and a receipt already on paper forgets the masked name and phone.
      auto codes = acknowledge_rows(store, acked);
      if (!codes) return std::unexpected(codes.error());
      if (auto paper = forget_printed_requesters(store, *codes); !paper) return paper;
      report.sent += static_cast<int>(acked.size());
    }
    return {};
  });
  if (!applied) {
    report.last_error = "store: " + applied.error().detail;
    wait = config_.policy.base_backoff;
    return false;
  }
  if (!transient_error.empty()) {
    report.last_error = transient_error;
    wait = transient_delay;
    return false;  // the portal is struggling: the pass ends, the backoff decides when to try
  }
  return true;
}

void SyncEngine::heartbeat(void* curl_handle, Store& store, SyncReport& report) {
  const auto now = std::chrono::steady_clock::now();
  if (config_.terminal_id.empty() || now < next_heartbeat_) return;
  const json body =
      heartbeat_body(store, config_.app_version,
                     std::chrono::duration_cast<std::chrono::seconds>(now - started_).count());
  const std::string text = body.dump();
  const Response r = call(static_cast<CURL*>(curl_handle), config_,
                          "/api/v1/terminals/" + config_.terminal_id + "/heartbeat", {}, &text);
  if (unreachable(r, report)) return;
  next_heartbeat_ = now + config_.policy.heartbeat_interval;
}

void SyncEngine::pull_statuses(void* curl_handle, Store& store, SyncReport& report) {
  CURL* curl = static_cast<CURL*>(curl_handle);
  const auto now = std::chrono::system_clock::now();
  const std::string stale = kiosk::rfc3339_vietnam(now - config_.policy.status_interval);
  const std::string since =
      kiosk::rfc3339_vietnam(now - std::chrono::days(config_.policy.status_days));
  std::vector<std::pair<std::string, std::string>> cases;  // code, token
  // Older cases are no longer followed: their lookup token and last status leave the terminal.
  (void)retire_cases_before(store, since);
  // The cases this terminal sent recently, the longest unchecked first.
  if (auto follow = cases_to_follow(store, since, stale, config_.policy.status_per_pass))
    cases = std::move(*follow);
  for (const auto& [code, token] : cases) {
    const Response r = call(curl, config_, "/api/v1/requests/" + code + "?t=" + token, {}, nullptr);
    if (unreachable(r, report)) return;
    if (const auto text = case_status_json(r.status, r.body))
      if (save_case_status(store, code, token, *text)) report.statuses_changed = true;
  }
}

void SyncEngine::pull_public_answers(void* curl_handle, Store& store, SyncReport& report) {
  sqlite3* db = store.handle();
  const std::string etag =
      sql::query_text(db, "SELECT coalesce(max(etag), '') FROM public_answers").value_or("");
  std::vector<std::string> headers;
  if (!etag.empty()) headers.push_back("If-None-Match: " + etag);
  const Response r =
      call(static_cast<CURL*>(curl_handle), config_, "/api/v1/public-answers", headers, nullptr);
  if (unreachable(r, report) || r.status != 200) return;  // 304, or a portal without the list
  json doc = json::parse(r.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("answers") || !doc["answers"].is_array()) return;
  normalise_nfc(doc);
  sql::Statement st(db,
                    "INSERT INTO public_answers(id, body, etag, fetched_at) VALUES (1, ?1, ?2, ?3) "
                    "ON CONFLICT(id) DO UPDATE SET body = excluded.body, etag = excluded.etag, "
                    "fetched_at = excluded.fetched_at");
  st.bind(1, doc.dump()).bind(2, r.etag);
  st.bind(3, kiosk::rfc3339_vietnam(std::chrono::system_clock::now()));
  if (st.step() == SQLITE_DONE) report.public_answers_changed = true;
}

std::string load_public_answers(Store& store) {
  return sql::query_text(store.handle(), "SELECT coalesce(max(body), '') FROM public_answers")
      .value_or("");
}

json batch_body(const std::vector<std::pair<std::string, json>>& key_and_body, bool requests) {
  json items = json::array();
  for (const auto& [key, body] : key_and_body)
    items.push_back({{"idempotency_key", key}, {requests ? "request" : "rating", body}});
  return {{"items", items}};
}

json heartbeat_body(Store& store, const std::string& app_version, long long uptime_s) {
  const int depth = unsent_count(store).value_or(0);
  const std::string oldest = oldest_unsent_at(store).value_or("");
  return {
      {"queue_depth", depth},
      {"oldest_queued_at", oldest.empty() ? json() : json(oldest)},
      // The printer thread and the app keep the devices' last states in the store.
      {"printer", get_setting(store, "printer.state").value_or(std::nullopt).value_or("unknown")},
      {"scanner", get_setting(store, "scanner.state").value_or(std::nullopt).value_or("unknown")},
      {"app_version", app_version},
      {"uptime_s", uptime_s}};
}

void normalise_nfc(json& doc) {
  if (doc.is_string()) {
    const std::string& s = doc.get_ref<const std::string&>();
    utf8proc_uint8_t* out = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(s.c_str()));
    doc = out ? std::string(reinterpret_cast<const char*>(out)) : std::string();
    std::free(out);
  } else if (doc.is_array()) {
    for (json& x : doc) normalise_nfc(x);
  } else if (doc.is_object()) {
    json copy = json::object();
    for (auto& [k, v] : doc.items()) {
      json key = k;
      normalise_nfc(key);
      normalise_nfc(v);
      copy[key.get<std::string>()] = std::move(v);
    }
    doc = std::move(copy);
  }
}

std::expected<CatalogPull, std::string> fetch_catalog(void* curl_handle, const SyncConfig& config,
                                                      Store& store) {
  CURL* curl = static_cast<CURL*>(curl_handle);
  sqlite3* db = store.handle();
  const std::string etag =
      sql::query_text(db, "SELECT value FROM settings WHERE key = 'catalog_etag'").value_or("");
  std::vector<std::string> headers;
  if (!etag.empty()) headers.push_back("If-None-Match: " + etag);
  CatalogPull pull;
  const Response r = call(curl, config, "/api/v1/catalog", headers, nullptr);
  pull.transport = int(r.transport);
  pull.status = r.status;
  if (r.transport != CURLE_OK || r.status == 304 || r.status == 401) return pull;
  if (r.status != 200) return std::unexpected("catalog: HTTP " + std::to_string(r.status));
  // Names and texts reach the screens in NFC, whatever form the portal sent them in.
  json doc = json::parse(r.body, nullptr, false);
  if (doc.is_discarded())  // keep the catalog we have; a broken one never replaces it
    return std::unexpected("catalog: not JSON");
  normalise_nfc(doc);
  const std::string body = doc.dump();
  auto parsed = kiosk::parse_catalog(body);
  if (!parsed) return std::unexpected(parsed.error());
  // The catalog and its ETag change together, or not at all.
  const auto saved = sql::in_transaction(db, [&]() -> std::expected<void, StoreError> {
    if (auto kept = save_catalog(store, {parsed->version, body}); !kept) return kept;
    return set_setting(store, "catalog_etag", r.etag);
  });
  if (!saved) return std::unexpected("catalog: " + saved.error().detail);
  pull.changed = true;
  pull.version = parsed->version;
  return pull;
}

void SyncEngine::pull_catalog(void* curl_handle, Store& store, SyncReport& report) {
  auto pulled = fetch_catalog(curl_handle, config_, store);
  if (!pulled) {
    report.last_error = pulled.error();
    return;
  }
  Response r;
  r.transport = CURLcode(pulled->transport);
  r.status = pulled->status;
  if (unreachable(r, report)) return;
  report.catalog_changed = pulled->changed;
}

}  // namespace offline
