// Bench for the status screen (issue 5): from the last character of a keyboard-wedge scan of a
// receipt's QR to the frame that shows the case, in the real window (run under Xvfb), 30 times:
//   scan_to_status_online_p50_ms, scan_to_status_online_p95_ms   the reference portal on loopback
//                                                                HTTPS (its own process)
//   scan_to_status_cache_p50_ms, scan_to_status_cache_p95_ms     the portal gone, the terminal
//                                                                knows it is offline: the cache
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app.hpp"
#include "demo.hpp"
#include "options.hpp"
#include "outbox.hpp"
#include "portal_process.hpp"
#include "request.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<app::App> make_app(const fs::path& state, const std::string& url,
                                   const fs::path& ca) {
  std::vector<std::string> args = {"kiosk",
                                   "--assets",
                                   KIOSK_SHARE_DIR,
                                   "--window-scale",
                                   "1",
                                   "--state-dir",
                                   state.string(),
                                   "--portal",
                                   url,
                                   "--portal-token",
                                   kBenchToken,
                                   "--portal-ca",
                                   ca.string(),
                                   "--scanner-port",
                                   "off"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  auto o = app::parse_options(int(argv.size()), argv.data());
  std::string error;
  auto a = o ? app::App::create(*o, {}, error) : nullptr;
  if (!a) {
    std::fprintf(stderr, "bench: %s\n", error.c_str());
    std::exit(1);
  }
  a->open_store();
  return a;
}

void push_scan(const std::string& payload) {
  for (char c : payload) {
    SDL_Event e{};
    e.type = SDL_TEXTINPUT;
    e.text.text[0] = c;
    SDL_PushEvent(&e);
  }
}
void push_enter() {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = SDLK_RETURN;
  SDL_PushEvent(&e);
}

// Scans `url` `n` times; the time from Enter to the frame showing the case, sorted. Each case must
// come from `source`.
std::vector<double> measure(app::App& a, const std::string& url, int n, kiosk::CaseSource source) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    a.settle();
    push_scan(url);
    push_enter();
    const auto t0 = Clock::now();
    while (a.state().screen != kiosk::Screen::StatusResult &&
           Clock::now() - t0 < std::chrono::seconds(10))
      a.step(1);
    a.step(0);  // the frame that shows it
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (a.state().screen != kiosk::Screen::StatusResult || a.state().lookup.view.source != source) {
      std::fprintf(stderr, "bench: lookup %d did not show the case from the expected source\n", i);
      std::exit(1);
    }
    a.dispatch(kiosk::RequestCancel{a.now_ms()});  // home again
  }
  std::sort(ms.begin(), ms.end());
  return ms;
}

double pct(const std::vector<double>& v, double p) {
  return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

}  // namespace

int main() {
  const fs::path dir = fs::temp_directory_path() / ("bench-status-" + std::to_string(getpid()));
  fs::create_directories(dir / "state");
  if (std::system((std::string(KIOSK_SOURCE_DIR "/portal/make-demo-ca ") + (dir / "ca").string() +
                   " localhost >/dev/null")
                      .c_str()) != 0)
    return 1;
  kiosk::Receipt rc;
  {
    auto store = offline::Store::open(dir / "state/kiosk.db");
    const auto ctx = demo::context();
    auto r =
        offline::submit_request(*store, demo::resident(), *ctx, std::chrono::system_clock::now());
    if (!r) return 1;
    rc = *r;
  }
  std::vector<double> online, cache;
  std::string url;
  {
    PortalProcess portal(dir, dir / "ca", kBenchToken);
    url = kiosk::status_url(portal.url(), rc.code, rc.lookup_token);
    auto a = make_app(dir / "state", portal.url(), dir / "ca/ca.pem");
    const auto t0 = Clock::now();
    while (a->state().shell.connectivity.queued != 0 &&
           Clock::now() - t0 < std::chrono::seconds(20))
      a->step(20);
    online = measure(*a, url, 30, kiosk::CaseSource::Online);
    portal.stop();
    a.reset();
    // The portal is gone: a kiosk that has noticed (its sync engine said so) reads its cache.
    auto b = make_app(dir / "state", portal.url(), dir / "ca/ca.pem");
    const auto t1 = Clock::now();
    while (Clock::now() - t1 < std::chrono::milliseconds(1500)) b->step(20);
    cache = measure(*b, url, 30, kiosk::CaseSource::Cache);
  }
  fs::remove_all(dir);
  std::printf("scan_to_status_online_p50_ms: %.1f\n", pct(online, 0.5));
  std::printf("scan_to_status_online_p95_ms: %.1f\n", pct(online, 0.95));
  std::printf("scan_to_status_cache_p50_ms: %.1f\n", pct(cache, 0.5));
  std::printf("scan_to_status_cache_p95_ms: %.1f\n", pct(cache, 0.95));
  return 0;
}
