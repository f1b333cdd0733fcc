// "Thông tin cơ quan, thủ tục": the procedure and time limits of an explanation request, the
// bodies, and for each its functions, competence, fields and contact (Directive 53 asks every
// body to publish exactly this).
#include "../form.hpp"
#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"

namespace ui::screens {

void agencies(const Page& s, const ViewContext& ctx, FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::AgenciesTitle, s.lang));
  const float w = area.width();
  float y = area.top;
  if (!ctx.catalog) {
    wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kError, tr(Str::NoCatalog, s.lang));
    return;
  }
  y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, theme::kText,
                    tr(Str::AgenciesProcedure, s.lang)) +
       12;
  for (const auto& step : ctx.catalog->procedure) {
    const std::string line = "• " + step.in(s.lang);
    y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kText, line.c_str()) + 8;
  }
  y += 20;
  y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kMutedText,
                    tr(Str::AgenciesList, s.lang)) +
       12;
  const float h = std::max(kiosk::min_touch_px(*ctx.config), 96.0f);
  const auto& list = ctx.catalog->agencies;
  paged_list(
      s, ctx, out, area.left, w, y, area.bottom, h, int(list.size()), [&](int i, ImVec2 pos) {
        const auto& a = list[std::size_t(i)];
        const std::string name = "info." + a.id;
        if (choice_button(ctx, out, name.c_str(), a.name.in(s.lang).c_str(), pos, {w, h}, false))
          out.events.emplace_back(kiosk::RequestShowAgency{a.id, ctx.now_ms});
      });
}

void agency_detail(const Page& s, const kiosk::AgencyPages& pages, const ViewContext& ctx,
                   FrameOutput& out) {
  const kiosk::Agency* a = ctx.catalog ? ctx.catalog->agency(pages.agency_id) : nullptr;
  const FormArea area =
      form_frame(s, ctx, out, a ? a->name.in(s.lang).c_str() : tr(Str::AgenciesTitle, s.lang));
  if (!a) return;
  const float w = area.width();
  float y = area.top;
  auto block = [&](Str title, const std::string& text) {
    if (text.empty()) return;
    y +=
        wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kMutedText, tr(title, s.lang)) + 4;
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, text.c_str()) + 24;
  };
  block(Str::AgencyFunctions, a->functions.in(s.lang));
  block(Str::AgencyCompetence, a->competence.in(s.lang));
  std::string fields;
  for (const auto* f : ctx.catalog->fields_of(*a))
    fields += (fields.empty() ? "" : ", ") + f->name.in(s.lang);
  block(Str::AgencyFields, fields);
  block(Str::AgencyContact,
        a->address + "\n" + a->phone + (a->email.empty() ? "" : "\n" + a->email));
  block(Str::AgencyHours, a->hours.in(s.lang));
  const auto& r = ctx.catalog->rules;
  char limits[256];
  std::snprintf(limits, sizeof limits,
                tr(r.answer_unit == kiosk::DayUnit::Working ? Str::AgencyLimitsWorking
                                                            : Str::AgencyLimitsCalendar,
                   s.lang),
                r.acceptance_working_days, r.answer_days, r.extension_days);
  block(Str::AgenciesProcedure, limits);
}

}  // namespace ui::screens
