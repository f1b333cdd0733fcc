// A real portal on loopback HTTPS for the integration tests, with its own CA, database and port,
// and a libcurl client that trusts that CA.
#pragma once

#include <doctest/doctest.h>

#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "demo.hpp"
#include "outbox.hpp"
#include "portal.hpp"
#include "queued.hpp"
#include "sealing.hpp"
#include "temp_dir.hpp"

struct Reply {
  long status = 0;
  CURLcode transport = CURLE_OK;
  std::string body;
  std::string etag;
  std::string headers;  // every header line as received
};

// A CA and a localhost server certificate from portal/make-demo-ca, in `dir`.
inline void make_demo_ca(const std::filesystem::path& dir) {
  const std::string cmd =
      std::string(KIOSK_SOURCE_DIR "/portal/make-demo-ca ") + dir.string() + " localhost";
  REQUIRE(std::system(cmd.c_str()) == 0);
}

inline size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}
inline size_t header(char* data, size_t size, size_t n, void* out) {
  auto* r = static_cast<Reply*>(out);
  std::string line(data, size * n);
  r->headers += line;
  if (line.rfind("ETag:", 0) == 0 || line.rfind("etag:", 0) == 0) {
    auto v = line.substr(5);
    while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
    r->etag = v;
  }
  return size * n;
}

// A running portal with its own CA, database and port; stopped and removed at the end.
struct LivePortal {
  TempDir dir;
  std::unique_ptr<portal::Portal> server;
  std::thread thread;
  int port = -1;
  std::string token = "test-token-VL01";
  std::vector<std::string> extra_headers;  // sent with every call()

  std::filesystem::path ca_dir;

  // fixed_port 0: any free port. ca: an existing make-demo-ca folder (a restarted portal keeps
  // its certificate), else a new CA is made.
  explicit LivePortal(int fixed_port = 0, std::filesystem::path ca = {},
                      const std::function<void(portal::PortalConfig&)>& tweak = {}) {
    ca_dir = ca.empty() ? dir.path / "ca" : ca;
    make_demo_ca(ca_dir);
    portal::PortalConfig c;
    c.service.db_file = dir.path / "portal.db";
    c.cert_file = ca_dir / "server.pem";
    c.key_file = ca_dir / "server.key";
    c.ca_file = ca_dir / "ca.pem";
    c.service.secret_key_file = KIOSK_SOURCE_DIR "/portal/demo/portal_secret_key.b64";
    c.service.catalog_file = KIOSK_SHARE_DIR "/demo/catalog.json";
    c.demo_token = token;
    if (tweak) tweak(c);
    std::string error;
    server = portal::Portal::create(c, error);
    REQUIRE_MESSAGE(server, error);
    port = server->bind("127.0.0.1", fixed_port);
    REQUIRE(port > 0);
    thread = std::thread([this] { server->run(); });
    // stop() before the loop starts would be lost and join() would wait forever.
    for (int i = 0; i < 5000 && !server->running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(server->running());
  }
  ~LivePortal() {
    server->stop();
    thread.join();
  }

  Reply call(const std::string& method, const std::string& path, const std::string& body = {},
             const std::string& key = {}, const std::string& bearer = "default",
             const std::string& if_none_match = {}, const std::filesystem::path& ca = {}) {
    Reply r;
    CURL* curl = curl_easy_init();
    const std::string url = "https://localhost:" + std::to_string(port) + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    const std::string ca_file = (ca.empty() ? ca_dir / "ca.pem" : ca).string();
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
    curl_slist* headers = nullptr;
    const std::string auth = "Authorization: Bearer " + (bearer == "default" ? token : bearer);
    if (!bearer.empty()) headers = curl_slist_append(headers, auth.c_str());
    if (!key.empty()) headers = curl_slist_append(headers, ("Idempotency-Key: " + key).c_str());
    if (!if_none_match.empty())
      headers = curl_slist_append(headers, ("If-None-Match: " + if_none_match).c_str());
    headers = curl_slist_append(headers, "Content-Type: application/json");
    for (const auto& h : extra_headers) headers = curl_slist_append(headers, h.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    r.transport = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return r;
  }
};

// The demo resident's request, queued in a kiosk store in `dir`, as the sync engine sends it.
inline Queued queued_submission(const std::filesystem::path& dir) {
  auto store = offline::Store::open(dir / "kiosk.db");
  REQUIRE(store);
  auto q = queue_submission(*store);
  REQUIRE(q);
  return *q;
}
