// The portal under abuse (issue 13), against the real giaitrinh-portal process on loopback:
//   answer_ms_under_200_slow_clients  a real status lookup while 200 slowloris TLS connections,
//                                     each from its own loopback address, are held (worst of 10)
//   token_guesses_per_s_allowed       wrong lookup tokens from one client for 5 s: answers that
//                                     were not 429, a second
//   peak_rss_mb_100mb_bodies          the portal's peak RSS after 8 unauthenticated 100 MB bodies
//                                     sent at once
// Targets: ≤ 1,000 ms, ≤ 10 a second, ≤ 200 MB.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "portal_process.hpp"
#include "queued.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

size_t sink(char*, size_t size, size_t n, void*) {
  return size * n;
}

long call(const std::string& url, const std::string& ca, const std::string& key = {},
          const std::string& body = {}, CURL* reuse = nullptr) {
  CURL* curl = reuse ? reuse : curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_slist* h = curl_slist_append(nullptr, ("Authorization: Bearer " + kBenchToken).c_str());
  if (!key.empty()) h = curl_slist_append(h, ("Idempotency-Key: " + key).c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
  if (!body.empty())
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  else
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  if (!reuse) curl_easy_cleanup(curl);
  return status;
}

// A TLS connection from `source` (a loopback address) to the portal; nullptr when refused.
struct Tls {
  int fd = -1;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl) SSL_free(ssl);
    if (fd >= 0) close(fd);
  }
};
bool open_tls(Tls& t, SSL_CTX* ctx, const std::string& source, int port) {
  t.fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  if (bind(t.fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) return false;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(t.fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return false;
  t.ssl = SSL_new(ctx);
  SSL_set_fd(t.ssl, t.fd);
  return SSL_connect(t.ssl) == 1;
}

long vm_hwm_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

}  // namespace

int main() {
  std::signal(SIGPIPE, SIG_IGN);  // the portal cuts the floods off mid-write
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const fs::path dir = fs::temp_directory_path() / ("bench-abuse-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path cadir = dir / "ca";
  if (std::system((std::string(KIOSK_SOURCE_DIR "/portal/make-demo-ca ") + cadir.string() +
                   " localhost >/dev/null")
                      .c_str()) != 0)
    return 1;
  PortalProcess portal(dir, cadir, kBenchToken);
  const std::string ca = (cadir / "ca.pem").string();
  const std::string base = portal.url();

  // A real case to look up.
  auto store = offline::Store::open(dir / "kiosk.db");
  const auto queued = store ? queue_submission(*store) : std::nullopt;
  if (!queued) return 1;
  const std::string& key = queued->key;
  const json& body = queued->body;
  if (call(base + "/api/v1/requests", ca, key, body.dump()) != 201) return 1;
  const std::string lookup = base + "/api/v1/requests/" + body["code"].get<std::string>() +
                             "?t=" + body["lookup_token"].get<std::string>();

  SSL_CTX* tls = SSL_CTX_new(TLS_client_method());
  // 1. 200 slowloris connections, each from its own address, reconnecting when cut.
  std::atomic<bool> stop{false};
  std::atomic<int> held{0};
  std::vector<std::thread> slow;
  for (int i = 0; i < 200; ++i)
    slow.emplace_back([&, i] {
      const std::string source =
          "127.0." + std::to_string(1 + i / 250) + "." + std::to_string(1 + i % 250);
      while (!stop) {
        Tls t;
        if (!open_tls(t, tls, source, portal.port)) {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          continue;
        }
        ++held;
        std::string line = "GET /api/v1/catalog HTTP/1.1\r\n";
        for (int n = 0; !stop; ++n) {
          if (SSL_write(t.ssl, line.data(), static_cast<int>(line.size())) <= 0) break;
          line = "X-Slow-" + std::to_string(n) + ": 1\r\n";
          for (int w = 0; w < 20 && !stop; ++w)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        --held;
      }
    });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::vector<double> answers;
  for (int i = 0; i < 10; ++i) {
    const auto start = Clock::now();
    const long s = call(lookup, ca);
    answers.push_back(
        s == 200 ? std::chrono::duration<double, std::milli>(Clock::now() - start).count() : 1e9);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  }
  const int held_at_end = held.load();
  stop = true;
  for (auto& t : slow) t.join();
  std::sort(answers.begin(), answers.end());

  // 2. Wrong tokens from one client, as fast as it can, for 5 s.
  CURL* one = curl_easy_init();
  long allowed = 0, tries = 0;
  const auto until = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < until) {
    char token[9];
    std::snprintf(token, sizeof token, "%08ld", tries % 100000000);
    const long s =
        call(base + "/api/v1/requests/" + body["code"].get<std::string>() + "?t=" + token, ca, {},
             {}, one);
    ++tries;
    if (s != 429) ++allowed;
  }
  curl_easy_cleanup(one);

  // 3. Eight unauthenticated 100 MB bodies at once.
  const long rss_before = vm_hwm_kb(portal.pid);
  std::vector<std::thread> floods;
  for (int i = 0; i < 8; ++i)
    floods.emplace_back([&, i] {
      Tls t;
      if (!open_tls(t, tls, "127.0.2." + std::to_string(1 + i), portal.port)) return;
      const std::string head =
          "POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          "Content-Length: 104857600\r\n\r\n";
      SSL_write(t.ssl, head.data(), static_cast<int>(head.size()));
      const std::string chunk(64 * 1024, '[');
      for (std::size_t sent = 0; sent < (100u << 20); sent += chunk.size())
        if (SSL_write(t.ssl, chunk.data(), static_cast<int>(chunk.size())) <= 0) break;
    });
  for (auto& t : floods) t.join();
  const long rss_after = vm_hwm_kb(portal.pid);
  SSL_CTX_free(tls);
  portal.stop();
  fs::remove_all(dir);

  std::printf("slow_clients_held: %d\n", held_at_end);
  std::printf("answer_ms_under_200_slow_clients: %.1f\n", answers.back());
  std::printf("answer_ms_under_200_slow_clients_p50: %.1f\n", answers[answers.size() / 2]);
  std::printf("token_guess_tries_per_s: %.1f\n", double(tries) / 5.0);
  std::printf("token_guesses_per_s_allowed: %.1f\n", double(allowed) / 5.0);
  std::printf("peak_rss_mb_before_bodies: %.1f\n", double(rss_before) / 1024.0);
  std::printf("peak_rss_mb_100mb_bodies: %.1f\n", double(rss_after) / 1024.0);
  curl_global_cleanup();
  return 0;
}
