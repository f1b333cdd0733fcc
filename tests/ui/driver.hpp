// Drives the real kiosk window like a finger would: finds where a named widget was drawn, moves
// the pointer there and pushes a press and a release into SDL's event queue.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include <SDL.h>

#include "app.hpp"

namespace uitest {

inline void tap(app::App& app, const std::string& name) {
  app.settle();
  const auto hit = app.find_hit(name);
  INFO("widget: " << name);
  REQUIRE(hit.has_value());
  const ImVec2 c = hit->center();
  int wx = 0, wy = 0;
  SDL_RenderLogicalToWindow(app.renderer(), c.x, c.y, &wx, &wy);
  SDL_WarpMouseInWindow(app.window(), wx, wy);
  for (const bool down : {true, false}) {
    SDL_Event e{};
    e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.windowID = SDL_GetWindowID(app.window());
    e.button.which = 0;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = wx;
    e.button.y = wy;
    REQUIRE(SDL_PushEvent(&e) == 1);
  }
  app.settle();
}

}  // namespace uitest
