// "Tra cứu hồ sơ": scan the receipt's QR (or type the code and lookup code), then see in a few
// seconds where the case stands, what happens next and by when.
#include <chrono>
#include <cstdio>
#include <string>

#include "../form.hpp"
#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "case_state.hpp"
#include "screens.hpp"

namespace ui::screens {

namespace {

using kiosk::Lang;

// "25/11/2026 15:03" from RFC 3339; the text as it came when it is not one.
std::string when(const std::string& rfc3339) {
  const auto d = kiosk::parse_iso_date(rfc3339.substr(0, 10));
  if (!d) return rfc3339;
  return kiosk::format_vi_date(*d) + (rfc3339.size() >= 16 ? " " + rfc3339.substr(11, 5) : "");
}

std::string weekday_date(kiosk::Date d, Lang lang) {
  const std::chrono::weekday wd{std::chrono::sys_days{d}};
  return std::string(weekday_name(int(wd.c_encoding()), lang)) + ", " + kiosk::format_vi_date(d);
}

kiosk::Date today(const ViewContext& ctx) {
  return kiosk::vietnam_date(std::chrono::system_clock::from_time_t(ctx.wall_time));
}

Str next_step(const std::string& status) {
  if (status == "queued") return Str::StatusNextQueued;
  if (status == "received") return Str::StatusNextReceived;
  if (status == "accepted" || status == "extended" || status == "suspended")
    return Str::StatusNextAccepted;
  if (status == "supplement_requested") return Str::StatusNextSupplement;
  if (status == "answered") return Str::StatusNextAnswered;
  return Str::StatusNextClosed;
}

// One deadline line with where it stands today; red when overdue. Returns the height used.
float deadline_line(const Page& s, const ViewContext& ctx, Str label, const std::string& iso,
                    bool pending, ImVec2 pos, float width) {
  const auto due = kiosk::parse_iso_date(iso);
  if (!due) return 0;
  std::string text = fmt(label, s.lang, weekday_date(*due, s.lang));
  ImU32 color = theme::kText;
  if (pending && ctx.catalog) {
    const auto st = kiosk::deadline_standing(*due, today(ctx), ctx.catalog->calendar);
    if (st.overdue) {
      text += " – " + fmt(Str::StatusOverdue, s.lang, st.days);
      color = theme::kError;
    } else {
      text += " – " + (st.days == 0 ? std::string(tr(Str::StatusDueToday, s.lang))
                                    : fmt(Str::StatusDaysLeft, s.lang, st.days));
    }
  }
  return wrapped_text(ctx.fonts->body, pos, width, color, text.c_str()) + 10;
}

}  // namespace

void status_lookup(const Page& s, const kiosk::StatusLookup& l, const ViewContext& ctx,
                   FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::TileStatus, s.lang));
  const kiosk::StatusLookup& r = l;
  const float w = area.width();
  float y = area.top;
  const bool typing = s.entry.focus != kiosk::TextField::None;
  if (!typing) {  // the scanner first: most residents come back with the receipt in hand
    y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, theme::kText,
                      tr(Str::StatusScanTitle, s.lang)) +
         10;
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kMutedText,
                      tr(Str::StatusScanHint, s.lang)) +
         30;
  }
  if (r.scan_error != kiosk::PayloadError::None)
    y += wrapped_text(
             ctx.fonts->body, {area.left, y}, w, theme::kError,
             std::string(kiosk::payload_error_text(r.scan_error, s.lang == Lang::En)).c_str()) +
         16;
  if (r.lookup == kiosk::Lookup::Failed) {
    const Str why = r.outcome == kiosk::LookupOutcome::Unreachable    ? Str::StatusUnreachable
                    : r.outcome == kiosk::LookupOutcome::TooManyTries ? Str::StatusTooManyTries
                                                                      : Str::StatusNotFound;
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kError, tr(why, s.lang)) + 16;
  }
  y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText,
                    tr(Str::StatusOrType, s.lang)) +
       12;
  y += text_box(s, ctx, out, kiosk::TextField::StatusCode, l.code, tr(Str::StatusCodeLabel, s.lang),
                {area.left, y}, w);
  y += text_box(s, ctx, out, kiosk::TextField::StatusToken, l.token,
                tr(Str::StatusTokenLabel, s.lang), {area.left, y}, w);
  if (!typing) {  // the answers the agencies published, for anyone to read
    const float h = std::max(kiosk::min_touch_px(*ctx.config), 110.0f);
    const float by = area.bottom - primary_button_height(ctx) - theme::kGap - h;
    if (y + 20 < by) {
      const ButtonStyle style{theme::kButton, theme::kHeader, theme::kButtonBorder,
                              ctx.fonts->body};
      if (touch_button(out, "status.public", tr(Str::PublicOpen, s.lang), {area.left, by}, {w, h},
                       style))
        out.events.emplace_back(kiosk::RequestOpen{kiosk::Screen::PublicAnswers, ctx.now_ms});
    }
  }
  const bool waiting = r.lookup == kiosk::Lookup::Waiting;
  primary_button(ctx, out, "status.lookup",
                 tr(waiting ? Str::StatusLookingUp : Str::StatusLookup, s.lang), area, waiting);
}

