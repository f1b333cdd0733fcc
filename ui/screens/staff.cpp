// Staff mode: the PIN, then four tabs: today's cases (no personal data), the print queue with
// reprints, rows the portal refused, and the printer with a test page. Leaves by itself after
// two minutes without a touch (the flow's idle timer).
#include <cstdio>
#include <string>

#include "../form.hpp"
#include "../strings.hpp"
#include "../theme.hpp"
#include "../widgets.hpp"
#include "screens.hpp"

namespace ui::screens {

namespace {

using kiosk::Lang;

std::string printf_str(const char* format, int a, int b = 0, int c = 0, int d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}

std::string time_of(const std::string& rfc3339) {  // "14:05 25/11"
  if (rfc3339.size() < 16) return rfc3339;
  return rfc3339.substr(11, 5) + " " + rfc3339.substr(8, 2) + "/" + rfc3339.substr(5, 2);
}

Str job_state(const std::string& s) {
  if (s == "queued") return Str::StaffJobQueued;
  if (s == "printing") return Str::StaffJobPrinting;
  if (s == "printed") return Str::StaffJobPrinted;
  return Str::StaffJobFailed;
}

Str job_kind(const std::string& k) {
  if (k == "status_slip") return Str::StaffKindSlip;
  if (k == "summary") return Str::StaffKindSummary;
  if (k == "test") return Str::StaffKindTest;
  return Str::StaffKindReceipt;
}

Str sync_state(const std::string& s) {
  if (s == "synced") return Str::StaffSynced;
  if (s == "needs_attention") return Str::StaffNeedsAttention;
  return Str::StaffWaiting;
}

std::string printer_words(const kiosk::PrinterInfo& p, Lang lang) {
  std::string words(lang == Lang::En ? kiosk::printer_state_en(p.state)
                                     : kiosk::printer_state_vi(p.state));
  if (!p.name.empty()) words += " (" + p.name + ")";
  return words;
}

void today_tab(const Page& s, const kiosk::StaffDesk& d, const ViewContext& ctx, FrameOutput& out,
               const FormArea& area, float y) {
  const auto& today = d.overview.today;
  const float w = area.width();
  int synced = 0, attention = 0;
  for (const auto& c : today) {
    synced += c.sync_state == "synced";
    attention += c.sync_state == "needs_attention";
  }
  const int waiting = int(today.size()) - synced - attention;
  const std::string counts = today.empty()
                                 ? tr(Str::StaffTodayNone, s.lang)
                                 : printf_str(tr(Str::StaffTodayCounts, s.lang), int(today.size()),
                                              synced, waiting, attention);
  y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, counts.c_str()) + 16;
  const bool tapped = secondary_button(ctx, out, "staff.summary",
                                       tr(Str::StaffSummaryPrint, s.lang), area.left, y, w);
  y += secondary_button_height(ctx) + theme::kGap;
  if (tapped)
    out.events.emplace_back(kiosk::RequestStaffPrint{kiosk::StaffPrint::DailySummary, ctx.now_ms});
  // Newest first, a line each: time, code, sync state.
  const float line_h = ctx.fonts->body->FontSize * 1.6f;
  const float bottom = area.bottom - ctx.fonts->small->FontSize * 2;
  for (auto it = today.rbegin(); it != today.rend() && y + line_h < bottom; ++it) {
    const std::string line = time_of(it->created_at) + "   " + it->code;
    wrapped_text(ctx.fonts->body, {area.left, y}, w * 0.7f, theme::kText, line.c_str());
    wrapped_text(ctx.fonts->body, {area.left + w * 0.7f, y}, w * 0.3f,
                 it->sync_state == "needs_attention" ? theme::kError : theme::kMutedText,
                 tr(sync_state(it->sync_state), s.lang));
    y += line_h;
  }
}

void queue_tab(const Page& s, const kiosk::StaffDesk& d, const ViewContext& ctx, FrameOutput& out,
               const FormArea& area, float y) {
  const float w = area.width();
  y += text_box(s, ctx, out, kiosk::TextField::StaffCode, d.code, tr(Str::StaffCodeLabel, s.lang),
                {area.left, y}, w);
  const bool tapped = secondary_button(ctx, out, "staff.reprint_code",
                                       tr(Str::StaffReprintCode, s.lang), area.left, y, w);
  y += secondary_button_height(ctx) + theme::kGap;
  if (tapped) out.events.emplace_back(kiosk::RequestReprint{0, ctx.now_ms});
  if (s.entry.focus != kiosk::TextField::None) return;  // the keyboard has the rest of the screen
  if (d.overview.jobs.empty()) {
    wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kMutedText,
                 tr(Str::StaffQueueNone, s.lang));
    return;
  }
  const float item_h = std::max(kiosk::min_touch_px(*ctx.config), 120.0f);
  const float button_w = 240;
  paged_list(
      s, ctx, out, area.left, w, y, area.bottom - ctx.fonts->small->FontSize * 2, item_h,
      int(d.overview.jobs.size()), [&](int i, ImVec2 pos) {
        const kiosk::StaffJob& j = d.overview.jobs[std::size_t(i)];
        const std::string head = std::string(tr(job_kind(j.kind), s.lang)) + "  " + j.case_code +
                                 "  " + time_of(j.created_at);
        std::string state = tr(job_state(j.state), s.lang);
        if (j.state == "failed" && j.error == "interrupted")
          state += tr(Str::StaffRestarted, s.lang);
        else if (j.state == "failed")
          state += " – " +
                   std::string(s.lang == Lang::En
                                   ? kiosk::printer_state_en(kiosk::parse_printer_state(j.error))
                                   : kiosk::printer_state_vi(kiosk::parse_printer_state(j.error)));
        const float tw = w - button_w - theme::kGap;
        wrapped_text(ctx.fonts->body, {pos.x, pos.y + 6}, tw, theme::kText, head.c_str());
        wrapped_text(ctx.fonts->small, {pos.x, pos.y + 6 + ctx.fonts->body->FontSize * 1.3f}, tw,
                     j.state == "failed" ? theme::kError : theme::kMutedText, state.c_str());
        if (j.state == "printing") return;
        const std::string name = "staff.reprint." + std::to_string(j.id);
        const ButtonStyle style{j.state == "failed" ? theme::kTileStatus : theme::kButton,
                                j.state == "failed" ? theme::kHeaderText : theme::kHeader,
                                theme::kButtonBorder, ctx.fonts->body};
        if (touch_button(out, name.c_str(), tr(Str::StaffReprint, s.lang),
                         {pos.x + w - button_w, pos.y}, {button_w, item_h - 12}, style))
          out.events.emplace_back(kiosk::RequestReprint{j.id, ctx.now_ms});
      });
}

