#include "app.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <variant>

#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <stb_image_write.h>

#include "catalog_source.hpp"
#include "flow/overloaded.hpp"
#include "headless.hpp"
#include "imgui_sdl_renderer.hpp"
#include "log.hpp"
#include "outbox.hpp"
#include "pins.hpp"
#include "qr_texture.hpp"

namespace app {

namespace {

// Frames drawn after any change, so ImGui's hover, active and layout state settles.
constexpr int kSettleFrames = 3;
constexpr long kLookupTimeoutMs = 2000;  // then the cache: a resident does not wait longer

// "auto": the GPU through SDL's default (OpenGL) when the machine has a DRM render node; without
// one, Mesa would fall back to llvmpipe, which costs ~90 MB of RSS, so SDL's own software
// renderer draws instead (tests/bench/startup measures both).
std::string resolve_renderer(const std::string& configured) {
  if (configured != "auto") return configured;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", ec))
    if (entry.path().filename().string().rfind("renderD", 0) == 0) return "auto";
  return "software";
}

// Resident memory of /proc/<pid> in MB (-1 when unreadable).
long rss_mb(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6) / 1024;
  return -1;
}

std::string process_name(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/comm");
  std::string name;
  std::getline(in, name);
  return name.empty() ? "?" : name;
}

bool is_button_event(const SDL_Event& e) {
  return e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERDOWN ||
         e.type == SDL_FINGERUP;
}

}  // namespace

