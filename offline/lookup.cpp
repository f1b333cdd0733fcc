#include "lookup.hpp"
#include "outbox.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "calendar.hpp"
#include "http.hpp"
#include "sql.hpp"

namespace offline {

namespace {

using nlohmann::json;

bool same_token(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// One GET to the portal on a handle of its own, with the lookup's short timeout.
http::Response get_once(const SyncConfig& portal, const std::string& path, long timeout_ms) {
  http::Response r;
  r.transport = CURLE_FAILED_INIT;
  CURL* curl = curl_easy_init();
  if (!curl) return r;
  http::configure(curl, portal, timeout_ms);
  r = http::call(curl, portal, path, {}, nullptr);
  curl_easy_cleanup(curl);
  return r;
}

}  // namespace

std::optional<std::string> case_status_json(long http_status, const std::string& body) {
  if (http_status != 200) return std::nullopt;
  json status = json::parse(body, nullptr, false);
  if (!status.is_object()) return std::nullopt;
  normalise_nfc(status);
  return status.dump();
}

bool save_case_status(Store& store, const std::string& code, const std::string& token,
                      const std::string& status_json) {
  sqlite3* db = store.handle();
  std::string before;
  {
    sql::Statement st(db, "SELECT status FROM case_status WHERE code = ?1");
    st.bind(1, code);
    if (st.step() == SQLITE_ROW) before = st.text(0);
  }
  sql::Statement st(db,
                    "INSERT INTO case_status(code, lookup_token, status, fetched_at) "
                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(code) DO UPDATE SET "
                    "lookup_token = excluded.lookup_token, status = excluded.status, "
                    "fetched_at = excluded.fetched_at");
  st.bind(1, code).bind(2, token).bind(3, status_json);
  st.bind(4, kiosk::rfc3339_vietnam(std::chrono::system_clock::now()));
  st.step();
  return before != status_json;
}

LookupResult lookup_case_by_phone(const std::optional<SyncConfig>& portal, const std::string& code,
                                  const std::string& last4, long timeout_ms) {
  LookupResult result;
  result.outcome = kiosk::LookupOutcome::Unreachable;
  if (!portal) return result;
  const http::Response r =
      get_once(*portal, "/api/v1/requests/" + code + "?p4=" + last4, timeout_ms);
  if (r.transport != CURLE_OK) return result;
  if (r.status == 404) result.outcome = kiosk::LookupOutcome::NotFound;
  if (r.status == 429) result.outcome = kiosk::LookupOutcome::TooManyTries;
  const auto text = case_status_json(r.status, r.body);
  if (text && kiosk::parse_case_view(*text, result.view))
    result.outcome = kiosk::LookupOutcome::Found;
  return result;
}

LookupResult lookup_case(Store& store, const std::optional<SyncConfig>& portal,
                         const std::string& code, const std::string& token, long timeout_ms) {
  sqlite3* db = store.handle();
  LookupResult result;
  // 1. Still on this terminal: the case as it was committed, whatever the network does.
  bool sent_from_here = false;
  kiosk::CaseView from_outbox;
  {
    const auto submitted = submission_of(store, code).value_or(std::nullopt);
    if (submitted) {
      const std::string& body = submitted->body;
      const json j = json::parse(body, nullptr, false);
      if (j.is_object() && same_token(j.value("lookup_token", ""), token) &&
          kiosk::case_view_from_submission(body, from_outbox)) {
        if (submitted->state != "synced") {
          result.outcome = kiosk::LookupOutcome::Found;
          result.view = from_outbox;
          return result;
        }
        sent_from_here = true;
      }
    }
  }
  // 2. The portal, briefly.
  bool unreachable = !portal.has_value();
  if (portal) {
    const http::Response r =
        get_once(*portal, "/api/v1/requests/" + code + "?t=" + token, timeout_ms);
    const auto text = r.transport == CURLE_OK ? case_status_json(r.status, r.body) : std::nullopt;
    if (text && kiosk::parse_case_view(*text, result.view)) {
      save_case_status(store, code, token, *text);
      result.outcome = kiosk::LookupOutcome::Found;
      return result;
    }
    if (r.transport == CURLE_OK && r.status == 404) return result;  // NotFound: wrong code/token
    unreachable = true;
  }
  // 3. The portal's last answer, kept on the terminal, with its time.
  {
    sql::Statement st(db,
                      "SELECT lookup_token, status, fetched_at FROM case_status WHERE code = ?1");
    st.bind(1, code);
    if (st.step() == SQLITE_ROW && same_token(st.text(0), token) &&
        kiosk::parse_case_view(st.text(1), result.view)) {
      result.view.source = kiosk::CaseSource::Cache;
      result.view.fetched_at = st.text(2);
      result.outcome = kiosk::LookupOutcome::Found;
      return result;
    }
  }
  if (sent_from_here) {  // acknowledged by the portal, nothing newer known here
    result.view = from_outbox;
    result.view.status = "received";
    result.view.source = kiosk::CaseSource::Cache;
    result.outcome = kiosk::LookupOutcome::Found;
    return result;
  }
  result.outcome = unreachable ? kiosk::LookupOutcome::Unreachable : kiosk::LookupOutcome::NotFound;
  return result;
}

}  // namespace offline