void attention_tab(const Page& s, const kiosk::StaffDesk& d, const ViewContext& ctx,
                   const FormArea& area, float y) {
  const auto& rows = d.overview.attention;
  const float w = area.width();
  if (rows.empty()) {
    wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kMutedText,
                 tr(Str::StaffAttentionNone, s.lang));
    return;
  }
  y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kMutedText,
                    tr(Str::StaffAttentionHint, s.lang)) +
       16;
  for (const auto& a : rows) {
    const std::string head =
        (a.kind == "rating" ? std::string(tr(Str::StaffRating, s.lang)) : a.case_code) + "  " +
        time_of(a.created_at);
    const float h = wrapped_height(ctx.fonts->body, w, head.c_str()) +
                    wrapped_height(ctx.fonts->small, w, a.reason.c_str()) + 24;
    if (y + h > area.bottom) break;
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, head.c_str()) + 4;
    y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kError, a.reason.c_str()) + 20;
  }
}

// What the desk's last action did, in words.
std::string notice_words(const kiosk::StaffNotice& n, Lang lang) {
  using kiosk::StaffNote;
  switch (n.note) {
    case StaffNote::None: return {};
    case StaffNote::NotACaseCode: return tr(Str::StaffNoteNotACode, lang);
    case StaffNote::Queued: return fmt(Str::StaffNoteQueued, lang, n.subject);
    case StaffNote::NoSuchReceipt: return fmt(Str::StaffNoteNoReceipt, lang, n.subject);
    case StaffNote::PrintingTest: return tr(Str::StaffNotePrintingTest, lang);
    case StaffNote::PrintingSummary: return tr(Str::StaffNotePrintingSummary, lang);
    case StaffNote::CannotQueue: return lang == Lang::En ? n.detail_en : n.detail_vi;
  }
  return {};
}

}  // namespace

void printer_panel(const Page& s, const ViewContext& ctx, FrameOutput& out, const FormArea& area,
                   float y, const char* test_button) {
  const float w = area.width();
  const ImU32 color =
      s.shell.printer.state == kiosk::PrinterState::Ready ? theme::kOnline : theme::kError;
  y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, color,
                    printer_words(s.shell.printer, s.lang).c_str()) +
       24;
  if (secondary_button(ctx, out, test_button, tr(Str::StaffTestPrint, s.lang), area.left, y, w))
    out.events.emplace_back(kiosk::RequestStaffPrint{kiosk::StaffPrint::TestPage, ctx.now_ms});
}