std::unique_ptr<App> App::create(const RunOptions& options, const WindowOptions& window_options,
                                 std::string& error) {
  std::unique_ptr<App> app(new App());
  app->options_ = options;
  const kiosk::KioskConfig& c = options.config;

  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
  const std::string renderer = resolve_renderer(c.display.renderer);
  if (renderer != "auto") SDL_SetHint(SDL_HINT_RENDER_DRIVER, renderer.c_str());
  // The software renderer draws into the window's own surface; without this SDL would back that
  // surface with an OpenGL texture and load the whole GL driver for nothing.
  if (renderer == "software") SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  // The kiosk session: closing the window (a compositor's close, Alt+F4) is not a way out; only
  // the service manager's SIGTERM (which SDL turns into SDL_QUIT) stops the kiosk.
  if (c.display.fullscreen) SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
    error = std::string("cannot start SDL video: ") + SDL_GetError();
    return nullptr;
  }
  app->start_ticks_ = SDL_GetTicks64();

  // Window size: the terminal's screen, scaled down to fit a developer's display when needed.
  double scale = c.display.window_scale;
  if (scale <= 0) {
    scale = 1;
    SDL_Rect usable{};
    if (!c.display.fullscreen && SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 &&
        usable.h > 0)
      scale =
          std::min({1.0, 0.95 * usable.w / c.display.width, 0.95 * usable.h / c.display.height});
  }
  std::uint32_t flags = SDL_WINDOW_ALLOW_HIGHDPI;
  if (window_options.hidden) flags |= SDL_WINDOW_HIDDEN;
  int window_w = int(c.display.width * scale), window_h = int(c.display.height * scale);
  if (c.display.fullscreen) {
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    // Made at the output's own size: SDL's Wayland backend otherwise keeps a buffer of the asked
    // size and leaves the compositor to scale or crop it (cage crops it).
    if (SDL_DisplayMode mode{};
        SDL_GetDesktopDisplayMode(0, &mode) == 0 && mode.w > 0 && mode.h > 0) {
      window_w = mode.w;
      window_h = mode.h;
    }
  }
  app->window_ = SDL_CreateWindow("Giải Trình Kiosk", SDL_WINDOWPOS_CENTERED,
                                  SDL_WINDOWPOS_CENTERED, window_w, window_h, flags);
  if (!app->window_) {
    error = std::string("cannot open a window: ") + SDL_GetError();
    return nullptr;
  }
  app->renderer_ = SDL_CreateRenderer(app->window_, -1, 0);
  if (!app->renderer_) {
    error = std::string("cannot create a renderer (") + renderer + "): " + SDL_GetError();
    return nullptr;
  }
  if (SDL_RendererInfo info{}; SDL_GetRendererInfo(app->renderer_, &info) == 0)
    log_info("renderer: %s", info.name);
  // The UI is laid out in logical pixels; SDL scales them to the window and maps input back. Full
  // screen, the layout follows the output's shape and size (and follows it again when it changes).
  app->fit_layout();
  if (c.display.fullscreen) SDL_ShowCursor(SDL_DISABLE);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  app->imgui_ready_ = true;
  ui::apply_theme();
  if (c.display.fullscreen) ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  if (!ui::load_fonts(c.assets_dir, app->fonts_, error)) return nullptr;
  ImGui_ImplSDL2_InitForSDLRenderer(app->window_);
  app->sdl_backend_ready_ = true;
  app->imgui_renderer_ = std::make_unique<ui::ImGuiSdlRenderer>(app->renderer_);
  if (!app->imgui_renderer_->upload_fonts(error)) return nullptr;

  app->qr_ = std::make_unique<ui::QrTextures>(app->renderer_);
  if (!c.portal.public_key.empty()) {
    if (auto key = offline::parse_portal_key(c.portal.public_key))
      app->portal_key_ = *key;
    else
      log_error("config: portal.public_key: %s", key.error().c_str());
  }
  {
    kiosk::Setup setup;
    setup.lang = c.input.default_lang;
    setup.idle = c.input.idle;
    setup.input_method = c.input.input_method;
    setup.tone_style = c.input.tone_style;
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    setup.current_year = tm.tm_year + 1900;
    // First boot: no portal known, so the terminal cannot take requests; a technician
    // provisions it.
    setup.portal_url = c.portal.url;
    // A screenshot shows the screen asked for; the provisioning screen as first boot shows it.
    setup.take_requests =
        options.screenshot.empty() || options.screen == kiosk::Screen::Provisioning;
    setup.now_ms = app->now_ms();
    app->state_ = kiosk::initial_state(setup);
  }
  if (c.devices.scanner_port != "off" && options.screenshot.empty()) {
    device::SerialScannerConfig sc;
    sc.port = c.devices.scanner_port;
    App* self = app.get();
    app->serial_scanner_ = std::make_unique<device::SerialScanner>(
        sc, [self](std::string payload) { self->post_scan(std::move(payload)); },
        [self](device::ScannerState st, const std::string& port) {
          if (st == device::ScannerState::Connected) log_info("scanner: serial %s", port.c_str());
          const bool connected = st == device::ScannerState::Connected;
          self->queue_.post([self, connected] {  // noted for the heartbeat
            self->serial_connected_ = connected;
            self->note_scanner_state();
          });
        });
    app->serial_scanner_->start();
  }
  // The camera, when the terminal has one (optional at run time).
  const std::string camera =
      c.devices.camera_device.empty() ? "/dev/video0" : c.devices.camera_device;
  if (c.devices.camera_device != "off" && options.screenshot.empty() &&
      std::filesystem::exists(camera)) {
    device::CameraConfig cc;
    cc.device = camera;
    App* self = app.get();
    app->camera_ = std::make_unique<device::CameraScanner>(
        cc, [self](std::string payload) { self->post_scan(std::move(payload)); },
        [](device::CameraState st, const std::string& why) {
          if (st == device::CameraState::Unavailable) log_info("camera: %s", why.c_str());
        });
  }
  app->frames_due_ = kSettleFrames;
  return app;
}

