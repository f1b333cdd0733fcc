// Command line and config file of the kiosk program.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>

#include "config.hpp"

namespace app {

struct RunOptions {
  kiosk::KioskConfig config;
  std::filesystem::path screenshot;  // non-empty: render one screen to this PNG and exit
  kiosk::Screen screen = kiosk::Screen::Home;
  bool idle_warning = false;        // with --screenshot: show the idle warning over the screen
  bool print_first_frame = false;   // print "first_frame" on stdout once it is presented
  std::int64_t exit_after_ms = -1;  // quit by itself after this long (tests, benches)
  int measure_frames = 0;           // after the first frame, draw this many and print their times
  bool headless = false;            // no window: the store and the sync engine only
  bool until_drained = false;       // with --headless: stop once the queue is empty and sent
  // With --headless: burn-in, a demo request queued every this many ms through the same path as
  // a resident's (the power-cut test drives the terminal's image with it). 0: none.
  std::int64_t soak_every_ms = 0;
  bool help = false;
};

[[nodiscard]] std::expected<RunOptions, std::string> parse_options(int argc, char** argv);
[[nodiscard]] std::string usage();
[[nodiscard]] const char* version();  // one source: the first line of debian/changelog

// Reads a JSON config file over `config`: only the keys present change anything.
[[nodiscard]] std::expected<void, std::string> load_config_file(const std::filesystem::path& file,
                                                                kiosk::KioskConfig& config);

// $KIOSK_ASSETS, else <exe>/../share/giaitrinh-kiosk.
[[nodiscard]] std::filesystem::path default_assets_dir();
// $XDG_STATE_HOME/giaitrinh-kiosk, else ~/.local/state/giaitrinh-kiosk.
[[nodiscard]] std::filesystem::path default_state_dir();

}  // namespace app
