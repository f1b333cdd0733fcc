// The real window under Xvfb: taps on named widgets, the states that follow, frames drawn.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <stb_image.h>

#include "config.hpp"
#include "driver.hpp"
#include "options.hpp"

namespace fs = std::filesystem;
using kiosk::Lang;
using kiosk::Screen;

namespace {

fs::path temp_state_dir() {
  static int n = 0;
  return fs::temp_directory_path() /
         ("kiosk-ui-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
}

app::RunOptions options(std::vector<std::string> extra = {}) {
  return uitest::run_options(temp_state_dir(), std::move(extra));
}

std::unique_ptr<app::App> start(const app::RunOptions& o) {
  std::string error;
  auto a = app::App::create(o, {}, error);
  INFO(error);
  REQUIRE(a);
  a->settle();
  return a;
}

}  // namespace

TEST_CASE("tapping each home tile opens its service, and Quay lại returns home") {
  auto app = start(options());
  const std::pair<const char*, Screen> tiles[] = {{"tile.request", Screen::RequestIntro},
                                                  {"tile.status", Screen::StatusLookup},
                                                  {"tile.rating", Screen::Rating},
                                                  {"tile.agencies", Screen::AgencyInfo}};
  for (const auto& [name, screen] : tiles) {
    CAPTURE(name);
    uitest::tap(*app, name);
    CHECK(app->state().screen == screen);
    uitest::tap(*app, "back");
    CHECK(app->state().screen == Screen::Home);
  }
}

TEST_CASE("every touch target is at least 15 mm on the terminal's screen, portrait and landscape") {
  for (const char* orientation : {"--lang", "--landscape"}) {
    CAPTURE(orientation);
    auto o =
        std::string(orientation) == "--lang" ? options({"--lang", "vi"}) : options({"--landscape"});
    auto app = start(o);
    const float min = kiosk::min_touch_px(o.config);
    CHECK(min >= 40.0f);  // 15 mm on a 21.5" screen is ~61 px
    std::vector<std::string> names;
    for (const ui::Hit& h : app->hits()) names.push_back(h.name);
    CHECK(names.size() == 6);  // four tiles, the language switch, staff mode's hidden corner
    for (const ui::Hit& h : app->hits()) {
      CAPTURE(h.name);
      CHECK(h.size().x >= min);
      CHECK(h.size().y >= min);
      CHECK(h.min.x >= 0);
      CHECK(h.min.y >= 0);
      CHECK(h.max.x <= float(o.config.display.width));
      CHECK(h.max.y <= float(o.config.display.height));
    }
    uitest::tap(*app, "tile.status");
    for (const ui::Hit& h : app->hits()) {
      CAPTURE(h.name);
      CHECK(h.size().x >= min);
      CHECK(h.size().y >= min);
    }
  }
}

TEST_CASE("the language switch changes the screens, Huỷ brings Vietnamese back") {
  auto app = start(options());
  CHECK(app->state().shell.lang == Lang::Vi);
  uitest::tap(*app, "lang");
  CHECK(app->state().shell.lang == Lang::En);
  uitest::tap(*app, "tile.request");
  CHECK(app->state().screen == Screen::RequestIntro);
  CHECK(app->state().shell.lang == Lang::En);  // the language holds across screens
  uitest::tap(*app, "cancel");
  CHECK(app->state().screen == Screen::Home);
  CHECK(app->state().shell.lang == Lang::Vi);
}

TEST_CASE("left alone, a screen warns, then goes home and wipes, and a tap on the warning stays") {
  // Times with room for a slow machine (ASan, software rendering): a frame may take 200 ms.
  auto app = start(options({"--idle-warn-s", "1", "--idle-reset-s", "3"}));
  uitest::tap(*app, "tile.rating");
  const auto session = app->state().shell.session;
  const auto opened_at = app->state().shell.last_activity_ms;
  while (!app->state().shell.idle_warning && app->now_ms() - opened_at < 10'000 && app->step(50)) {
  }
  REQUIRE(app->state().shell.idle_warning);
  CHECK(app->state().screen == Screen::Rating);
  uitest::tap(*app, "idle.stay");
  CHECK_FALSE(app->state().shell.idle_warning);
  CHECK(app->state().screen == Screen::Rating);

  const auto touched_at = app->state().shell.last_activity_ms;
  while (app->state().screen != Screen::Home && app->now_ms() - touched_at < 15'000) app->step(50);
  CHECK(app->state().screen == Screen::Home);
  CHECK(app->state().shell.session == session + 1);
  CHECK(app->now_ms() - touched_at >= 3000);  // not before the reset time
}

TEST_CASE("when nobody touches the screen, no frames are drawn") {
  auto app = start(options());
  uitest::tap(*app, "tile.status");
  const auto frames = app->frames_drawn();
  const auto t0 = app->now_ms();
  while (app->now_ms() - t0 < 700) app->step(700);
  CHECK(app->frames_drawn() == frames);
}

TEST_CASE("a storage failure is shown on screen in words, and the kiosk keeps running") {
  const fs::path blocked = temp_state_dir();
  fs::create_directories(blocked / "kiosk.db");  // a folder where the database should be
  auto o = options({"--state-dir", blocked.string()});
  std::string error;
  auto app = app::App::create(o, {}, error);
  REQUIRE(app);
  CHECK(app->screenshot(blocked / "shot.png", error));
  REQUIRE(app->store_error().has_value());
  CHECK(app->store_error()->kind == offline::StoreErrorKind::Unreadable);
  uitest::tap(*app, "tile.agencies");  // the resident can still use the screens
  CHECK(app->state().screen == Screen::AgencyInfo);
  fs::remove_all(blocked);
}

TEST_CASE("kiosk --screenshot writes a 1080×1920 PNG of the home screen in vi and in en") {
  const fs::path dir = temp_state_dir();
  fs::create_directories(dir);
  for (const char* lang : {"vi", "en"}) {
    CAPTURE(lang);
    const fs::path png = dir / (std::string("home-") + lang + ".png");
    const std::string cmd = std::string(KIOSK_BINARY) + " --assets " + KIOSK_SHARE_DIR +
                            " --state-dir " + dir.string() + " --screenshot " + png.string() +
                            " --screen home --lang " + lang;
    REQUIRE(std::system(cmd.c_str()) == 0);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(png.c_str(), &w, &h, &n, 4);
    REQUIRE(px != nullptr);
    CHECK(w == 1080);
    CHECK(h == 1920);
    // The header's dark blue at the top, the request tile's blue in the first tile's margin.
    auto rgb = [&](int x, int y) {
      const unsigned char* p = px + (std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4;
      return (unsigned(p[0]) << 16) | (unsigned(p[1]) << 8) | p[2];
    };
    CHECK(rgb(10, 10) == 0x0B3D6Eu);
    stbi_image_free(px);
  }
  // The two languages draw different screens.
  CHECK(fs::file_size(dir / "home-vi.png") != fs::file_size(dir / "home-en.png"));
  fs::remove_all(dir);
}

TEST_CASE("kiosk refuses bad flags with a message and exit code 2") {
  const std::string cmd = std::string(KIOSK_BINARY) + " --screen nowhere >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  CHECK(WIFEXITED(rc));
  CHECK(WEXITSTATUS(rc) == 2);
}