App::~App() {
  sync_.reset();  // its thread posts to SDL: stop it first
  printer_.reset();
  pin_job_.join();
  tech_job_.join();
  serial_scanner_.reset();
  camera_.reset();
  lookup_job_.join();
  qr_.reset();
  imgui_renderer_.reset();
  if (sdl_backend_ready_) ImGui_ImplSDL2_Shutdown();
  if (imgui_ready_) ImGui::DestroyContext();
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

std::int64_t App::now_ms() const {
  return std::int64_t(SDL_GetTicks64() - start_ticks_);
}

std::filesystem::path App::store_file() const {
  return std::filesystem::path(options_.config.state_dir) / "kiosk.db";
}

void App::open_store() {
  auto store = offline::Store::open(store_file());
  if (!store) {
    store_error_ = store.error();
    log_error("store: %s (%s)", store.error().message_en.c_str(), store.error().detail.c_str());
    load_catalog();
    return;
  }
  store_.emplace(std::move(*store));
  store_error_.reset();
  load_catalog();
  public_answers_ = kiosk::parse_public_answers(offline::load_public_answers(*store_));
  refresh_queue();
  dispatch(kiosk::EventStoreOpened{
      offline::has_pin(*store_, offline::PinRole::Technician).value_or(false)});
  note_scanner_state();
  start_sync();
  start_printer();
}

// The sync engine runs when the terminal is provisioned: portal URL, token and CA.
void App::start_sync() {
  const kiosk::KioskConfig& c = options_.config;
  if (sync_ || c.portal.url.empty() || c.portal.token.empty() || c.portal.ca_file.empty()) return;
  sync_ = std::make_unique<offline::SyncEngine>(
      store_file(), sync_config(c),
      [this](const offline::SyncReport& r) { queue_.post([this, r] { take_sync_report(r); }); });
  sync_->start();
  kiosk::Connectivity conn = state_.shell.connectivity;
  conn.portal_configured = true;
  dispatch(kiosk::EventConnectivity{conn});
  log_info("sync: to %s", c.portal.url.c_str());
}

// The catalog the portal sent last (kept in the store); on first start, the configured file,
// which is then kept in the store the same way.
void App::load_catalog() {
  auto found = catalog_in_force(store_ ? &*store_ : nullptr, options_.config.catalog_file);
  if (!found) return;  // the one in use, if any, stays
  if (!catalog_ || catalog_->version != found->version)
    log_info("catalog %s: %zu bodies", found->version.c_str(), found->agencies.size());
  catalog_ = std::move(*found);
}

void App::submit(const kiosk::RequestDraft& draft) {
  if (!store_ || !portal_key_ || !catalog_) {
    const bool storage = !store_ && store_error_;
    dispatch(kiosk::EventSubmitFailed{storage ? store_error_->message_vi : "",
                                      storage ? store_error_->message_en : "", !storage});
    log_error("submit refused: %s", storage        ? "no store"
                                    : !portal_key_ ? "no portal key"
                                                   : "no catalog");
    return;
  }
  const offline::SubmitContext context{options_.config.centre.terminal_id, *portal_key_,
                                       catalog_->rules, catalog_->calendar};
  auto receipt =
      offline::submit_request(*store_, draft, context, std::chrono::system_clock::now(),
                              [&](const kiosk::Receipt& r) { return receipt_job(r, draft); });
  if (!receipt) {
    log_error("submit failed: %s (%s)", receipt.error().message_en.c_str(),
              receipt.error().detail.c_str());
    dispatch(kiosk::EventSubmitFailed{receipt.error().message_vi, receipt.error().message_en});
    return;
  }
  log_info("request queued: %s", receipt->code.c_str());  // the case code only, never who asked
  dispatch(kiosk::EventSubmitted{*receipt});
  if (printer_) printer_->wake();
  refresh_queue();
  if (sync_) sync_->wake();
}

void App::submit_rating(const kiosk::RatingDraft& rating) {
  if (!store_) {
    dispatch(kiosk::EventRatingFailed{store_error_ ? store_error_->message_vi : "",
                                      store_error_ ? store_error_->message_en : ""});
    return;
  }
  auto saved = offline::submit_rating(*store_, rating, options_.config.centre.terminal_id,
                                      std::chrono::system_clock::now());
  if (!saved) {
    log_error("rating failed: %s (%s)", saved.error().message_en.c_str(),
              saved.error().detail.c_str());
    dispatch(kiosk::EventRatingFailed{saved.error().message_vi, saved.error().message_en});
    return;
  }
  log_info("rating queued: %d", rating.score);
  dispatch(kiosk::EventRatingSaved{});
  refresh_queue();
  if (sync_) sync_->wake();
}

void App::refresh_queue() {
  if (!store_) return;
  auto queued = offline::unsent_count(*store_);
  if (!queued) {
    store_error_ = queued.error();
    return;
  }
  kiosk::Connectivity c = state_.shell.connectivity;
  c.queued = *queued;
  dispatch(kiosk::EventConnectivity{c});
}

void App::dispatch(const kiosk::Event& event) {
  kiosk::Reduction r = kiosk::reduce(std::move(state_), event);
  state_ = std::move(r.state);
  run_effects(std::move(r.effects));
  // The camera looks for a QR code only while a screen waits for one.
  if (camera_) {
    const kiosk::Screen screen = state_.screen;
    const bool wanted = (screen == kiosk::Screen::StatusLookup && !lookup_job_.busy()) ||
                        (screen == kiosk::Screen::Technician && state_.technician &&
                         state_.technician->tab == kiosk::TechTab::Scanner) ||
                        screen == kiosk::Screen::Provisioning;
    if (wanted && !camera_->running())
      camera_->start();
    else if (!wanted && camera_->running())
      camera_->stop();
  }
}

// The loop's own bookkeeping (the timer, the redraw, the wipe) first: the other effects may
// dispatch again, and what they set must not be overwritten by this reduction's.
void App::run_effects(std::vector<kiosk::Effect> effects) {
  idle_wake_at_ = -1;
  auto bookkeeping = [](const kiosk::Effect& fx) {
    return std::holds_alternative<kiosk::EffectWakeAt>(fx) ||
           std::holds_alternative<kiosk::EffectRedraw>(fx) ||
           std::holds_alternative<kiosk::EffectWipeSession>(fx);
  };
  for (const kiosk::Effect& fx : effects)
    if (bookkeeping(fx)) run_effect(fx);
  for (const kiosk::Effect& fx : effects)
    if (!bookkeeping(fx)) run_effect(fx);
}

// Every effect the flow can ask for, each once: a new kind of effect that is not handled here
// does not compile.
void App::run_effect(const kiosk::Effect& effect) {
  std::visit(
      kiosk::Overloaded{
          [&](const kiosk::EffectWakeAt& fx) { idle_wake_at_ = fx.at_ms; },
          [&](const kiosk::EffectRedraw&) { frames_due_ = std::max(frames_due_, kSettleFrames); },
          [&](const kiosk::EffectWipeSession&) {
            if (qr_) qr_->clear();
            log_info("session wiped (session %llu)",
                     static_cast<unsigned long long>(state_.shell.session));
          },
          [&](const kiosk::EffectSubmitRequest& fx) { submit(fx.draft); },
          [&](const kiosk::EffectSubmitRating& fx) { submit_rating(fx.rating); },
          [&](const kiosk::EffectLookupStatus& fx) { start_lookup(fx); },
          [&](const kiosk::EffectPrintStatusSlip& fx) { print_status_slip(fx); },
          [&](const kiosk::EffectCheckPin& fx) { check_pin(fx.pin); },
          [&](const kiosk::EffectLoadStaff&) { load_staff(); },
          [&](const kiosk::EffectReprint& fx) { reprint(fx); },
          [&](const kiosk::EffectStaffPrint& fx) { staff_print(fx.what); },
          [&](const kiosk::EffectLoadTechInfo&) { load_tech_info(); },
          [&](const kiosk::EffectCheckNetwork&) { check_network(); },
          [&](const kiosk::EffectProvision& fx) { provision(fx); },
      },
      effect);
}

// A report of the sync thread, on the UI thread: new published answers or catalog, and what
// the home screen says about the link.
void App::take_sync_report(const offline::SyncReport& r) {
  if (!r.last_error.empty()) log_info("sync: %s", r.last_error.c_str());
  if (r.public_answers_changed && store_)
    public_answers_ = kiosk::parse_public_answers(offline::load_public_answers(*store_));
  if (r.catalog_changed) {
    load_catalog();  // the portal sent a new one; the store holds it now
    log_info("catalog updated from the portal");
  }
  sync_reported_ = true;
  dispatch(kiosk::EventConnectivity{
      kiosk::Connectivity{true, r.online, r.queued + r.needs_attention, r.unauthorized}});
}

// What the heartbeat says of the scanner: the serial scanner's link, or "wedge" when only a
// keyboard-wedge scanner can be used (it cannot be seen until it types).
void App::note_scanner_state() {
  if (!store_) return;
  const char* state = !serial_scanner_ ? "wedge" : serial_connected_ ? "connected" : "disconnected";
  (void)offline::set_setting(*store_, "scanner.state", state);
}

void App::start_lookup(const kiosk::EffectLookupStatus& fx) {
  const std::string& code = fx.code;
  const std::string& token = fx.token;
  const std::string& phone4 = fx.phone4;
  log_info("status lookup: %s", code.c_str());  // the code only, never the token
  std::optional<offline::SyncConfig> portal;
  const kiosk::KioskConfig& c = options_.config;
  // Known to be offline (the sync engine said so): straight to the cache, no timeout to wait.
  const bool known_offline = sync_reported_ && !state_.shell.connectivity.online;
  if (!c.portal.url.empty() && !c.portal.token.empty() && !c.portal.ca_file.empty() &&
      !known_offline)
    portal = sync_config(c);
  if (!phone4.empty() && !portal && !c.portal.url.empty() && !c.portal.token.empty() &&
      !c.portal.ca_file.empty())
    portal = sync_config(c);  // only the portal can check phone digits: always ask it
  lookup_job_.start(
      queue_, [this, portal, code, token, phone4, file = store_file()]() -> UiQueue::Task {
        offline::LookupResult result;
        result.outcome = kiosk::LookupOutcome::Unreachable;
        if (auto store = offline::Store::open(file))
          result = phone4.empty()
                       ? offline::lookup_case(*store, portal, code, token, kLookupTimeoutMs)
                       : offline::lookup_case_by_phone(portal, code, phone4, kLookupTimeoutMs);
        return [this, result = std::move(result)] {
          dispatch(kiosk::EventLookupDone{result.outcome, result.view});
        };
      });
}

void App::post_scan(std::string payload) {
  queue_.offer([this, payload = std::move(payload)] {
    dispatch(kiosk::EventScanned{payload, now_ms()});
  });
}

std::optional<ui::Hit> App::find_hit(const std::string& name) const {
  for (const ui::Hit& h : hits_)
    if (h.name == name) return h;
  return std::nullopt;
}

std::int64_t App::next_wake_ms() const {
  const std::int64_t now = now_ms();
  std::int64_t wake = idle_wake_at_ >= 0 ? idle_wake_at_ : INT64_MAX;
  if (watchdog_due_ms_ >= 0) wake = std::min(wake, watchdog_due_ms_);
  if (state_.shell.idle_warning) wake = std::min(wake, now + 1000 - (now % 1000));  // countdown
  if (state_.screen == kiosk::Screen::Home) {
    // The clock shows minutes: wake when the minute turns.
    const std::time_t t = std::time(nullptr);
    wake = std::min(wake, now + std::int64_t(60 - t % 60) * 1000);
  }
  return wake;
}

void App::handle(const SDL_Event& e) {
  ImGui_ImplSDL2_ProcessEvent(&e);
  const std::int64_t now = now_ms();
  int lw = options_.config.display.width, lh = options_.config.display.height;
  switch (e.type) {
    case SDL_QUIT: quit_ = true; break;
    case SDL_WINDOWEVENT:  // (a new size is followed by layout_frame, every frame)
      if (e.window.event == SDL_WINDOWEVENT_CLOSE && !options_.config.display.fullscreen)
        quit_ = true;
      break;
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) break;  // touch is handled as fingers below
      pointer_ = {float(e.motion.x), float(e.motion.y)};
      break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) break;
      pointer_ = {float(e.button.x), float(e.button.y)};
      pointer_down_ = e.type == SDL_MOUSEBUTTONDOWN;
      if (pointer_down_) dispatch(kiosk::EventTouch{now});
      break;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      // Normalised to the window; the layout is in logical pixels.
      pointer_ = {e.tfinger.x * float(lw), e.tfinger.y * float(lh)};
      if (e.type != SDL_FINGERMOTION) pointer_down_ = e.type == SDL_FINGERDOWN;
      if (e.type == SDL_FINGERDOWN) dispatch(kiosk::EventTouch{now});
      break;
    case SDL_TEXTINPUT:
      // Keyboard text is never typed into a box (the on-screen keyboard is the input); a
      // wedge scanner's burst ending in Enter is a scan.
      wedge_.on_text(e.text.text, now);
      break;
    case SDL_KEYDOWN:
      if (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) {
        if (auto scan = wedge_.on_enter(now)) dispatch(kiosk::EventScanned{std::move(*scan), now});
      }
      break;
    default: break;
  }
  frames_due_ = std::max(frames_due_, kSettleFrames);
}

