// The program's loop: SDL window and events, the flow's reducer, ImGui frames, the store.
// Renders only when something changed (input, a timer the flow asked for, a wake from another
// thread); otherwise it sleeps in SDL_WaitEventTimeout.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
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
  [[nodiscard]] ui::FrameOutput layout_frame();  // ImGui frame of the state, not yet drawn
  [[nodiscard]] std::int64_t next_wake_ms() const;

  RunOptions options_;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  std::unique_ptr<ui::ImGuiSdlRenderer> imgui_renderer_;
  ui::Fonts fonts_;
  bool imgui_ready_ = false;
  bool sdl_backend_ready_ = false;

  kiosk::State state_;
  std::int64_t idle_wake_at_ = -1;
  std::optional<offline::Store> store_;
  std::optional<offline::StoreError> store_error_;
  std::optional<kiosk::Catalog> catalog_;
  std::optional<offline::PortalPublicKey> portal_key_;
  std::unique_ptr<ui::QrTextures> qr_;
  std::unique_ptr<offline::SyncEngine> sync_;
  std::mutex sync_mutex_;
  offline::SyncReport sync_report_;                  // the latest, handed over from the sync thread
  bool sync_reported_ = false;                       // a report has come: connectivity is known
  std::vector<kiosk::PublicAnswer> public_answers_;  // as the portal last sent them
  void start_sync();

  // "Tra cứu hồ sơ": lookups run on a worker (outbox, portal with a short timeout, cache);
  // scans come from the keyboard wedge (SDL text events) or the serial scanner's thread.
  void start_lookup(const std::string& code, const std::string& token, const std::string& phone4);
  void post_scan(std::string payload);  // from any thread
  std::thread lookup_thread_;
  std::mutex lookup_mutex_;
  std::optional<offline::LookupResult> lookup_result_;
  std::deque<std::string> scans_;  // under lookup_mutex_
  kiosk::WedgeDetector wedge_;
  std::unique_ptr<device::SerialScanner> serial_scanner_;
  std::atomic<bool> serial_connected_{false};
  void note_scanner_state();  // into the store, for the heartbeat and `kiosk status`
  std::unique_ptr<device::CameraScanner> camera_;  // started on the status screen only

  // Paper (app_paper.cpp): the printer thread takes jobs from the store's print queue; results
  // and state changes come back as SDL user events. Staff mode reads the store directly.
  void start_printer();
  void print_status_slip(const kiosk::EffectPrintStatusSlip& fx);
  void check_pin(const std::string& pin);
  void load_staff(std::string note_vi = {}, std::string note_en = {});
  void reprint(const kiosk::EffectReprint& fx);
  void staff_print(kiosk::StaffPrint what);
  void take_print_outcomes();
  void take_pin_result();
  [[nodiscard]] offline::PrintJobInput receipt_job(const kiosk::Receipt& receipt,
                                                   const kiosk::RequestDraft& draft) const;
  // Technician mode and provisioning (app_technician.cpp): the slow parts run on a worker.
  void load_tech_info();
  void check_network();
  void provision(const kiosk::EffectProvision& fx);
  void take_technician_results();
  void apply_provisioned();
  std::thread tech_thread_;
  std::optional<kiosk::EventNetworkChecked> network_result_;  // under paper_mutex_
  std::optional<kiosk::EventProvisioned> provision_result_;   // under paper_mutex_
  std::unique_ptr<PrintWorker> printer_;
  device::Watchdog watchdog_;  // systemd: pinged from this loop, so a hung UI gets restarted
  std::int64_t watchdog_due_ms_ = -1;
  std::mutex paper_mutex_;
  std::deque<PrintOutcome> print_outcomes_;  // under paper_mutex_
  std::thread pin_thread_;
  std::optional<kiosk::EventPinChecked> pin_result_;  // under paper_mutex_

  // Pointer in screen coordinates, fed from events (the 1.86 backend polls global mouse state and
  // ignores touch, so the loop feeds ImGui itself).
  ImVec2 pointer_{-FLT_MAX, -FLT_MAX};
  bool pointer_down_ = false;
  std::deque<SDL_Event> pending_;
  int frames_due_ = 0;
  std::int64_t frames_drawn_ = 0;
  bool quit_ = false;
  std::uint64_t start_ticks_ = 0;
  std::vector<ui::Hit> hits_;
};

}  // namespace app
