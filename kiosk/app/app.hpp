// The program's loop: SDL window and events, the flow's reducer, ImGui frames, the store.
// Renders only when something changed (input, a timer the flow asked for, a wake from another
// thread); otherwise it sleeps in SDL_WaitEventTimeout.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SDL.h>

#include "camera_scanner.hpp"
#include "catalog.hpp"
#include "flow.hpp"
#include "lookup.hpp"
#include "options.hpp"
#include "printing.hpp"
#include "sealing.hpp"
#include "serial_scanner.hpp"
#include "store.hpp"
#include "sync.hpp"
#include "ui_queue.hpp"
#include "view.hpp"
#include "watchdog.hpp"
#include "wedge.hpp"

namespace ui {
class ImGuiSdlRenderer;
class QrTextures;
}  // namespace ui

namespace app {

struct WindowOptions {
  bool hidden = false;  // offscreen rendering for screenshots
};

class App {
 public:
  [[nodiscard]] static std::unique_ptr<App> create(const RunOptions& options,
                                                   const WindowOptions& window, std::string& error);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Runs until the window is closed (or --exit-after-ms); returns the process exit code.
  int run();
  // One turn of the loop: waits up to `max_wait_ms` for input or a timer, handles it, and draws
  // a frame when one is due. Returns false once the program should quit.
  bool step(int max_wait_ms);
  // Turns the loop until nothing is left to handle or draw (tests and screenshots).
  void settle();

  // Opens the store and the catalog (run() does it right after the first frame).
  void open_store();
  void dispatch(const kiosk::Event& event);
  struct FrameStats {
    double mean_ms = 0;
    double p95_ms = 0;
  };
  // Draws `count` frames back to back and times each (the benches).
  [[nodiscard]] FrameStats measure_frames(int count);
  [[nodiscard]] std::string renderer_name() const;
  [[nodiscard]] const kiosk::State& state() const { return state_; }
  [[nodiscard]] const std::vector<ui::Hit>& hits() const { return hits_; }
  // The layout in use (full screen: the one that suits the output).
  [[nodiscard]] const kiosk::DisplayConfig& display() const { return options_.config.display; }
  [[nodiscard]] std::optional<ui::Hit> find_hit(const std::string& name) const;
  [[nodiscard]] std::int64_t frames_drawn() const { return frames_drawn_; }
  [[nodiscard]] SDL_Window* window() const { return window_; }
  [[nodiscard]] SDL_Renderer* renderer() const { return renderer_; }
  [[nodiscard]] std::int64_t now_ms() const;
  [[nodiscard]] const std::optional<offline::StoreError>& store_error() const {
    return store_error_;
  }

  // Draws a frame and writes it to a PNG before presenting it.
  [[nodiscard]] bool screenshot(const std::filesystem::path& png, std::string& error);
  // Writes the next frame to a PNG (the UI tests record the path they drive).
  [[nodiscard]] bool capture(const std::filesystem::path& png, std::string& error);
  [[nodiscard]] const kiosk::Catalog* catalog() const { return catalog_ ? &*catalog_ : nullptr; }
  // The store's file (the UI test reads the outbox row it made).
  [[nodiscard]] std::filesystem::path store_file() const;

 private:
  App() = default;
  void load_catalog();
  void refresh_queue();
  void submit(const kiosk::RequestDraft& draft);
  void submit_rating(const kiosk::RatingDraft& rating);
  void handle(const SDL_Event& event);
  void draw_frame(const std::filesystem::path* capture, std::string* error);
  void fit_layout();  // full screen: the layout for the output's shape and size
  [[nodiscard]] ui::FrameOutput layout_frame();  // ImGui frame of the state, not yet drawn
  [[nodiscard]] std::int64_t next_wake_ms() const;

  RunOptions options_;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  std::unique_ptr<ui::ImGuiSdlRenderer> imgui_renderer_;
  ui::Fonts fonts_;
  bool imgui_ready_ = false;
  bool sdl_backend_ready_ = false;

  // The flow's state: written only by dispatch(), with what kiosk::reduce returns.
  kiosk::State state_;
  std::int64_t idle_wake_at_ = -1;
  void run_effects(std::vector<kiosk::Effect> effects);
  void run_effect(const kiosk::Effect& effect);

  // Every other thread reaches the UI thread through this queue (one SDL wake event, one lock).
  UiQueue queue_;

  std::optional<offline::Store> store_;
  std::optional<offline::StoreError> store_error_;
  std::optional<kiosk::Catalog> catalog_;
  std::optional<offline::PortalPublicKey> portal_key_;
  std::unique_ptr<ui::QrTextures> qr_;
  std::unique_ptr<offline::SyncEngine> sync_;
  bool sync_reported_ = false;                       // a report has come: connectivity is known
  std::vector<kiosk::PublicAnswer> public_answers_;  // as the portal last sent them
  void start_sync();
  void take_sync_report(const offline::SyncReport& report);

  // "Tra cứu hồ sơ": lookups run on a job (outbox, portal with a short timeout, cache); scans
  // come from the keyboard wedge (SDL text events), the serial scanner's or the camera's thread.
  void start_lookup(const kiosk::EffectLookupStatus& fx);
  void post_scan(std::string payload);  // from any thread
  Job lookup_job_;
  kiosk::WedgeDetector wedge_;
  std::unique_ptr<device::SerialScanner> serial_scanner_;
  bool serial_connected_ = false;  // the UI thread's copy of the scanner's link
  void note_scanner_state();       // into the store, for the heartbeat and `kiosk status`
  std::unique_ptr<device::CameraScanner> camera_;  // started on the status screen only

  // Paper (app_paper.cpp): the printer thread takes jobs from the store's print queue; results
  // and state changes come back through the queue. Staff mode reads the store directly.
  void start_printer();
  void print_status_slip(const kiosk::EffectPrintStatusSlip& fx);
  void check_pin(const std::string& pin);
  void load_staff(kiosk::StaffNotice notice = {});
  void reprint(const kiosk::EffectReprint& fx);
  void staff_print(kiosk::StaffPrint what);
  [[nodiscard]] offline::PrintJobInput receipt_job(const kiosk::Receipt& receipt,
                                                   const kiosk::RequestDraft& draft) const;
  Job pin_job_;
  // Technician mode and provisioning (app_technician.cpp): the slow parts run on a job.
  void load_tech_info();
  void check_network();
  void provision(const kiosk::EffectProvision& fx);
  void apply_provisioned();
  Job tech_job_;
  std::unique_ptr<PrintWorker> printer_;
  device::Watchdog watchdog_;  // systemd: pinged from this loop, so a hung UI gets restarted
  std::int64_t watchdog_due_ms_ = -1;

  // Pointer in screen coordinates, fed from events (the 1.86 backend polls global mouse state and
  // ignores touch, so the loop feeds ImGui itself).
  ImVec2 pointer_{-FLT_MAX, -FLT_MAX};
  bool pointer_down_ = false;
  std::deque<SDL_Event> pending_;
  int frames_due_ = 0;
  std::int64_t frames_drawn_ = 0;
  bool quit_ = false;
  bool layout_logged_ = false;
  bool memory_logged_ = false;  // the session's memory is logged once, 45 s after start  // the
                                // output and its layout are logged once, then on change
  std::uint64_t start_ticks_ = 0;
  std::vector<ui::Hit> hits_;
};

}  // namespace app