bool App::step(int max_wait_ms) {
  if (quit_) return false;
  if (pending_.empty()) {
    int wait = frames_due_ > 0 ? 0 : max_wait_ms;
    const std::int64_t until = next_wake_ms() - now_ms();
    if (until < wait) wait = int(std::max<std::int64_t>(0, until));
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, wait)) {
      pending_.push_back(e);
      while (SDL_PollEvent(&e)) pending_.push_back(e);
    }
  }
  if (idle_wake_at_ >= 0 && now_ms() >= idle_wake_at_) dispatch(kiosk::EventTick{now_ms()});
  if (watchdog_due_ms_ >= 0) watchdog_due_ms_ = watchdog_.ping(now_ms());
  if (state_.shell.idle_warning) frames_due_ = std::max(frames_due_, 1);  // the countdown moves

  // Hand events over until a button goes down or up: ImGui needs a frame between press and
  // release to see a click, so each transition gets its own frame.
  while (!pending_.empty()) {
    const SDL_Event e = pending_.front();
    pending_.pop_front();
    handle(e);
    if (e.type == kWakeEvent) {  // news from another thread
      frames_due_ = std::max(frames_due_, 1);
      queue_.drain();
    }
    if (is_button_event(e)) break;
  }
  if (options_.exit_after_ms >= 0 && now_ms() >= options_.exit_after_ms) quit_ = true;
  if (!memory_logged_ && now_ms() >= 45'000) {
    // Once settled: what the session costs (the kiosk, and its compositor when it has one).
    memory_logged_ = true;
    log_info("memory: kiosk %ld MB, parent %s %ld MB", rss_mb("self"),
             process_name(std::to_string(::getppid())).c_str(),
             rss_mb(std::to_string(::getppid())));
  }
  if (frames_due_ > 0) {
    draw_frame(nullptr, nullptr);
    --frames_due_;
  }
  return !quit_;
}

