// Drives the real kiosk window like a finger would: finds where a named widget was drawn, moves
// the pointer there and pushes a press and a release into SDL's event queue.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <SDL.h>

#include "app.hpp"
#include "options.hpp"

namespace uitest {

// The kiosk's options as the command line would give them: the build's assets, one window pixel
// per terminal pixel, its own state folder.
inline app::RunOptions run_options(const std::filesystem::path& state,
                                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"kiosk", "--assets",    KIOSK_SHARE_DIR, "--window-scale",
                                   "1",     "--state-dir", state.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  auto o = app::parse_options(int(argv.size()), argv.data());
  REQUIRE(o);
  return *o;
}

inline void push_button(app::App& app, bool down, int wx, int wy) {
  SDL_Event e{};
  e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
  e.button.windowID = SDL_GetWindowID(app.window());
  e.button.button = SDL_BUTTON_LEFT;
  e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.button.clicks = 1;
  e.button.x = wx;
  e.button.y = wy;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

inline void tap(app::App& app, const std::string& name) {
  app.settle();
  const auto hit = app.find_hit(name);
  INFO("widget: " << name);
  REQUIRE(hit.has_value());
  const ImVec2 c = hit->center();
  int wx = 0, wy = 0;
  SDL_RenderLogicalToWindow(app.renderer(), c.x, c.y, &wx, &wy);
  SDL_WarpMouseInWindow(app.window(), wx, wy);
  push_button(app, true, wx, wy);
  push_button(app, false, wx, wy);
  app.settle();
}

// Types on the on-screen keyboard, one tap per key ("key.a", "key.space", …).
inline void type(app::App& app, const std::string& keys) {
  for (char c : keys) {
    if (c == ' ')
      tap(app, "key.space");
    else
      tap(app, std::string("key.") + c);
  }
}

// A keyboard-wedge scanner: the payload as text events, one character each, then Enter, all at
// once (a scanner types a character every few milliseconds).
inline void push_text(const std::string& chars) {
  for (char c : chars) {
    SDL_Event e{};
    e.type = SDL_TEXTINPUT;
    e.text.text[0] = c;
    REQUIRE(SDL_PushEvent(&e) == 1);
  }
}
inline void push_enter() {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.state = SDL_PRESSED;
  e.key.keysym.sym = SDLK_RETURN;
  e.key.keysym.scancode = SDL_SCANCODE_RETURN;
  REQUIRE(SDL_PushEvent(&e) == 1);
}
inline void wedge_scan(app::App& app, const std::string& payload) {
  push_text(payload);
  push_enter();
  app.settle();
}

// A person at a physical keyboard: a key every `gap_ms`, then Enter.
inline void type_on_keyboard(app::App& app, const std::string& text, int gap_ms) {
  for (char c : text) {
    push_text(std::string(1, c));
    app.settle();
    SDL_Delay(Uint32(gap_ms));
  }
  push_enter();
  app.settle();
}

// A finger drawn across a widget through `points` (fractions of its width and height).
inline void drag(app::App& app, const std::string& name,
                 std::initializer_list<std::pair<float, float>> points) {
  app.settle();
  const auto hit = app.find_hit(name);
  INFO("widget: " << name);
  REQUIRE(hit.has_value());
  bool first = true;
  int wx = 0, wy = 0;
  for (const auto& [fx, fy] : points) {
    SDL_RenderLogicalToWindow(app.renderer(), hit->min.x + fx * hit->size().x,
                              hit->min.y + fy * hit->size().y, &wx, &wy);
    SDL_WarpMouseInWindow(app.window(), wx, wy);
    SDL_Event m{};
    m.type = SDL_MOUSEMOTION;
    m.motion.windowID = SDL_GetWindowID(app.window());
    m.motion.x = wx;
    m.motion.y = wy;
    m.motion.state = first ? 0 : SDL_BUTTON_LMASK;
    REQUIRE(SDL_PushEvent(&m) == 1);
    if (first) push_button(app, true, wx, wy);
    first = false;
    app.settle();
  }
  push_button(app, false, wx, wy);
  app.settle();
}

// Saves the next frame as <build>/screens/<name>.png, to be looked at.
inline void shot(app::App& app, const std::string& name) {
  std::filesystem::create_directories(KIOSK_SCREENS_DIR);
  std::string error;
  app.settle();
  CHECK_MESSAGE(app.capture(std::filesystem::path(KIOSK_SCREENS_DIR) / (name + ".png"), error),
                error);
}

// Turns the loop until `ok()` holds or `limit_ms` passed; returns ok().
template <class F>
bool wait_until(app::App& app, F&& ok, std::int64_t limit_ms = 20'000) {
  const auto t0 = app.now_ms();
  while (!ok() && app.now_ms() - t0 < limit_ms) app.step(50);
  return ok();
}

// Walks the real window to the review with a valid request, typing as little as possible.
inline void walk_to_review(app::App& app) {
  tap(app, "tile.request");
  tap(app, "next");
  tap(app, "agency.ubnd-xa-vinh-linh");
  tap(app, "field.tu-phap");
  tap(app, "box.impact");
  type(app, "chua cap giay");
  tap(app, "aspect.procedure");
  tap(app, "next");
  tap(app, "box.question");
  type(app, "vif sao chaamj");
  tap(app, "next");
  tap(app, "next");
  tap(app, "box.full_name");
  type(app, "tran an");
  tap(app, "box.address");
  type(app, "ho xa");
  tap(app, "box.phone");
  type(app, "0987654321");
  tap(app, "next");
  tap(app, "consent.agree");
  drag(app, "signature.pad", {{0.2f, 0.5f}, {0.6f, 0.5f}});
  tap(app, "next");
  REQUIRE(app.state().screen == kiosk::Screen::RequestReview);
}

}  // namespace uitest
