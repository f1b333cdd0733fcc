// kiosk: the terminal program. Wires the rooms together; see ARCHITECTURE.md.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "app.hpp"
#include "commands.hpp"
#include "headless.hpp"
#include "log.hpp"
#include "options.hpp"

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--version") {  // before any config is read
    std::printf("giaitrinh-kiosk %s\n", app::version());
    return 0;
  }
  if (const auto code = app::run_command(argc, argv)) return *code;
  auto options = app::parse_options(argc, argv);
  if (!options) {
    std::fprintf(stderr, "kiosk: %s\n", options.error().c_str());
    return 2;
  }
  if (options->help) {
    std::fputs(app::usage().c_str(), stdout);
    return 0;
  }

  if (options->headless) return app::run_headless(*options);
  std::string error;
  // A screenshot needs no display: without one, draw into SDL's offscreen video driver.
  if (!options->screenshot.empty() && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
  app::WindowOptions window;
  window.hidden = !options->screenshot.empty();
  if (!options->screenshot.empty())
    options->config.display.window_scale = 1;  // the terminal's own pixels
  auto kiosk = app::App::create(*options, window, error);
  if (!kiosk) {
    app::log_error("%s", error.c_str());
    return 1;
  }
  if (!options->screenshot.empty()) {
    if (!kiosk->screenshot(options->screenshot, error)) {
      app::log_error("%s", error.c_str());
      return 1;
    }
    return 0;
  }
  return kiosk->run();
}
