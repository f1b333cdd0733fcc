// Bench for sync (issue 4). 10,000 queued submissions go to the reference portal on loopback
// HTTPS, two ways, side by side in one run, each into its own fresh portal process:
//   drain_10k_s                  the sync engine drains the outbox (batches, one kept-alive
//                                connection, rows marked synced in the terminal's SQLite)
//   naive_loop_10k_s             the same number of POSTs from a plain sequential libcurl loop with
//                                a fresh connection (and TLS handshake) each, nothing recorded
//   drain_speedup                naive_loop_10k_s / drain_10k_s
//   portal_submissions_per_s     submissions the portal stored per second while drained to
//   portal_cpu_percent           the portal process's CPU while being drained to (100 = one core)
//   kiosk_cpu_percent            this process's CPU while draining (the sync thread)
// `bench_drain --n 2000` for a quicker run (names keep the "10k").
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "demo.hpp"
#include "outbox.hpp"
#include "portal_process.hpp"
#include "sealing.hpp"
#include "store.hpp"
#include "sync.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double self_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// n queued submissions from the demo resident, as a terminal's outbox holds them.
void fill(const fs::path& db, int n, const std::string& terminal) {
  auto store = offline::Store::open(db);
  if (!store) std::exit(1);
  // Setting up only: the bench measures sending, not the terminal's durable writes.
  sqlite3_exec(store->handle(), "PRAGMA synchronous = OFF", nullptr, nullptr, nullptr);
  const auto ctx = demo::context(terminal);
  const auto d = demo::resident();
  for (int i = 0; i < n; ++i)
    if (!offline::submit_request(*store, d, *ctx, std::chrono::system_clock::now())) std::exit(1);
}

size_t discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 10'000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--n") n = std::atoi(argv[i + 1]);
  const fs::path dir = fs::temp_directory_path() / ("bench-drain-" + std::to_string(getpid()));
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  const std::string ca_cmd =
      std::string(KIOSK_SOURCE_DIR "/portal/make-demo-ca ") + (dir / "ca").string() + " localhost";
  if (std::system((ca_cmd + " >/dev/null").c_str()) != 0) return 1;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  fill(dir / "a/kiosk.db", n, "VL01");
  fill(dir / "b/kiosk.db", n, "VL02");

  // 1. The sync engine.
  double drain_s = 0, kiosk_cpu = 0, portal_cpu = 0;
  {
    PortalProcess portal(dir / "a", dir / "ca", kBenchToken);
    offline::SyncConfig c;
    c.portal_url = portal.url();
    c.token = kBenchToken;
    c.ca_file = dir / "ca/ca.pem";
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    offline::SyncEngine engine(dir / "a/kiosk.db", c, [&](const offline::SyncReport& r) {
      std::lock_guard lock(m);
      if (r.queued == 0 && r.online) done = true;
      if (!r.last_error.empty()) std::fprintf(stderr, "bench: %s\n", r.last_error.c_str());
      cv.notify_all();
    });
    const double cpu0 = self_cpu_s(), pcpu0 = portal.cpu_s();
    const auto t0 = Clock::now();
    engine.start();
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return done; });
    }
    drain_s = std::chrono::duration<double>(Clock::now() - t0).count();
    kiosk_cpu = (self_cpu_s() - cpu0) / drain_s * 100;
    portal_cpu = (portal.cpu_s() - pcpu0) / drain_s * 100;
    engine.stop();
  }

  // 2. The naive loop: one POST per row, a new connection each.
  double naive_s = 0;
  {
    PortalProcess portal(dir / "b", dir / "ca", kBenchToken);
    std::vector<std::pair<std::string, std::string>> rows;  // key, body
    {
      auto store = offline::Store::open(dir / "b/kiosk.db");
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(store->handle(),
                         "SELECT idempotency_key, body, sealed_personal FROM outbox ORDER BY id",
                         -1, &st, nullptr);
      while (sqlite3_step(st) == SQLITE_ROW) {
        auto body =
            nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st, 2));
        body["sealed_personal"] = offline::to_base64(
            std::vector<unsigned char>(blob, blob + sqlite3_column_bytes(st, 2)));
        rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), body.dump());
      }
      sqlite3_finalize(st);
    }
    const std::string url = portal.url() + "/api/v1/requests";
    const std::string ca = (dir / "ca/ca.pem").string();
    int failed = 0;
    const auto t0 = Clock::now();
    for (const auto& [key, body] : rows) {
      CURL* curl = curl_easy_init();
      curl_slist* h = nullptr;
      h = curl_slist_append(h, "Content-Type: application/json");
      h = curl_slist_append(h, ("Authorization: Bearer " + kBenchToken).c_str());
      h = curl_slist_append(h, ("Idempotency-Key: " + key).c_str());
      curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
      curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
      curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
      curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
      long status = 0;
      if (curl_easy_perform(curl) != CURLE_OK) ++failed;
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
      if (status != 201) ++failed;
      curl_slist_free_all(h);
      curl_easy_cleanup(curl);
    }
    naive_s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (failed) std::fprintf(stderr, "bench: %d naive POSTs failed\n", failed);
  }
  fs::remove_all(dir);
  std::printf("submissions: %d\n", n);
  std::printf("drain_10k_s: %.2f\n", drain_s);
  std::printf("naive_loop_10k_s: %.2f\n", naive_s);
  std::printf("drain_speedup: %.1f\n", naive_s / drain_s);
  std::printf("portal_submissions_per_s: %.0f\n", n / drain_s);
  std::printf("portal_cpu_percent: %.0f\n", portal_cpu);
  std::printf("kiosk_cpu_percent: %.0f\n", kiosk_cpu);
  return 0;
}
