// The request path, one function per step: intro, body, field, decision, question, standing,
// personal details, consent, signature, review. Each draws the state and returns taps as events.
#include <algorithm>
#include <cstdio>

#include "../form.hpp"
#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"
#include "utf8.hpp"

namespace ui::screens {

namespace {

using kiosk::Lang;
using kiosk::Screen;
using kiosk::Subject;
using kiosk::TextField;

float paragraph(const ViewContext& /*ctx*/, ImFont* font, ImVec2 pos, float width, const char* text,
                ImU32 color = theme::kText) {
  return wrapped_text(font, pos, width, color, text) + 20;
}

// Header, step line, keyboard: the frame of every form step.
FormArea step_frame(const Page& s, const ViewContext& ctx, FrameOutput& out, Str title, float& y) {
  FormArea area = form_frame(s, ctx, out, tr(title, s.lang));
  y = area.top + step_line(s, ctx, {area.left, area.top});
  return area;
}

bool no_catalog(const Page& s, const ViewContext& ctx, const FormArea& area, float y) {
  if (ctx.catalog) return false;
  paragraph(ctx, ctx.fonts->body, {area.left, y}, area.width(), tr(Str::NoCatalog, s.lang),
            theme::kError);
  return true;
}

}  // namespace

void request_intro(const Page& s, const ViewContext& ctx, FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::IntroTitle, s.lang));
  float y = area.top;
  const float w = area.width();
  for (Str p : {Str::IntroWho, Str::IntroWhat, Str::IntroOutOfScope, Str::IntroDeadlines,
                Str::IntroPrepare})
    y += paragraph(ctx, ctx.fonts->body, {area.left, y}, w, tr(p, s.lang)) + 8;
  primary_button(ctx, out, "next", tr(Str::Next, s.lang), area);
}

void request_agency(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                    FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::ChooseAgency, y);
  if (no_catalog(s, ctx, area, y)) return;
  y += problem_line(ctx, s.entry.problem_of(Subject::Agency), s.lang, {area.left, y}, area.width());
  const float h = std::max(kiosk::min_touch_px(*ctx.config), 110.0f);
  const auto& agencies = ctx.catalog->agencies;
  paged_list(s, ctx, out, area.left, area.width(), y, area.bottom, h, int(agencies.size()),
             [&](int i, ImVec2 pos) {
               const auto& a = agencies[std::size_t(i)];
               const std::string name = "agency." + a.id;
               if (choice_button(ctx, out, name.c_str(), a.name.in(s.lang).c_str(), pos,
                                 {area.width(), h}, r.draft.agency_id == a.id))
                 out.events.emplace_back(kiosk::RequestChooseAgency{a.id, ctx.now_ms});
             });
}

void request_field(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                   FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::ChooseField, y);
  if (no_catalog(s, ctx, area, y)) return;
  const kiosk::Agency* agency = ctx.catalog->agency(r.draft.agency_id);
  if (!agency) return;
  y += paragraph(ctx, ctx.fonts->body, {area.left, y}, area.width(),
                 agency->name.in(s.lang).c_str(), theme::kMutedText);
  y += problem_line(ctx, s.entry.problem_of(Subject::Field), s.lang, {area.left, y}, area.width());
  const float h = std::max(kiosk::min_touch_px(*ctx.config), 110.0f);
  const auto fields = ctx.catalog->fields_of(*agency);
  paged_list(s, ctx, out, area.left, area.width(), y, area.bottom, h, int(fields.size()),
             [&](int i, ImVec2 pos) {
               const kiosk::Field* f = fields[std::size_t(i)];
               const std::string name = "field." + f->id;
               if (choice_button(ctx, out, name.c_str(), f->name.in(s.lang).c_str(), pos,
                                 {area.width(), h}, r.draft.field_id == f->id))
                 out.events.emplace_back(kiosk::RequestChooseField{f->id, ctx.now_ms});
             });
}

