// Shown over any screen once the resident has left it alone for the warning time.
#include <cstdio>

#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"

namespace ui::screens {

void idle_warning(const Page& s, const ViewContext& ctx, FrameOutput& out) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const std::int64_t left_ms = s.shell.last_activity_ms + s.shell.idle.reset_after_ms - ctx.now_ms;
  const int seconds = int(std::max<std::int64_t>(0, (left_ms + 999) / 1000));
  char body[256];
  std::snprintf(body, sizeof body, tr(Str::IdleBody, s.lang), seconds);

  const float card_w = display.x - 2 * theme::kMargin;
  const float inner = card_w - 2 * theme::kMargin;
  const float button_h = std::max(kiosk::min_touch_px(*ctx.config), 140.0f);
  const float card_h = theme::kMargin * 3 +
                       wrapped_height(ctx.fonts->tile, inner, tr(Str::IdleTitle, s.lang)) +
                       theme::kGap + wrapped_height(ctx.fonts->body, inner, body) + button_h;
  const ImVec2 card{theme::kMargin, (display.y - card_h) / 2};

  // The overlay is its own window on top, so taps reach only its button.
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(display);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 0));
  ImGui::Begin(
      "idle", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImDrawList* wdl = ImGui::GetWindowDrawList();
  wdl->AddRectFilled({0, 0}, display, theme::kScrim);
  wdl->AddRectFilled(card, {card.x + card_w, card.y + card_h}, theme::kButton, theme::kRounding);
  float y = card.y + theme::kMargin;
  y += wrapped_text(ctx.fonts->tile, {card.x + theme::kMargin, y}, inner, theme::kText,
                    tr(Str::IdleTitle, s.lang)) +
       theme::kGap;
  y += wrapped_text(ctx.fonts->body, {card.x + theme::kMargin, y}, inner, theme::kText, body) +
       theme::kMargin;
  const ButtonStyle style{theme::kTileRequest, theme::kHeaderText, 0, ctx.fonts->tile};
  if (touch_button(out, "idle.stay", tr(Str::IdleStay, s.lang), {card.x + theme::kMargin, y},
                   {inner, button_h}, style))
    out.events.emplace_back(kiosk::EventTouch{ctx.now_ms});
  ImGui::End();
  ImGui::PopStyleColor();
}

}  // namespace ui::screens
