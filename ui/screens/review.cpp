// Review before sending: every answer on one screen with "Sửa" back to its step, then submit.
// After the commit: the receipt with the case code, the QR of the status page and the deadlines.
#include <algorithm>
#include <cstdio>

#include "../form.hpp"
#include "../qr_texture.hpp"
#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"
#include "utf8.hpp"

namespace ui::screens {

namespace {

using kiosk::Lang;
using kiosk::Screen;

// The first `max_chars` characters, with "…" when there is more (display only; the data is whole).
std::string preview(const std::string& text, std::size_t max_chars) {
  std::size_t count = 0, i = 0;
  while (i < text.size() && count < max_chars) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++count;
  }
  return i < text.size() ? text.substr(0, i) + "…" : text;
}

std::string aspects_text(unsigned aspects, Lang lang) {
  std::string out;
  const std::pair<unsigned, Str> all[] = {{kiosk::kAspectLegalBasis, Str::AspectLegalBasis},
                                          {kiosk::kAspectCompetence, Str::AspectCompetence},
                                          {kiosk::kAspectProcedure, Str::AspectProcedure},
                                          {kiosk::kAspectContent, Str::AspectContent}};
  for (const auto& [bit, label] : all) {
    if (!(aspects & bit)) continue;
    if (!out.empty()) out += ", ";
    out += tr(label, lang);
  }
  return out;
}

// One section: a muted title, the answer, and "Sửa" on the right. Returns its height.
float section(const Page& s, const ViewContext& ctx, FrameOutput& out, float left, float y,
              float width, Str title, const std::string& body, Screen step) {
  const float edit_w = 170;
  const float edit_h = std::max(kiosk::min_touch_px(*ctx.config), 80.0f);
  const float text_w = width - edit_w - theme::kGap;
  float h = wrapped_text(ctx.fonts->small, {left, y}, text_w, theme::kMutedText, tr(title, s.lang));
  h += wrapped_text(ctx.fonts->body, {left, y + h}, text_w, theme::kText, body.c_str());
  const std::string name = "edit." + std::string(kiosk::screen_name(step));
  const ButtonStyle style{theme::kButton, theme::kHeader, theme::kButtonBorder, ctx.fonts->body};
  if (touch_button(out, name.c_str(), tr(Str::Edit, s.lang), {left + width - edit_w, y},
                   {edit_w, edit_h}, style))
    out.events.emplace_back(kiosk::RequestEdit{step, ctx.now_ms});
  h = std::max(h, edit_h);
  ImGui::GetWindowDrawList()->AddLine({left, y + h + 12}, {left + width, y + h + 12},
                                      theme::rgb(0xD0, 0xD5, 0xDD), 2);
  return h + 26;
}

std::string date_with_weekday(kiosk::Date d, Lang lang) {
  const std::chrono::weekday wd{std::chrono::sys_days{d}};
  return std::string(weekday_name(int(wd.c_encoding()), lang)) + ", " + kiosk::format_vi_date(d);
}

}  // namespace

void request_review(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                    FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::ReviewTitle, s.lang));
  float y = area.top + step_line(s, ctx, {area.left, area.top});
  const float w = area.width();
  const auto& d = r.draft;
  const Lang lang = s.lang;

  std::string agency = d.agency_id, field = d.field_id;
  if (ctx.catalog) {
    if (const auto* a = ctx.catalog->agency(d.agency_id)) agency = a->name.in(lang);
    if (const auto* f = ctx.catalog->field(d.field_id)) field = f->name.in(lang);
  }
  y += section(s, ctx, out, area.left, y, w, Str::ReviewAgency, agency + "\n" + field,
               Screen::RequestAgency);
  std::string decision;
  if (!d.decision_number.empty()) decision += d.decision_number;
  if (!d.decision_date.empty()) decision += (decision.empty() ? "" : " – ") + d.decision_date;
  if (!decision.empty()) decision += "\n";
  decision += preview(d.impact, 160) + "\n" + aspects_text(d.aspects, lang);
  y +=
      section(s, ctx, out, area.left, y, w, Str::ReviewDecision, decision, Screen::RequestDecision);
  y += section(s, ctx, out, area.left, y, w, Str::ReviewQuestion, preview(d.question, 260),
               Screen::RequestQuestion);
  std::string standing;
  switch (d.standing) {
    case kiosk::Standing::Self: standing = tr(Str::StandingSelf, lang); break;
    case kiosk::Standing::Authorised:
      standing = std::string(tr(Str::StandingAuthorised, lang)) + ": " + d.personal.principal_name;
      break;
    case kiosk::Standing::Representing:
      standing = std::string(tr(Str::StandingRepresenting, lang)) + ": " + d.people_count;
      break;
  }
  y +=
      section(s, ctx, out, area.left, y, w, Str::ReviewStanding, standing, Screen::RequestStanding);
  std::string person = d.personal.full_name + "\n" + d.personal.address;
  for (const std::string* extra :
       {&d.personal.phone, &d.personal.mailing_address, &d.personal.cccd, &d.personal.email})
    if (!extra->empty()) person += "\n" + *extra;
  y += section(s, ctx, out, area.left, y, w, Str::ReviewPersonal, person, Screen::RequestPersonal);
  y += section(s, ctx, out, area.left, y, w, Str::ReviewSignature, tr(Str::ReviewSigned, lang),
               Screen::RequestSignature);

  if (r.sending == kiosk::Sending::Failed) {
    const std::string& why = r.not_set_up       ? tr(Str::SubmitNotSetUp, lang)
                             : lang == Lang::Vi ? r.error_vi
                                                : r.error_en;
    const std::string text = std::string(tr(Str::SubmitFailed, lang)) + "\n" + why;
    const float h = wrapped_height(ctx.fonts->body, w - 40, text.c_str()) + 40;
    const float top = area.bottom - primary_button_height(ctx) - theme::kGap - h;
    ImGui::GetWindowDrawList()->AddRectFilled({area.left, top}, {area.right, top + h},
                                              theme::kError, 12);
    wrapped_text(ctx.fonts->body, {area.left + 20, top + 20}, w - 40, theme::kHeaderText,
                 text.c_str());
  }
  const bool waiting = r.sending == kiosk::Sending::Waiting;
  primary_button(ctx, out, "submit", tr(waiting ? Str::Submitting : Str::Submit, lang), area,
                 waiting);
}

