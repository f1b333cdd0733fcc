// The four services' pages until their own issues build them: title, a plain sentence that the
// service is not there yet, and the way back. Nothing here pretends to work.
#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"

namespace ui::screens {

namespace {

Str title_of(kiosk::Screen s) {
  switch (s) {
    case kiosk::Screen::RequestIntro: return Str::TileRequest;
    case kiosk::Screen::StatusLookup: return Str::TileStatus;
    case kiosk::Screen::Rating: return Str::TileRating;
    case kiosk::Screen::AgencyInfo: return Str::TileAgencies;
    default: break;
  }
  return Str::HomeWelcome;
}

}  // namespace

void coming_soon(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float top = header(s, ctx, out, tr(title_of(s.screen), s.lang));
  const float width = display.x - 2 * theme::kMargin;
  wrapped_text(ctx.fonts->body, {theme::kMargin, top + theme::kMargin}, width, theme::kText,
               tr(Str::ComingSoon, s.lang));
}

}  // namespace ui::screens
