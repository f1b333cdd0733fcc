#include "http.hpp"

#include <algorithm>
#include <cstdlib>

namespace offline::http {

namespace {

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

}  // namespace

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
  // No "Expect: 100-continue" round trip before a batch's body: the portal reads it anyway.
  headers = curl_slist_append(headers, "Expect:");
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

void configure(CURL* curl, const SyncConfig& c, long timeout_ms) {
  curl_easy_setopt(curl, CURLOPT_CAINFO, c.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min<long>(timeout_ms, c.policy.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
}

}  // namespace offline::http