void request_receipt(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                     FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::ReceiptTitle, s.lang));
  if (!r.receipt) return;
  const kiosk::Receipt& rc = *r.receipt;
  const Lang lang = s.lang;
  const float w = area.width();
  float y = area.top;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  // The QR (top left, as on the paper receipt) and the codes beside it.
  const float qr = std::min(440.0f, w * 0.45f);
  const std::string url = kiosk::status_url(ctx.config->portal.url, rc.code, rc.lookup_token);
  if (ctx.qr) {
    if (ImTextureID tex = ctx.qr->get(url))
      dl->AddImage(tex, {area.left, y}, {area.left + qr, y + qr});
  }
  out.hits.push_back(Hit{"receipt.qr", {area.left, y}, {area.left + qr, y + qr}});
  const float tx = area.left + qr + theme::kGap;
  const float tw = w - qr - theme::kGap;
  float ty = y;
  ty += wrapped_text(ctx.fonts->small, {tx, ty}, tw, theme::kMutedText, tr(Str::ReceiptCode, lang));
  ty += wrapped_text(ctx.fonts->large, {tx, ty}, tw, theme::kText, rc.code.c_str()) + 16;
  ty +=
      wrapped_text(ctx.fonts->small, {tx, ty}, tw, theme::kMutedText, tr(Str::ReceiptToken, lang));
  ty += wrapped_text(ctx.fonts->large, {tx, ty}, tw, theme::kText, rc.lookup_token.c_str()) + 16;
  char line[256];
  const std::string at = rc.created_at.size() >= 16
                             ? rc.created_at.substr(11, 5) + " " + rc.created_at.substr(8, 2) +
                                   "/" + rc.created_at.substr(5, 2) + "/" +
                                   rc.created_at.substr(0, 4)
                             : rc.created_at;
  std::snprintf(line, sizeof line, tr(Str::ReceiptReceivedAt, lang), at.c_str(),
                ctx.config->centre.terminal_id.c_str());
  wrapped_text(ctx.fonts->small, {tx, ty}, tw, theme::kMutedText, line);
  y += qr + theme::kGap;

  if (ctx.catalog) {
    std::string what;
    if (const auto* a = ctx.catalog->agency(rc.agency_id)) what = a->name.in(lang);
    if (const auto* f = ctx.catalog->field(rc.field_id)) what += " – " + f->name.in(lang);
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, what.c_str()) + 20;
  }
  std::snprintf(line, sizeof line, tr(Str::ReceiptAcceptanceDue, lang),
                date_with_weekday(rc.deadlines.acceptance_due, lang).c_str());
  y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, theme::kHeader, line) + 12;
  std::snprintf(line, sizeof line, tr(Str::ReceiptAnswerDue, lang),
                date_with_weekday(rc.deadlines.answer_due, lang).c_str());
  y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, theme::kHeader, line) + 24;
  // The paper: printing, printed, or why not (and that the request is safe all the same).
  std::string paper;
  ImU32 paper_color = theme::kTileStatus;
  switch (r.receipt_paper) {
    case kiosk::PaperState::Printing: paper = tr(Str::ReceiptPrinting, lang); break;
    case kiosk::PaperState::Printed: paper = tr(Str::ReceiptPrinted, lang); break;
    case kiosk::PaperState::Failed: {
      char why[768];
      std::snprintf(why, sizeof why, tr(Str::ReceiptPrintFailed, lang),
                    std::string(lang == Lang::En ? kiosk::printer_state_en(r.paper_problem)
                                                 : kiosk::printer_state_vi(r.paper_problem))
                        .c_str());
      paper = why;
      paper_color = theme::kError;
      break;
    }
    case kiosk::PaperState::None: paper = tr(Str::ReceiptNoPrinter, lang); break;
  }
  y += wrapped_text(ctx.fonts->body, {area.left, y}, w, paper_color, paper.c_str()) + 20;
  y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, tr(Str::ReceiptNext, lang)) +
       20;
  wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kMutedText, url.c_str());

  const float h = primary_button_height(ctx);
  const float half = (w - theme::kGap) / 2;
  const ButtonStyle rate{theme::kTileRating, theme::kHeaderText, 0, ctx.fonts->tile};
  if (touch_button(out, "receipt.rate", tr(Str::ReceiptRate, lang), {area.left, area.bottom - h},
                   {half, h}, rate))
    out.events.emplace_back(kiosk::RequestOpen{Screen::Rating, ctx.now_ms});
  const ButtonStyle done{theme::kTileStatus, theme::kHeaderText, 0, ctx.fonts->tile};
  if (touch_button(out, "receipt.done", tr(Str::Done, lang),
                   {area.left + half + theme::kGap, area.bottom - h}, {half, h}, done))
    out.events.emplace_back(kiosk::RequestCancel{ctx.now_ms});
}

}  // namespace ui::screens
