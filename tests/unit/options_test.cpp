#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "options.hpp"

namespace fs = std::filesystem;

namespace {

std::expected<app::RunOptions, std::string> parse(std::vector<std::string> args) {
  args.insert(args.begin(), "kiosk");
  args.insert(args.begin() + 1, {"--assets", KIOSK_SHARE_DIR});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return app::parse_options(int(argv.size()), argv.data());
}

fs::path temp_file(const std::string& name, const std::string& content) {
  const fs::path p =
      fs::temp_directory_path() / ("kiosk-options-" + std::to_string(::getpid()) + name);
  std::ofstream(p) << content;
  return p;
}

}  // namespace

TEST_CASE("defaults: the demo centre, portrait 1080×1920, Vietnamese, 60/75 s idle") {
  auto o = parse({});
  REQUIRE(o);
  CHECK(o->config.centre.name_vi == "Trung tâm Phục vụ hành chính công xã Vĩnh Linh");
  CHECK(o->config.display.width == 1080);
  CHECK(o->config.display.height == 1920);
  CHECK(o->config.input.default_lang == kiosk::Lang::Vi);
  CHECK(o->config.input.idle.warn_after_ms == 60'000);
  CHECK(o->config.input.idle.reset_after_ms == 75'000);
  CHECK_FALSE(o->config.state_dir.empty());
}

TEST_CASE("flags override the config file") {
  auto o = parse({"--landscape", "--lang", "en", "--idle-warn-s", "20", "--idle-reset-s", "30",
                  "--screenshot", "x.png", "--screen", "status"});
  REQUIRE(o);
  CHECK(o->config.display.width == 1920);
  CHECK(o->config.display.height == 1080);
  CHECK(o->config.input.default_lang == kiosk::Lang::En);
  CHECK(o->config.input.idle.warn_after_ms == 20'000);
  CHECK(o->config.input.idle.reset_after_ms == 30'000);
  CHECK(o->screen == kiosk::Screen::StatusLookup);
}

TEST_CASE("any output gets the layout of its shape, filling it with the same aspect") {
  struct Case {
    int w, h, lw, lh;
  };
  for (const Case c :
       {Case{1080, 1920, 1080, 1920}, Case{1920, 1080, 1920, 1080}, Case{3840, 2160, 1920, 1080},
        Case{1366, 768, 1921, 1080}, Case{1280, 1024, 1440, 1152}, Case{1024, 1280, 1280, 1600},
        Case{1280, 720, 1920, 1080}, Case{720, 1280, 1080, 1920}, Case{800, 800, 1600, 1600}}) {
    CAPTURE(c.w);
    CAPTURE(c.h);
    const kiosk::LayoutSize l = kiosk::layout_for_output(c.w, c.h);
    CHECK(l.width == c.lw);
    CHECK(l.height == c.lh);
    CHECK(l.landscape() == (c.w > c.h));
    CHECK(std::abs(double(l.width) / l.height - double(c.w) / c.h) < 0.002);  // no bars
    CHECK(std::min(l.width, l.height) >= 1080);
  }
  auto o = parse({"--output", "1366x768"});
  REQUIRE(o);
  CHECK(o->config.display.width == 1921);
  CHECK(o->config.display.landscape);
  // A terminal's config asks for full screen; --output still draws that output's layout (the
  // image test compares the guest's screen with such a screenshot).
  const fs::path terminal = temp_file("terminal.json", R"({"fullscreen": true})");
  o = parse({"--config", terminal.string(), "--output", "1280x800"});
  fs::remove(terminal);
  REQUIRE(o);
  CHECK_FALSE(o->config.display.fullscreen);
  CHECK(o->config.display.width == 1728);
  CHECK(o->config.display.height == 1080);
  for (const char* bad : {"1366", "0x0", "1366x", "x768", "99999x768", "12a4x768"}) {
    CAPTURE(bad);
    auto refused = parse({"--output", bad});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("--output") != std::string::npos);
  }
}

TEST_CASE("bad flags are refused with a message that names them") {
  auto o = parse({"--lang", "fr"});
  REQUIRE_FALSE(o);
  CHECK(o.error().find("--lang") != std::string::npos);
  o = parse({"--screen", "nowhere"});
  REQUIRE_FALSE(o);
  o = parse({"--bogus"});
  REQUIRE_FALSE(o);
  CHECK(o.error().find("--bogus") != std::string::npos);
  o = parse({"--idle-warn-s", "80"});  // after the 75 s reset
  REQUIRE_FALSE(o);
  o = parse({"--window-scale"});
  REQUIRE_FALSE(o);
  CHECK(o.error().find("needs a value") != std::string::npos);
}

TEST_CASE("a config file sets the centre, terminal and idle times, and a broken one is refused") {
  const fs::path good =
      temp_file("good.json", R"({"center":{"name_vi":"Trung tâm xã A","name_en":"Commune A centre"},
      "terminal_id":"A01","idle":{"warn_after_s":30,"reset_after_s":45.5}})");
  auto o = parse({"--config", good.string()});
  REQUIRE(o);
  CHECK(o->config.centre.name_vi == "Trung tâm xã A");
  CHECK(o->config.centre.terminal_id == "A01");
  CHECK(o->config.input.idle.reset_after_ms == 45'500);

  const fs::path broken = temp_file("broken.json", "{ not json");
  o = parse({"--config", broken.string()});
  REQUIRE_FALSE(o);
  CHECK(o.error().find("not a JSON object") != std::string::npos);

  const fs::path wrong_type = temp_file("type.json", R"({"terminal_id": 5})");
  o = parse({"--config", wrong_type.string()});
  REQUIRE_FALSE(o);

  o = parse({"--config", "/nonexistent/kiosk.json"});
  REQUIRE_FALSE(o);
  CHECK(o.error().find("cannot read") != std::string::npos);
  fs::remove(good);
  fs::remove(broken);
  fs::remove(wrong_type);
}
