// The ui room's door: draw one frame of the flow's state; taps come back as flow events.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include <imgui.h>

#include "case_view.hpp"
#include "catalog.hpp"
#include "config.hpp"
#include "flow.hpp"
#include "fonts.hpp"

namespace ui {

// Where a named touch target was drawn this frame: the UI test driver taps there.
struct Hit {
  std::string name;
  ImVec2 min;
  ImVec2 max;
  [[nodiscard]] ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
  [[nodiscard]] ImVec2 size() const { return {max.x - min.x, max.y - min.y}; }
};

class QrTextures;

struct ViewContext {
  const kiosk::KioskConfig* config = nullptr;
  const kiosk::Catalog* catalog = nullptr;  // null until loaded: the request path says so
  QrTextures* qr = nullptr;
  const std::vector<kiosk::PublicAnswer>* public_answers = nullptr;  // as the portal last sent
  const Fonts* fonts = nullptr;
  std::int64_t now_ms = 0;     // the flow's monotonic clock, stamped on events
  std::time_t wall_time = 0;   // for the clock on the home screen
  std::string store_error_vi;  // non-empty: the storage failed, say so on every screen
  std::string store_error_en;
};

// What every screen reads besides its own area's state: where the user is, the shell (language,
// connectivity, printer, idle timer) and the text entry (focus, keyboard, complaints).
struct Page {
  kiosk::Screen screen;
  kiosk::Lang lang;
  const kiosk::Shell& shell;
  const kiosk::Entry& entry;
};

struct FrameOutput {
  std::vector<kiosk::Event> events;
  std::vector<Hit> hits;
};

void apply_theme();
void draw(const kiosk::State& state, const ViewContext& ctx, FrameOutput& out);

}  // namespace ui
