#include "diagnostics.hpp"

#include <curl/curl.h>

#include <ctime>
#include <memory>

#include "http.hpp"

namespace offline {

namespace {

size_t ignore_body(char*, size_t size, size_t n, void*) {
  return size * n;
}

size_t date_header(char* data, size_t size, size_t n, void* out) {
  const std::string line(data, size * n);
  if (line.size() > 5 && (line.rfind("Date:", 0) == 0 || line.rfind("date:", 0) == 0)) {
    const time_t t = curl_getdate(line.c_str() + 5, nullptr);
    if (t > 0) *static_cast<time_t*>(out) = t;
  }
  return size * n;
}

}  // namespace

PortalCheck check_portal(const SyncConfig& config, long timeout_ms) {
  PortalCheck out;
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    out.error = "curl";
    return out;
  }
  http::configure(curl.get(), config, timeout_ms);
  const std::string url = config.portal_url + "/api/v1/catalog";
  const std::string auth = "Authorization: Bearer " + config.token;
  curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
  time_t server_time = 0;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, ignore_body);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, date_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &server_time);
  const CURLcode rc = curl_easy_perform(curl.get());
  const time_t now = std::time(nullptr);
  curl_slist_free_all(headers);
  curl_off_t dns = 0, connect = 0, tls = 0, total = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_NAMELOOKUP_TIME_T, &dns);
  curl_easy_getinfo(curl.get(), CURLINFO_CONNECT_TIME_T, &connect);
  curl_easy_getinfo(curl.get(), CURLINFO_APPCONNECT_TIME_T, &tls);
  curl_easy_getinfo(curl.get(), CURLINFO_TOTAL_TIME_T, &total);
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &out.http_status);
  out.dns_ms = double(dns) / 1000.0;
  out.connect_ms = double(connect) / 1000.0;
  out.tls_ms = double(tls) / 1000.0;
  out.total_ms = double(total) / 1000.0;
  // Each step passed when the next one was reached, or when it did not fail itself.
  out.dns = rc != CURLE_COULDNT_RESOLVE_HOST && rc != CURLE_URL_MALFORMAT;
  out.connect = out.dns && rc != CURLE_COULDNT_CONNECT && rc != CURLE_OPERATION_TIMEDOUT;
  out.tls = out.connect && (rc == CURLE_OK || rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR);
  if (rc == CURLE_OPERATION_TIMEDOUT && tls > 0) out.connect = true;
  out.token_ok = rc == CURLE_OK && (out.http_status == 200 || out.http_status == 304);
  if (rc != CURLE_OK) out.error = curl_easy_strerror(rc);
  if (server_time > 0) out.clock_skew_s = static_cast<long long>(server_time) - now;
  return out;
}

}  // namespace offline
