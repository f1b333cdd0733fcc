// One function per screen; each draws the state and appends the events the resident caused.
#pragma once

#include "../view.hpp"

namespace ui::screens {

void home(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
// The four services until their own issues build them: a titled page with Back and Cancel.
void coming_soon(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void idle_warning(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);

// Shared pieces of every screen.
float header(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out, const char* title);
void store_error_banner(const kiosk::State& s, const ViewContext& ctx);
[[nodiscard]] float store_error_banner_height(const kiosk::State& s, const ViewContext& ctx);

}  // namespace ui::screens
