// Bench for the request path (issue 3). Prints one figure per line, `name: value`:
//   enqueue_p50_ms, enqueue_p99_ms  durable submit (seal + one SQLite transaction, WAL,
//                                    synchronous=FULL) on this disk, 500 submissions
//   fsyncs_per_submit               fsync + fdatasync calls per submission, counted at the libc
//                                    boundary (this binary interposes both)
//   keyboard_frame_p95_ms           a frame of the question screen with the keyboard up,
//                                    1080×1920, with the renderer named on the line before
//   keystroke_to_glyph_ms           from the finger lifting off a key to the frame that shows it
//   keystroke_frames                frames presented from that release to the one showing the glyph
//                                    (1: the very frame that handles the release)
// Both renderers are measured in the same run, side by side: SDL's software renderer (what
// `--renderer auto` picks without a GPU) and OpenGL (llvmpipe under Xvfb).
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"
#include "catalog.hpp"
#include "demo.hpp"
#include "options.hpp"
#include "outbox.hpp"

namespace fs = std::filesystem;

namespace {
std::atomic<long> g_syncs{0};
}

// Every fsync SQLite makes passes through here (the shared libsqlite3 binds to these symbols).
extern "C" int fsync(int fd) {
  static auto real = reinterpret_cast<int (*)(int)>(dlsym(RTLD_NEXT, "fsync"));
  ++g_syncs;
  return real(fd);
}
extern "C" int fdatasync(int fd) {
  static auto real = reinterpret_cast<int (*)(int)>(dlsym(RTLD_NEXT, "fdatasync"));
  ++g_syncs;
  return real(fd);
}

namespace {

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, std::size_t(double(v.size()) * p))];
}

void bench_enqueue() {
  // On the disk the kiosk's state lives on (here: the build tree), not a tmpfs.
  const fs::path dir = fs::current_path() / ("bench-enqueue-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto store = offline::Store::open(dir / "kiosk.db");
  if (!store) {
    std::fprintf(stderr, "bench: %s\n", store.error().detail.c_str());
    return;
  }
  const auto demo_ctx = demo::context();
  if (!demo_ctx) {
    std::fprintf(stderr, "bench: demo catalog or key unreadable\n");
    return;
  }
  const offline::SubmitContext& ctx = *demo_ctx;
  kiosk::RequestDraft d;
  d.agency_id = "ubnd-xa-vinh-linh";
  d.field_id = "dat-dai";
  d.impact = "Gia đình tôi bị thu hồi 200 m² đất vườn.";
  d.aspects = kiosk::kAspectLegalBasis;
  d.question = std::string(600, 'x');  // a typical question of a few hundred characters
  d.personal.full_name = "Nguyễn Thị Ánh Tuyết";
  d.personal.address = "Thôn Tân Mỹ, xã Vĩnh Linh";
  d.personal.phone = "0912345678";
  d.personal.signature = {kiosk::SignatureStroke(120, {0.5f, 0.5f})};
  d.consent = true;

  constexpr int kRuns = 500;
  std::vector<double> ms;
  const long syncs_before = g_syncs.load();
  for (int i = 0; i < kRuns; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = offline::submit_request(*store, d, ctx, std::chrono::system_clock::now());
    const auto t1 = std::chrono::steady_clock::now();
    if (!r) {
      std::fprintf(stderr, "bench: submit failed: %s\n", r.error().detail.c_str());
      return;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  const double syncs = double(g_syncs.load() - syncs_before) / kRuns;
  std::printf("enqueue_p50_ms: %.2f\nenqueue_p99_ms: %.2f\nfsyncs_per_submit: %.2f\n",
              percentile(ms, 0.50), percentile(ms, 0.99), syncs);
  std::fflush(stdout);
  store = std::unexpected(offline::StoreError{});
  fs::remove_all(dir);
}

void bench_keyboard(const char* renderer) {
  const fs::path state = fs::temp_directory_path() / ("bench-kb-" + std::to_string(::getpid()));
  std::vector<std::string> args = {"kiosk",      "--assets", KIOSK_SHARE_DIR, "--window-scale", "1",
                                   "--renderer", renderer,   "--state-dir",   state.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  auto options = app::parse_options(int(argv.size()), argv.data());
  std::string error;
  auto app = options ? app::App::create(*options, {}, error) : nullptr;
  if (!app) {
    std::fprintf(stderr, "bench: %s\n", error.c_str());
    return;
  }
  app->open_store();
  const std::int64_t now = app->now_ms();
  app->dispatch(kiosk::RequestOpen{kiosk::Screen::RequestQuestion, now});
  app->dispatch(kiosk::RequestFocus{kiosk::TextField::Question, now});
  for (char c : std::string("Vif sao giaa booif thuwowngf ddaats vuwownf nhaf tooi thaaps hown "
                            "giaa thij truwowngf, ddeef nghij cow quan giari trinhf caanw cuws"))
    app->dispatch(kiosk::EventKey{static_cast<char32_t>(c), now});
  app->settle();
  const auto frames = app->measure_frames(200);
  std::printf("renderer: %s\nkeyboard_frame_mean_ms: %.2f\nkeyboard_frame_p95_ms: %.2f\n",
              app->renderer_name().c_str(), frames.mean_ms, frames.p95_ms);

  // A finger on "a": press, release, then count frames until the text holds the new glyph.
  std::vector<double> latency;
  std::vector<double> frame_counts;
  for (int i = 0; i < 30; ++i) {
    app->settle();
    const auto hit = app->find_hit("key.a");
    if (!hit) break;
    const std::string before = app->state().request.draft.question;
    int wx = 0, wy = 0;
    SDL_RenderLogicalToWindow(app->renderer(), hit->center().x, hit->center().y, &wx, &wy);
    SDL_WarpMouseInWindow(app->window(), wx, wy);
    for (bool down : {true, false}) {
      SDL_Event e{};
      e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
      e.button.windowID = SDL_GetWindowID(app->window());
      e.button.button = SDL_BUTTON_LEFT;
      e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
      e.button.x = wx;
      e.button.y = wy;
      SDL_PushEvent(&e);
    }
    app->step(0);  // the press gets its frame
    const auto released = std::chrono::steady_clock::now();
    const std::int64_t frames_at_release = app->frames_drawn();
    bool changed = false;
    for (int k = 0; k < 10 && !changed; ++k) {
      app->step(0);  // the release's frame: the app lays it out again once the tap changed state
      changed = app->state().request.draft.question != before;
    }
    if (!changed) break;
    latency.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - released)
            .count());
    frame_counts.push_back(double(app->frames_drawn() - frames_at_release));
  }
  if (!latency.empty())
    std::printf("keystroke_to_glyph_ms: %.2f\nkeystroke_frames: %.0f\n", percentile(latency, 0.5),
                percentile(frame_counts, 0.5));
  std::fflush(stdout);
  app.reset();
  fs::remove_all(state);
}

}  // namespace

int main() {
  bench_enqueue();
  bench_keyboard("software");
  bench_keyboard("opengl");
  return 0;
}