void request_decision(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::DecisionTitle, y);
  const float w = area.width();
  const float half = (w - theme::kGap) / 2;
  const float h1 = text_box(s, ctx, out, TextField::DecisionNumber, r.draft.decision_number,
                            tr(Str::DecisionNumber, s.lang), {area.left, y}, half);
  const float h2 =
      text_box(s, ctx, out, TextField::DecisionDate, r.draft.decision_date,
               tr(Str::DecisionDate, s.lang), {area.left + half + theme::kGap, y}, half);
  y += std::max(h1, h2);
  y += text_box(s, ctx, out, TextField::Impact, r.draft.impact, tr(Str::Impact, s.lang),
                {area.left, y}, w, 3);
  y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kMutedText,
                    tr(Str::AspectsLabel, s.lang)) +
       8;
  y += problem_line(ctx,
                    s.entry.problem_of(Subject::Aspects) == kiosk::Problem::None
                        ? kiosk::Problem::None
                        : kiosk::Problem::Required,
                    s.lang, {area.left, y}, w);
  struct AspectButton {
    unsigned bit;
    const char* name;
    Str label;
  };
  static constexpr AspectButton kAspects[] = {
      {kiosk::kAspectLegalBasis, "aspect.legal_basis", Str::AspectLegalBasis},
      {kiosk::kAspectCompetence, "aspect.competence", Str::AspectCompetence},
      {kiosk::kAspectProcedure, "aspect.procedure", Str::AspectProcedure},
      {kiosk::kAspectContent, "aspect.content", Str::AspectContent},
  };
  const float bh = std::max(kiosk::min_touch_px(*ctx.config), 96.0f);
  for (int i = 0; i < 4; ++i) {
    const auto& a = kAspects[i];
    const ImVec2 pos{area.left + float(i % 2) * (half + theme::kGap), y + float(i / 2) * (bh + 14)};
    const bool on = (r.draft.aspects & a.bit) != 0;
    const std::string label = tr(a.label, s.lang);
    if (choice_button(ctx, out, a.name, label.c_str(), pos, {half, bh}, on))
      out.events.emplace_back(kiosk::RequestToggleAspect{a.bit, ctx.now_ms});
  }
  primary_button(ctx, out, "next", tr(Str::Next, s.lang), area);
}

void request_question(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::QuestionTitle, y);
  const float w = area.width();
  const float available = area.bottom - primary_button_height(ctx) - theme::kGap - y - 150;
  const int lines = std::max(3, int(available / (ctx.fonts->body->FontSize * 1.15f)));
  y += text_box(s, ctx, out, TextField::Question, r.draft.question, tr(Str::QuestionLabel, s.lang),
                {area.left, y}, w, lines);
  char count[64];
  std::snprintf(count, sizeof count, tr(Str::CharCount, s.lang),
                int(kiosk::count_code_points(r.draft.question)), int(kiosk::kQuestionMaxChars));
  wrapped_text(ctx.fonts->small, {area.left, y - 10}, w, theme::kMutedText, count);
  primary_button(ctx, out, "next", tr(Str::Next, s.lang), area);
}

void request_standing(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::StandingTitle, y);
  const float w = area.width();
  const float h = std::max(kiosk::min_touch_px(*ctx.config), 110.0f);
  struct Choice {
    kiosk::Standing standing;
    const char* name;
    Str label;
  };
  static constexpr Choice kChoices[] = {
      {kiosk::Standing::Self, "standing.self", Str::StandingSelf},
      {kiosk::Standing::Authorised, "standing.authorised", Str::StandingAuthorised},
      {kiosk::Standing::Representing, "standing.representing", Str::StandingRepresenting},
  };
  const auto current = r.draft.standing;
  for (const auto& c : kChoices) {
    if (choice_button(ctx, out, c.name, tr(c.label, s.lang), {area.left, y}, {w, h},
                      current == c.standing))
      out.events.emplace_back(kiosk::RequestChooseStanding{c.standing, ctx.now_ms});
    y += h + 16;
  }
  y += 10;
  if (current == kiosk::Standing::Authorised) {
    y += text_box(s, ctx, out, TextField::PrincipalName, r.draft.personal.principal_name,
                  tr(Str::PrincipalName, s.lang), {area.left, y}, w);
    paragraph(ctx, ctx.fonts->small, {area.left, y}, w, tr(Str::AuthorisedNote, s.lang),
              theme::kMutedText);
  } else if (current == kiosk::Standing::Representing) {
    y += text_box(s, ctx, out, TextField::PeopleCount, r.draft.people_count,
                  tr(Str::PeopleCount, s.lang), {area.left, y}, w / 2);
    paragraph(ctx, ctx.fonts->small, {area.left, y}, w, tr(Str::RepresentingNote, s.lang),
              theme::kMutedText);
  }
  primary_button(ctx, out, "next", tr(Str::Next, s.lang), area);
}

void request_personal(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::PersonalTitle, y);
  const float w = area.width();
  const float half = (w - theme::kGap) / 2;
  y += text_box(s, ctx, out, TextField::FullName, r.draft.personal.full_name,
                tr(Str::FullName, s.lang), {area.left, y}, w);
  y += text_box(s, ctx, out, TextField::Address, r.draft.personal.address, tr(Str::Address, s.lang),
                {area.left, y}, w);
  y += problem_line(ctx, s.entry.problem_of(Subject::Contact), s.lang, {area.left, y}, w);
  y += text_box(s, ctx, out, TextField::Phone, r.draft.personal.phone, tr(Str::Phone, s.lang),
                {area.left, y}, w);
  y += text_box(s, ctx, out, TextField::MailingAddress, r.draft.personal.mailing_address,
                tr(Str::MailingAddress, s.lang), {area.left, y}, w);
  const float h1 = text_box(s, ctx, out, TextField::Cccd, r.draft.personal.cccd,
                            tr(Str::Cccd, s.lang), {area.left, y}, half);
  const float h2 = text_box(s, ctx, out, TextField::Email, r.draft.personal.email,
                            tr(Str::Email, s.lang), {area.left + half + theme::kGap, y}, half);
  y += std::max(h1, h2);
  primary_button(ctx, out, "next", tr(Str::Next, s.lang), area);
}

