// The frame around every screen: a header with the centre's name (home) or the screen's title
// with "Quay lại" and "Huỷ" (every other screen), and the storage error banner.
#include <cstdio>

#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"

namespace ui::screens {

float header(const Page& s, const ViewContext& ctx, FrameOutput& out, const char* title) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float touch = kiosk::min_touch_px(*ctx.config);
  const float button_h = std::max(touch, 100.0f);
  const float width = display.x - 2 * theme::kMargin;
  ImFont* font = ctx.fonts->tile;
  const float title_h = wrapped_height(font, width, title);
  const float height = 20 + button_h + 16 + title_h + 24;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled({0, 0}, {display.x, height}, theme::kHeader);

  // Row 1: back on the left; language and cancel on the right.
  const ButtonStyle style{theme::kButton, theme::kHeader, 0, ctx.fonts->body};
  const float y = 20;
  const float back_w = 300, cancel_w = 220, lang_w = 140;
  if (touch_button(out, "back", tr(Str::Back, s.lang), {theme::kMargin, y}, {back_w, button_h},
                   style))
    out.events.emplace_back(kiosk::RequestBack{ctx.now_ms});
  if (touch_button(out, "cancel", tr(Str::Cancel, s.lang),
                   {display.x - theme::kMargin - cancel_w, y}, {cancel_w, button_h}, style))
    out.events.emplace_back(kiosk::RequestCancel{ctx.now_ms});
  // The language switch keeps everything typed (the flow only changes its language).
  const float lang_x = display.x - theme::kMargin - cancel_w - theme::kGap - lang_w;
  if (touch_button(out, "lang", s.lang == kiosk::Lang::Vi ? "EN" : "VI", {lang_x, y},
                   {lang_w, button_h}, style)) {
    const auto other = s.lang == kiosk::Lang::Vi ? kiosk::Lang::En : kiosk::Lang::Vi;
    out.events.emplace_back(kiosk::RequestLanguage{other, ctx.now_ms});
  }
  // Row 2: the title, across the screen.
  wrapped_text(font, {theme::kMargin, y + button_h + 16}, width, theme::kHeaderText, title);
  return height;
}

float store_error_banner_height(const Page& s, const ViewContext& ctx) {
  if (ctx.store_error_vi.empty()) return 0;
  const std::string& detail = s.lang == kiosk::Lang::Vi ? ctx.store_error_vi : ctx.store_error_en;
  const float width = ImGui::GetIO().DisplaySize.x - 2 * theme::kMargin;
  return wrapped_height(ctx.fonts->body, width, tr(Str::StoreErrorTitle, s.lang)) +
         wrapped_height(ctx.fonts->small, width, detail.c_str()) + 2 * theme::kGap;
}

void store_error_banner(const Page& s, const ViewContext& ctx) {
  const float h = store_error_banner_height(s, ctx);
  if (h <= 0) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const std::string& detail = s.lang == kiosk::Lang::Vi ? ctx.store_error_vi : ctx.store_error_en;
  const float width = display.x - 2 * theme::kMargin;
  const float top = display.y - h;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled({0, top}, display, theme::kError);
  const float y = top + theme::kGap;
  const float th = wrapped_text(ctx.fonts->body, {theme::kMargin, y}, width, theme::kHeaderText,
                                tr(Str::StoreErrorTitle, s.lang));
  wrapped_text(ctx.fonts->small, {theme::kMargin, y + th}, width, theme::kHeaderText,
               detail.c_str());
}

}  // namespace ui::screens