void status_result(const Page& s, const kiosk::StatusLookup& l, const ViewContext& ctx,
                   FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::TileStatus, s.lang));
  const kiosk::CaseView& c = l.view;
  const float w = area.width();
  float y = area.top;
  y += wrapped_text(ctx.fonts->large, {area.left, y}, w, theme::kHeader,
                    fmt(Str::StatusCaseCode, s.lang, c.code).c_str()) +
       8;
  // Where the information comes from, when it is not live.
  if (c.source == kiosk::CaseSource::Cache)
    y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kOffline,
                      fmt(Str::StatusFromCache, s.lang, when(c.fetched_at)).c_str()) +
         8;
  // The state, large, in a coloured band.
  const auto state = kiosk::case_state_text(c.status);
  const std::string state_text(s.lang == Lang::En ? state.en : state.vi);
  const float band_h = wrapped_height(ctx.fonts->tile, w - 48, state_text.c_str()) + 40;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 band = c.status == "refused" || c.status == "terminated" ? theme::kError
                     : state.closed                                    ? theme::kTileStatus
                                                                       : theme::kTileRequest;
  dl->AddRectFilled({area.left, y}, {area.right, y + band_h}, band, theme::kRounding);
  wrapped_text(ctx.fonts->tile, {area.left + 24, y + 20}, w - 48, theme::kHeaderText,
               state_text.c_str());
  y += band_h + 16;
  y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText,
                    tr(next_step(c.status), s.lang)) +
       16;
  // Body and field, in the catalog's words where the terminal has them.
  std::string who = c.agency_name, what = c.field_name;
  if (ctx.catalog) {
    if (const auto* a = ctx.catalog->agency(c.agency_id)) who = a->name.in(s.lang);
    if (const auto* f = ctx.catalog->field(c.field_id)) what = f->name.in(s.lang);
  }
  if (!who.empty())
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kMutedText,
                      (who + (what.empty() ? "" : " – " + what)).c_str()) +
         12;
  y += deadline_line(s, ctx, Str::StatusAcceptanceDue, c.acceptance_due,
                     kiosk::acceptance_pending(c.status), {area.left, y}, w);
  y += deadline_line(s, ctx, Str::StatusAnswerDue, c.answer_due, kiosk::answer_pending(c.status),
                     {area.left, y}, w);
  y += 12;
  if (!c.answer_summary.empty()) {
    y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, theme::kText,
                      tr(Str::StatusAnswer, s.lang)) +
         6;
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, c.answer_summary.c_str()) +
         8;
    y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kMutedText,
                      tr(Str::StatusDocument, s.lang)) +
         16;
  }
  // The timeline, newest last, as far as the screen allows.
  const float buttons_h = primary_button_height(ctx);
  const float disagree_h =
      state.closed ? wrapped_height(ctx.fonts->small, w, tr(Str::StatusDisagree, s.lang)) + 16 : 0;
  const bool can_print = s.shell.printer.state != kiosk::PrinterState::Disabled;
  const float slip_h = std::max(kiosk::min_touch_px(*ctx.config), 100.0f);
  const float limit =
      area.bottom - buttons_h - 30 - disagree_h - (can_print ? slip_h + theme::kGap : 0);
  y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, theme::kText,
                    tr(Str::StatusHistory, s.lang)) +
       6;
  for (const auto& h : c.history) {
    const auto hs = kiosk::case_state_text(h.status);
    std::string line = when(h.at) + "  " + std::string(s.lang == Lang::En ? hs.en : hs.vi);
    if (!h.note.empty()) line += ": " + h.note;
    const float lh = wrapped_height(ctx.fonts->small, w - 30, line.c_str());
    if (y + lh > limit) break;
    dl->AddCircleFilled({area.left + 8, y + ctx.fonts->small->FontSize / 2 + 2}, 7,
                        theme::kTileRequest);
    y +=
        wrapped_text(ctx.fonts->small, {area.left + 30, y}, w - 30, theme::kText, line.c_str()) + 6;
  }
  if (state.closed)
    wrapped_text(ctx.fonts->small, {area.left, limit + 8}, w, theme::kText,
                 tr(Str::StatusDisagree, s.lang));
  // Another case, or home; above them, the status slip to take away.
  const float bw = (w - theme::kGap) / 2;
  const float by = area.bottom - buttons_h;
  if (can_print) {
    const kiosk::StatusLookup& r = l;
    const float sh = slip_h;
    const float sy = by - theme::kGap - sh;
    std::string note;
    ImU32 note_color = theme::kTileStatus;
    if (r.slip_paper == kiosk::PaperState::Printed) note = tr(Str::StatusSlipPrinted, s.lang);
    if (r.slip_paper == kiosk::PaperState::Failed) {
      note = fmt(Str::StatusSlipFailed, s.lang,
                 std::string(s.lang == Lang::En ? kiosk::printer_state_en(r.paper_problem)
                                                : kiosk::printer_state_vi(r.paper_problem)));
      note_color = theme::kError;
    }
    const float slip_w = w * 0.5f;
    const ButtonStyle slip{theme::kButton, theme::kHeader, theme::kButtonBorder, ctx.fonts->body};
    const bool printing = r.slip_paper == kiosk::PaperState::Printing;
    if (touch_button(out, "status.print",
                     tr(printing ? Str::StatusSlipPrinting : Str::StatusPrintSlip, s.lang),
                     {area.left, sy}, {slip_w, sh}, slip) &&
        !printing)
      out.events.emplace_back(kiosk::RequestPrintStatusSlip{ctx.now_ms});
    if (!note.empty())
      wrapped_text(ctx.fonts->small, {area.left + slip_w + theme::kGap, sy + 8},
                   w - slip_w - theme::kGap, note_color, note.c_str());
  }
  const ButtonStyle other{theme::kButton, theme::kHeader, theme::kButtonBorder, ctx.fonts->tile};
  if (touch_button(out, "status.another", tr(Str::StatusAnother, s.lang), {area.left, by},
                   {bw, buttons_h}, other))
    out.events.emplace_back(kiosk::RequestOpen{kiosk::Screen::StatusLookup, ctx.now_ms});
  const ButtonStyle home{theme::kTileStatus, theme::kHeaderText, 0, ctx.fonts->tile};
  if (touch_button(out, "status.home", tr(Str::StatusHome, s.lang),
                   {area.left + bw + theme::kGap, by}, {bw, buttons_h}, home))
    out.events.emplace_back(kiosk::RequestCancel{ctx.now_ms});
}