void request_consent(const Page& s, const ViewContext& ctx, FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::ConsentTitle, y);
  const float w = area.width();
  y += paragraph(ctx, ctx.fonts->body, {area.left, y}, w, tr(Str::ConsentBody, s.lang));
  if (s.entry.problem_of(Subject::Consent) != kiosk::Problem::None)
    paragraph(ctx, ctx.fonts->body, {area.left, y}, w, tr(Str::ConsentNeeded, s.lang),
              theme::kError);
  const float h = primary_button_height(ctx);
  const float bottom = area.bottom - h;
  const float half = (w - theme::kGap) / 2;
  const ButtonStyle no{theme::kButton, theme::kText, theme::kButtonBorder, ctx.fonts->tile};
  if (touch_button(out, "consent.disagree", tr(Str::ConsentDisagree, s.lang), {area.left, bottom},
                   {half, h}, no))
    out.events.emplace_back(kiosk::RequestConsentAnswer{false, ctx.now_ms});
  const ButtonStyle yes{theme::kTileStatus, theme::kHeaderText, 0, ctx.fonts->tile};
  if (touch_button(out, "consent.agree", tr(Str::ConsentAgree, s.lang),
                   {area.left + half + theme::kGap, bottom}, {half, h}, yes))
    out.events.emplace_back(kiosk::RequestConsentAnswer{true, ctx.now_ms});
}

void request_signature(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                       FrameOutput& out) {
  float y = 0;
  const FormArea area = step_frame(s, ctx, out, Str::SignatureTitle, y);
  const float w = area.width();
  y += paragraph(ctx, ctx.fonts->body, {area.left, y}, w, tr(Str::SignatureHint, s.lang));
  const float pad_h = std::min(w / 2.2f, area.bottom - primary_button_height(ctx) - y - 200);
  const ImVec2 min{area.left, y}, max{area.left + w, y + pad_h};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, theme::kButton, 12);
  dl->AddRect(min, max, theme::kButtonBorder, 12, 0, 3);
  dl->AddLine({min.x + 40, max.y - 60}, {max.x - 40, max.y - 60}, theme::rgb(0xC0, 0xC6, 0xD0), 2);

  // The stroke being drawn lives here until the finger lifts; then it becomes an event.
  static kiosk::SignatureStroke current;
  ImGui::SetCursorScreenPos(min);
  ImGui::InvisibleButton("signature.pad", {w, pad_h});
  out.hits.push_back(Hit{"signature.pad", min, max});
  const ImVec2 m = ImGui::GetIO().MousePos;
  auto norm = [&](ImVec2 p) {
    return kiosk::SignaturePoint{std::clamp((p.x - min.x) / w, 0.0f, 1.0f),
                                 std::clamp((p.y - min.y) / pad_h, 0.0f, 1.0f)};
  };
  if (ImGui::IsItemActive()) {
    const auto p = norm(m);
    if (current.empty() || current.back().x != p.x || current.back().y != p.y) current.push_back(p);
  }
  if (ImGui::IsItemDeactivated() && !current.empty()) {
    out.events.emplace_back(kiosk::EventSignatureStroke{current, ctx.now_ms});
    current.clear();
  }
  auto draw_stroke = [&](const kiosk::SignatureStroke& st) {
    if (st.size() == 1) {
      dl->AddCircleFilled({min.x + st[0].x * w, min.y + st[0].y * pad_h}, 3.5f, theme::kText);
      return;
    }
    for (std::size_t i = 1; i < st.size(); ++i)
      dl->AddLine({min.x + st[i - 1].x * w, min.y + st[i - 1].y * pad_h},
                  {min.x + st[i].x * w, min.y + st[i].y * pad_h}, theme::kText, 5.0f);
  };
  for (const auto& st : r.draft.personal.signature) draw_stroke(st);
  draw_stroke(current);
  y += pad_h + 20;
  if (s.entry.problem_of(Subject::Signature) != kiosk::Problem::None)
    y += paragraph(ctx, ctx.fonts->body, {area.left, y}, w, tr(Str::SignatureNeeded, s.lang),
                   theme::kError);
  const ButtonStyle clear{theme::kButton, theme::kText, theme::kButtonBorder, ctx.fonts->body};
  if (touch_button(out, "signature.clear", tr(Str::SignatureClear, s.lang), {area.left, y},
                   {360, std::max(kiosk::min_touch_px(*ctx.config), 100.0f)}, clear))
    out.events.emplace_back(kiosk::RequestClearSignature{ctx.now_ms});
  primary_button(ctx, out, "next", tr(Str::Next, s.lang), area);
}

}  // namespace ui::screens
