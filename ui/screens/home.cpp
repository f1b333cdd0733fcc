// Home: the centre's name, the clock, the network/queue indicator, the language switch and the
// four services as large tiles.
#include <cstdio>

#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"

namespace ui::screens {

namespace {

struct Tile {
  const char* name;
  Str label;
  Str hint;
  ImU32 color;
  kiosk::Screen target;
};

constexpr Tile kTiles[] = {
    {"tile.request", Str::TileRequest, Str::TileRequestHint, theme::kTileRequest,
     kiosk::Screen::RequestIntro},
    {"tile.status", Str::TileStatus, Str::TileStatusHint, theme::kTileStatus,
     kiosk::Screen::StatusLookup},
    {"tile.rating", Str::TileRating, Str::TileRatingHint, theme::kTileRating,
     kiosk::Screen::Rating},
    {"tile.agencies", Str::TileAgencies, Str::TileAgenciesHint, theme::kTileAgencies,
     kiosk::Screen::AgencyInfo},
};

std::string clock_text(std::time_t t, kiosk::Lang lang) {
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%02d:%02d  ·  %s, %02d/%02d/%04d", tm.tm_hour, tm.tm_min,
                weekday_name(tm.tm_wday, lang), tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
  return buf;
}

std::string network_text(const kiosk::Connectivity& c, kiosk::Lang lang) {
  char buf[160];
  if (c.portal_configured && c.online) return tr(Str::NetOnline, lang);
  if (c.needs_reprovisioning) {
    std::snprintf(buf, sizeof buf, tr(Str::NetNeedsReprovisioning, lang), std::max(c.queued, 0));
    return buf;
  }
  if (c.queued < 0)
    return tr(c.portal_configured ? Str::NetOfflineUnknownQueue : Str::NetNotConfiguredUnknownQueue,
              lang);
  std::snprintf(buf, sizeof buf,
                tr(c.portal_configured ? Str::NetOffline : Str::NetNotConfigured, lang), c.queued);
  return buf;
}

}  // namespace

void home(const Page& s, const ViewContext& ctx, FrameOutput& out) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Fonts& f = *ctx.fonts;
  const float width = display.x - 2 * theme::kMargin;

  // Header: centre name and clock on the header colour.
  const char* center =
      (s.lang == kiosk::Lang::Vi ? ctx.config->centre.name_vi : ctx.config->centre.name_en).c_str();
  const std::string clock = clock_text(ctx.wall_time, s.lang);
  const float name_h = wrapped_height(f.large, width, center);
  const float header_h = theme::kMargin + name_h + theme::kGap + f.body->FontSize + theme::kMargin;
  dl->AddRectFilled({0, 0}, {display.x, header_h}, theme::kHeader);
  float y = theme::kMargin;
  y += wrapped_text(f.large, {theme::kMargin, y}, width, theme::kHeaderText, center) + theme::kGap;
  wrapped_text(f.body, {theme::kMargin, y}, width, theme::kHeaderText, clock.c_str());
  // Staff mode: 5 quick taps on the header's top-right corner (nothing is drawn there).
  {
    const ImVec2 corner{display.x - 240, 0};
    ImGui::SetCursorScreenPos(corner);
    if (ImGui::InvisibleButton("home.staff", {240, std::min(header_h, 200.0f)}))
      out.events.emplace_back(kiosk::RequestHiddenTap{ctx.now_ms});
    out.hits.push_back(Hit{"home.staff", corner, {display.x, std::min(header_h, 200.0f)}});
  }
  y = header_h + theme::kGap;

  // Network and queue on the left, the language switch on the right.
  const float touch = kiosk::min_touch_px(*ctx.config);
  const float row_h = std::max(touch, 100.0f);
  const float lang_w = 300;
  const kiosk::Connectivity& c = s.shell.connectivity;
  const ImU32 dot = (c.portal_configured && c.online) ? theme::kOnline : theme::kOffline;
  dl->AddCircleFilled({theme::kMargin + 16, y + row_h / 2}, 16, dot);
  const std::string net = network_text(c, s.lang);
  const float net_w = width - lang_w - theme::kGap - 48;
  const float net_h = wrapped_height(f.small, net_w, net.c_str());
  wrapped_text(f.small, {theme::kMargin + 48, y + (row_h - net_h) / 2}, net_w, theme::kText,
               net.c_str());
  const ButtonStyle lang_style{theme::kButton, theme::kHeader, theme::kButtonBorder, f.body};
  if (touch_button(out, "lang", tr(Str::SwitchLanguage, s.lang),
                   {display.x - theme::kMargin - lang_w, y}, {lang_w, row_h}, lang_style)) {
    const auto other = s.lang == kiosk::Lang::Vi ? kiosk::Lang::En : kiosk::Lang::Vi;
    out.events.emplace_back(kiosk::RequestLanguage{other, ctx.now_ms});
  }
  y += row_h + theme::kGap;

  y += wrapped_text(f.tile, {theme::kMargin, y}, width, theme::kText, tr(Str::HomeWelcome, s.lang));
  y += theme::kGap;

  // Tiles: one column in portrait, two by two in landscape. They share what is left of the screen.
  const float footer_h = f.small->FontSize + 2 * theme::kGap;
  const float bottom = display.y - footer_h - store_error_banner_height(s, ctx);
  const bool portrait = display.y >= display.x;
  const int cols = portrait ? 1 : 2;
  const int rows = 4 / cols;
  const float tile_w = (width - theme::kGap * float(cols - 1)) / float(cols);
  const float tile_h = std::min(340.0f, (bottom - y - theme::kGap * float(rows - 1)) / float(rows));
  for (int i = 0; i < 4; ++i) {
    const Tile& t = kTiles[i];
    const ImVec2 pos{theme::kMargin + float(i % cols) * (tile_w + theme::kGap),
                     y + float(i / cols) * (tile_h + theme::kGap)};
    const ButtonStyle style{t.color, theme::kHeaderText, 0, f.tile, true};
    if (touch_button(out, t.name, tr(t.label, s.lang), pos, {tile_w, tile_h}, style,
                     tr(t.hint, s.lang), f.body))
      out.events.emplace_back(kiosk::RequestOpen{t.target, ctx.now_ms});
  }

  const std::string footer = "Giải Trình Kiosk  ·  " + ctx.config->centre.terminal_id;
  wrapped_text(f.small, {theme::kMargin, display.y - footer_h + theme::kGap}, width,
               theme::kMutedText, footer.c_str());
}

}  // namespace ui::screens