void public_answers(const Page& s, const ViewContext& ctx, FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::PublicTitle, s.lang));
  const float w = area.width();
  float y = area.top;
  y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kMutedText,
                    tr(Str::PublicIntro, s.lang)) +
       20;
  static const std::vector<kiosk::PublicAnswer> kNone;
  const auto& list = ctx.public_answers ? *ctx.public_answers : kNone;
  if (list.empty()) {
    wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, tr(Str::PublicNone, s.lang));
    return;
  }
  // One card per answer: body, field and date; the question and the answer, cut to fit.
  const float item_h = 420;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  paged_list(
      s, ctx, out, area.left, w, y, area.bottom, item_h, int(list.size()), [&](int i, ImVec2 pos) {
        const kiosk::PublicAnswer& a = list[std::size_t(i)];
        dl->AddRectFilled(pos, {pos.x + w, pos.y + item_h}, theme::kButton, theme::kRounding);
        const float pad = 24, iw = w - 2 * pad;
        float cy = pos.y + pad;
        std::string who = a.agency_name, what = a.field_name;
        if (ctx.catalog) {
          if (const auto* ag = ctx.catalog->agency(a.agency_id)) who = ag->name.in(s.lang);
          if (const auto* f = ctx.catalog->field(a.field_id)) what = f->name.in(s.lang);
        }
        const std::string head = who + " – " + what + " · " + when(a.answered_at).substr(0, 10);
        cy +=
            wrapped_text(ctx.fonts->small, {pos.x + pad, cy}, iw, theme::kMutedText, head.c_str()) +
            8;
        auto cut = [](const std::string& text, std::size_t max_bytes) {
          if (text.size() <= max_bytes) return text;
          std::size_t end = max_bytes;
          while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
          return text.substr(0, end) + "…";
        };
        const std::string q =
            std::string(tr(Str::PublicQuestion, s.lang)) + " " + cut(a.question, 220);
        cy += wrapped_text(ctx.fonts->body, {pos.x + pad, cy}, iw, theme::kText, q.c_str()) + 10;
        const std::string ans =
            std::string(tr(Str::PublicAnswerLabel, s.lang)) + " " + cut(a.summary, 260);
        wrapped_text(ctx.fonts->body, {pos.x + pad, cy}, iw, theme::kTileStatus, ans.c_str());
      });
}

}  // namespace ui::screens