void staff_pin(const Page& s, const kiosk::PinEntry& p, const ViewContext& ctx, FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::StaffPinTitle, s.lang));
  const kiosk::PinEntry& r = p;
  const float w = area.width();
  float y = area.top;
  y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText,
                    tr(Str::StaffPinPrompt, s.lang)) +
       20;
  y += text_box(s, ctx, out, kiosk::TextField::StaffPin, p.pin, tr(Str::StaffPinLabel, s.lang),
                {area.left, y}, w);
  if (!r.checking && r.verdict != kiosk::PinVerdict::Ok) {
    std::string why;
    switch (r.verdict) {
      case kiosk::PinVerdict::Wrong:
        why = printf_str(tr(Str::StaffPinWrong, s.lang), r.tries_left);
        break;
      case kiosk::PinVerdict::Locked:
        why = printf_str(tr(Str::StaffPinLocked, s.lang), int(r.wait_s));
        break;
      case kiosk::PinVerdict::NotSet: why = tr(Str::StaffPinNotSet, s.lang); break;
      default: why = tr(Str::StaffPinUnavailable, s.lang); break;
    }
    wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kError, why.c_str());
  }
  primary_button(ctx, out, "next",
                 tr(r.checking ? Str::StaffPinChecking : Str::StaffPinEnter, s.lang), area,
                 r.checking);
}

void staff(const Page& s, const kiosk::StaffDesk& d, const ViewContext& ctx, FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::StaffTitle, s.lang));
  const float w = area.width();
  float y = area.top;
  // The printer's state stays in sight on every tab: it is what staff come for most.
  y += wrapped_text(
           ctx.fonts->small, {area.left, y}, w,
           s.shell.printer.state == kiosk::PrinterState::Ready ? theme::kMutedText : theme::kError,
           printer_words(s.shell.printer, s.lang).c_str()) +
       12;
  constexpr Str kTabs[] = {Str::StaffTabToday, Str::StaffTabQueue, Str::StaffTabAttention,
                           Str::StaffTabPrinter};
  const float tab_h = std::max(kiosk::min_touch_px(*ctx.config), 110.0f);
  const float tab_w = (w - 3 * 12.0f) / 4;
  for (int i = 0; i < 4; ++i) {
    const bool on = int(d.tab) == i;
    std::string label = tr(kTabs[i], s.lang);
    if (i == 2 && !d.overview.attention.empty())
      label += " (" + std::to_string(d.overview.attention.size()) + ")";
    const ButtonStyle style{on ? theme::kTileRequest : theme::kButton,
                            on ? theme::kHeaderText : theme::kHeader,
                            theme::kButtonBorder,
                            ctx.fonts->small,
                            false,
                            8.0f};
    const std::string name = "staff.tab." + std::to_string(i);
    if (touch_button(out, name.c_str(), label.c_str(), {area.left + float(i) * (tab_w + 12), y},
                     {tab_w, tab_h}, style))
      out.events.emplace_back(kiosk::RequestStaffTab{kiosk::StaffTab(i), ctx.now_ms});
  }
  y += tab_h + 20;
  if (const std::string note = notice_words(d.notice, s.lang); !note.empty())
    y += wrapped_text(ctx.fonts->body, {area.left, y}, w,
                      d.notice.note == kiosk::StaffNote::NotACaseCode ||
                              d.notice.note == kiosk::StaffNote::CannotQueue
                          ? theme::kError
                          : theme::kTileStatus,
                      note.c_str()) +
         16;
  switch (d.tab) {
    case kiosk::StaffTab::Today: today_tab(s, d, ctx, out, area, y); break;
    case kiosk::StaffTab::PrintQueue: queue_tab(s, d, ctx, out, area, y); break;
    case kiosk::StaffTab::Attention: attention_tab(s, d, ctx, area, y); break;
    case kiosk::StaffTab::Printer: printer_panel(s, ctx, out, area, y, "staff.test_print"); break;
  }
  if (s.entry.focus == kiosk::TextField::None)
    wrapped_text(ctx.fonts->small, {area.left, area.bottom - ctx.fonts->small->FontSize * 1.4f}, w,
                 theme::kMutedText, tr(Str::StaffAutoLeave, s.lang));
}

}  // namespace ui::screens
