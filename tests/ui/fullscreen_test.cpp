// The kiosk full screen on whatever output it gets: run by ctest once per X screen size (Xvfb of
// 1366×768, 1280×1024, 1920×1080, 1080×1920, 3840×2160). What the X server shows is read back
// from its root window, and the real pointer (XTest) taps a tile at the place a finger would.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <stb_image_write.h>

#include "config.hpp"
#include "driver.hpp"
#include "theme.hpp"

// Last: Xlib's macros (None, Status, …) would clash with the kiosk's names.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>

namespace fs = std::filesystem;

namespace {

struct Rgb {
  int r, g, b;
};

Rgb of(ImU32 c) {
  return {int(c & 0xFF), int((c >> 8) & 0xFF), int((c >> 16) & 0xFF)};
}

// The root window as the X server shows it.
struct RootImage {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  Rgb at(int x, int y) const {
    const unsigned char* p = &rgb[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 3];
    return {p[0], p[1], p[2]};
  }
};

RootImage grab(Display* d) {
  RootImage img;
  const Window root = DefaultRootWindow(d);
  img.w = DisplayWidth(d, DefaultScreen(d));
  img.h = DisplayHeight(d, DefaultScreen(d));
  XImage* x = XGetImage(d, root, 0, 0, unsigned(img.w), unsigned(img.h), AllPlanes, ZPixmap);
  REQUIRE(x);
  img.rgb.resize(std::size_t(img.w) * std::size_t(img.h) * 3);
  for (int y = 0; y < img.h; ++y)
    for (int xx = 0; xx < img.w; ++xx) {
      const unsigned long p = XGetPixel(x, xx, y);
      unsigned char* o = &img.rgb[(std::size_t(y) * std::size_t(img.w) + std::size_t(xx)) * 3];
      o[0] = static_cast<unsigned char>((p & x->red_mask) >> 16);
      o[1] = static_cast<unsigned char>((p & x->green_mask) >> 8);
      o[2] = static_cast<unsigned char>(p & x->blue_mask);
    }
  XDestroyImage(x);
  return img;
}

bool near(Rgb a, Rgb b) {
  return std::abs(a.r - b.r) <= 6 && std::abs(a.g - b.g) <= 6 && std::abs(a.b - b.b) <= 6;
}

}  // namespace

TEST_CASE("full screen: the layout fits the output's shape, fills it, and a touch lands right") {
  Display* x = XOpenDisplay(nullptr);
  REQUIRE(x);
  const int out_w = DisplayWidth(x, DefaultScreen(x));
  const int out_h = DisplayHeight(x, DefaultScreen(x));
  const std::string size = std::to_string(out_w) + "x" + std::to_string(out_h);
  CAPTURE(size);

  const fs::path state = fs::temp_directory_path() / ("kiosk-full-" + std::to_string(::getpid()));
  auto o = uitest::run_options(state, {"--fullscreen"});
  std::string error;
  auto app = app::App::create(o, {}, error);
  REQUIRE_MESSAGE(app, error);
  app->settle();

  // Laid out for this output: its shape decides portrait or landscape.
  const kiosk::LayoutSize want = kiosk::layout_for_output(out_w, out_h);
  const kiosk::DisplayConfig& d = app->display();
  CHECK(d.width == want.width);
  CHECK(d.height == want.height);
  CHECK(d.landscape == (out_w > out_h));
  for (const ui::Hit& h : app->hits()) {  // every target on the screen
    CAPTURE(h.name);
    CHECK(h.min.x >= 0);
    CHECK(h.min.y >= 0);
    CHECK(h.max.x <= float(d.width));
    CHECK(h.max.y <= float(d.height));
  }

  // What the screen shows: the header band across the whole top (nothing shifted or cut off at
  // the left or right), the page's background in the bottom corners (nothing cut off below, no
  // black bars).
  XSync(x, False);
  const RootImage screen = grab(x);
  fs::create_directories(KIOSK_SCREENS_DIR);
  stbi_write_png((fs::path(KIOSK_SCREENS_DIR) / ("fullscreen-" + size + ".png")).c_str(), screen.w,
                 screen.h, 3, screen.rgb.data(), screen.w * 3);
  const Rgb header = of(ui::theme::kHeader), page = of(ui::theme::kBackground);
  for (int px : {1, out_w / 2, out_w - 2}) {
    CAPTURE(px);
    CHECK(near(screen.at(px, 1), header));
    CHECK(near(screen.at(px, out_h - 2), page));
  }
  CHECK(near(screen.at(1, out_h / 2), page));
  CHECK(near(screen.at(out_w - 2, out_h / 2), page));

  // A finger on the status tile: the real pointer at the tile's place on the output.
  const auto tile = app->find_hit("tile.status");
  REQUIRE(tile);
  const ImVec2 c = tile->center();
  const int sx = int(c.x * float(out_w) / float(d.width));
  const int sy = int(c.y * float(out_h) / float(d.height));
  XTestFakeMotionEvent(x, DefaultScreen(x), sx, sy, CurrentTime);
  XTestFakeButtonEvent(x, 1, True, CurrentTime);
  XTestFakeButtonEvent(x, 1, False, CurrentTime);
  XSync(x, False);
  CHECK(uitest::wait_until(
      *app, [&] { return app->state().screen == kiosk::Screen::StatusLookup; }, 10'000));

  app.reset();
  XCloseDisplay(x);
  fs::remove_all(state);
}