void App::settle() {
  for (int guard = 0; guard < 1000 && (frames_due_ > 0 || !pending_.empty() || !queue_.empty() ||
                                       SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT));
       ++guard)
    if (!step(0)) break;
}

std::string App::renderer_name() const {
  SDL_RendererInfo info{};
  return SDL_GetRendererInfo(renderer_, &info) == 0 ? info.name : "";
}

App::FrameStats App::measure_frames(int count) {
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t t0 = SDL_GetPerformanceCounter();
    draw_frame(nullptr, nullptr);
    ms.push_back(double(SDL_GetPerformanceCounter() - t0) * 1e3 /
                 double(SDL_GetPerformanceFrequency()));
  }
  if (ms.empty()) return {};
  double sum = 0;
  for (double m : ms) sum += m;
  std::sort(ms.begin(), ms.end());
  return {sum / double(ms.size()), ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

void App::fit_layout() {
  kiosk::DisplayConfig& d = options_.config.display;
  if (d.fullscreen) {
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(renderer_, &w, &h) == 0 && w > 0 && h > 0) {
      const kiosk::LayoutSize size = kiosk::layout_for_output(w, h);
      if (size.width != d.width || size.height != d.height || !layout_logged_) {
        log_info("display: output %d×%d, laid out as %d×%d %s", w, h, size.width, size.height,
                 size.landscape() ? "landscape" : "portrait");
        layout_logged_ = true;
      }
      d.width = size.width;
      d.height = size.height;
      d.landscape = size.landscape();
    }
  }
  int lw = 0, lh = 0;
  SDL_RenderGetLogicalSize(renderer_, &lw, &lh);
  if (lw != d.width || lh != d.height) SDL_RenderSetLogicalSize(renderer_, d.width, d.height);
}

