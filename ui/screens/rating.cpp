// "Đánh giá mức độ hài lòng": four levels, an optional comment, then thanks.
#include "../form.hpp"
#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"

namespace ui::screens {

void rating(const Page& s, const kiosk::RatingForm& r, const ViewContext& ctx, FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::TileRating, s.lang));
  const float w = area.width();
  float y = area.top;
  y +=
      wrapped_text(ctx.fonts->tile, {area.left, y}, w, theme::kText, tr(Str::RatingTitle, s.lang)) +
      20;
  if (s.entry.problem_of(kiosk::Subject::Score) != kiosk::Problem::None)
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kError,
                      tr(Str::RatingNeeded, s.lang)) +
         12;
  static constexpr std::pair<int, Str> kLevels[] = {
      {4, Str::Rating4}, {3, Str::Rating3}, {2, Str::Rating2}, {1, Str::Rating1}};
  const bool compact = s.entry.focus != kiosk::TextField::None;  // the keyboard needs the room
  const float h = std::max(kiosk::min_touch_px(*ctx.config), compact ? 90.0f : 130.0f);
  const float half = (w - theme::kGap) / 2;
  int i = 0;
  for (const auto& [score, label] : kLevels) {
    const std::string name = "rate." + std::to_string(score);
    const ImVec2 pos = compact ? ImVec2{area.left + float(i % 2) * (half + theme::kGap),
                                        y + float(i / 2) * (h + 14)}
                               : ImVec2{area.left, y + float(i) * (h + 16)};
    const ImVec2 size = compact ? ImVec2{half, h} : ImVec2{w, h};
    if (choice_button(ctx, out, name.c_str(), tr(label, s.lang), pos, size, r.draft.score == score))
      out.events.emplace_back(kiosk::RequestRate{score, ctx.now_ms});
    ++i;
  }
  y += compact ? 2 * (h + 14) + 10 : 4 * (h + 16) + 20;
  text_box(s, ctx, out, kiosk::TextField::RatingComment, r.draft.comment,
           tr(Str::RatingComment, s.lang), {area.left, y}, w, compact ? 2 : 3);
  if (r.sending == kiosk::Sending::Failed) {
    const std::string& why = s.lang == kiosk::Lang::Vi ? r.error_vi : r.error_en;
    wrapped_text(ctx.fonts->body, {area.left, area.bottom - primary_button_height(ctx) - 120}, w,
                 theme::kError, why.c_str());
  }
  primary_button(ctx, out, "rating.submit", tr(Str::RatingSubmit, s.lang), area,
                 r.sending == kiosk::Sending::Waiting);
}

void rating_thanks(const Page& s, const ViewContext& ctx, FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::TileRating, s.lang));
  float y = area.top + 60;
  y += wrapped_text(ctx.fonts->large, {area.left, y}, area.width(), theme::kTileStatus,
                    tr(Str::RatingThanks, s.lang)) +
       30;
  wrapped_text(ctx.fonts->body, {area.left, y}, area.width(), theme::kText,
               tr(Str::RatingThanksBody, s.lang));
  const float h = primary_button_height(ctx);
  const ButtonStyle done{theme::kTileStatus, theme::kHeaderText, 0, ctx.fonts->tile};
  if (touch_button(out, "thanks.done", tr(Str::Done, s.lang), {area.left, area.bottom - h},
                   {area.width(), h}, done))
    out.events.emplace_back(kiosk::RequestCancel{ctx.now_ms});
}

}  // namespace ui::screens