int App::run() {
  // The first frame goes up before the store opens, so the window appears at once.
  draw_frame(nullptr, nullptr);
  log_info("first frame on screen: %d×%d", options_.config.display.width,
           options_.config.display.height);
  if (options_.print_first_frame) {
    std::printf("first_frame\n");
    std::fflush(stdout);
  }
  open_store();
  if (options_.measure_frames > 0) {
    const FrameStats f = measure_frames(options_.measure_frames);
    std::printf("frame_ms_mean: %.2f\nframe_ms_p95: %.2f\n", f.mean_ms, f.p95_ms);
    std::fflush(stdout);
  }
  const int max_wait = options_.exit_after_ms >= 0 ? 100 : 60'000;
  watchdog_.ready(store_ ? "serving" : "serving without storage");
  watchdog_due_ms_ = watchdog_.ping(now_ms());
  while (step(max_wait)) {
  }
  watchdog_.stopping();
  return 0;
}

ui::FrameOutput App::layout_frame() {
  // A compositor may size the window after it is made (Wayland's configure), or rotate it.
  if (options_.config.display.fullscreen) fit_layout();
  ImGui_ImplSDL2_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  // SDL scales the logical screen to the window: lay out in the terminal's own pixels.
  io.DisplaySize = {float(options_.config.display.width), float(options_.config.display.height)};
  io.DisplayFramebufferScale = {1, 1};
  io.MousePos = pointer_;
  io.MouseDown[0] = pointer_down_;
  io.MouseDown[1] = io.MouseDown[2] = false;
  ImGui::NewFrame();

  ui::ViewContext ctx;
  ctx.config = &options_.config;
  ctx.catalog = catalog_ ? &*catalog_ : nullptr;
  ctx.qr = qr_.get();
  ctx.public_answers = &public_answers_;
  ctx.fonts = &fonts_;
  ctx.now_ms = now_ms();
  ctx.wall_time = std::time(nullptr);
  if (store_error_) {
    ctx.store_error_vi = store_error_->message_vi;
    ctx.store_error_en = store_error_->message_en;
  }
  ui::FrameOutput out;
  ui::draw(state_, ctx, out);
  ImGui::Render();
  return out;
}

void App::draw_frame(const std::filesystem::path* capture, std::string* error) {
  ui::FrameOutput out = layout_frame();
  if (!out.events.empty() && !capture) {
    // A tap changed the state: lay the frame out again before drawing it, so the key's glyph or
    // the next screen shows in this frame rather than the one after (layout costs ~0.1 ms;
    // drawing is what costs).
    for (const kiosk::Event& e : out.events) dispatch(e);
    out = layout_frame();
  }

  SDL_SetRenderDrawColor(renderer_, 0xF3, 0xF5, 0xF8, 0xFF);
  SDL_RenderClear(renderer_);
  imgui_renderer_->render(ImGui::GetDrawData());
  if (capture) {
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(renderer_, &w, &h);
    std::vector<unsigned char> pixels(std::size_t(w) * std::size_t(h) * 4);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGBA32, pixels.data(), w * 4) !=
        0) {
      if (error) *error = std::string("cannot read the frame back: ") + SDL_GetError();
    } else if (!stbi_write_png(capture->c_str(), w, h, 4, pixels.data(), w * 4)) {
      if (error) *error = "cannot write " + capture->string();
    }
  }
  SDL_RenderPresent(renderer_);
  ++frames_drawn_;
  hits_ = std::move(out.hits);
  for (const kiosk::Event& e : out.events) dispatch(e);
}

bool App::capture(const std::filesystem::path& png, std::string& error) {
  error.clear();
  draw_frame(&png, &error);
  return error.empty();
}

bool App::screenshot(const std::filesystem::path& png, std::string& error) {
  options_.config.portal.token.clear();  // one frame: no sync thread
  open_store();
  if (options_.screen != kiosk::Screen::Home)
    dispatch(kiosk::RequestOpen{options_.screen, now_ms()});
  if (options_.idle_warning) {
    // As if the resident left 65 s ago: the warning with its countdown.
    const std::int64_t now = now_ms();
    dispatch(kiosk::EventTouch{now - state_.shell.idle.warn_after_ms - 5000});
    dispatch(kiosk::EventTick{now});
  }
  for (int i = 0; i < kSettleFrames; ++i) draw_frame(nullptr, nullptr);
  error.clear();
  draw_frame(&png, &error);
  return error.empty();
}

}  // namespace app
