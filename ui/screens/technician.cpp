// Provisioning (first boot, or a technician's "Cấu hình lại") and technician mode: the terminal's
// facts, the network checked step by step, the printer, what the scanner reads, a touch grid.
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
using kiosk::TextField;

constexpr int kTouchCols = 6;
constexpr int kTouchRows = 8;

Str fact_label(kiosk::TechFact f) {
  using kiosk::TechFact;
  switch (f) {
    case TechFact::Version: return Str::TechFactVersion;
    case TechFact::Terminal: return Str::TechFactTerminal;
    case TechFact::Portal: return Str::TechFactPortal;
    case TechFact::Provisioned: return Str::TechFactProvisioned;
    case TechFact::Queue: return Str::TechFactQueue;
    case TechFact::NeedsAttention: return Str::TechFactNeedsAttention;
    case TechFact::LastContact: return Str::TechFactLastContact;
    case TechFact::Catalog: return Str::TechFactCatalog;
    case TechFact::Printer: return Str::TechFactPrinter;
    case TechFact::Scanner: return Str::TechFactScanner;
    case TechFact::DiskFree: return Str::TechFactDiskFree;
    case TechFact::Store: return Str::TechFactStore;
    case TechFact::Screen: return Str::TechFactScreen;
    case TechFact::Dns: return Str::TechFactDns;
    case TechFact::Tcp: return Str::TechFactTcp;
    case TechFact::Tls: return Str::TechFactTls;
    case TechFact::Token: return Str::TechFactToken;
    case TechFact::Clock: return Str::TechFactClock;
  }
  return Str::TechFactVersion;
}

// A list of facts, a line each: label on the left, value on the right, red when not good. A fact
// with no value is one the terminal has not been set up for.
float fact_lines(const Page& s, const ViewContext& ctx, const std::vector<kiosk::TechLine>& lines,
                 float left, float width, float y, float bottom) {
  for (const kiosk::TechLine& l : lines) {
    const float label_w = width * 0.42f;
    const char* label = tr(fact_label(l.fact), s.lang);
    const char* value = l.value.empty() ? tr(Str::TechNotProvisioned, s.lang) : l.value.c_str();
    const float h = std::max(wrapped_height(ctx.fonts->small, label_w, label),
                             wrapped_height(ctx.fonts->body, width - label_w - 16, value));
    if (y + h > bottom) break;
    wrapped_text(ctx.fonts->small, {left, y + 4}, label_w, theme::kMutedText, label);
    wrapped_text(ctx.fonts->body, {left + label_w + 16, y}, width - label_w - 16,
                 l.ok ? theme::kText : theme::kError, value);
    y += h + 14;
  }
  return y;
}

// Two boxes side by side on one row, each half of `width`; returns the row's height.
float box_pair(const Page& s, const ViewContext& ctx, FrameOutput& out, ImVec2 at, float width,
               TextField a, const std::string& a_text, Str a_label, TextField b,
               const std::string& b_text, Str b_label) {
  const float half = (width - theme::kGap) / 2;
  const float h1 = text_box(s, ctx, out, a, a_text, tr(a_label, s.lang), at, half);
  const float h2 = text_box(s, ctx, out, b, b_text, tr(b_label, s.lang),
                            {at.x + half + theme::kGap, at.y}, half);
  return std::max(h1, h2);
}

}  // namespace

void provisioning(const Page& s, const kiosk::ProvisioningForm& f, const ViewContext& ctx,
                  FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::ProvTitle, s.lang));
  const kiosk::ProvisioningForm& r = f;
  const bool busy = r.enrolment == kiosk::Enrolment::Waiting;
  const float w = area.width();
  float y = area.top;
  const bool typing = s.entry.focus != TextField::None;
  if (!typing)
    y +=
        wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText, tr(Str::ProvIntro, s.lang)) +
        16;
  if (!s.shell.technician_pin_set) {
    if (!typing || kiosk::is_pin_field(s.entry.focus)) {
      y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kText,
                        tr(Str::ProvPinIntro, s.lang)) +
           8;
      y += box_pair(s, ctx, out, {area.left, y}, w, TextField::TechPinNew, f.pin_new,
                    Str::ProvPinNew, TextField::TechPinAgain, f.pin_again, Str::ProvPinAgain);
      if (r.pin_mismatch)
        y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kError,
                          tr(Str::ProvPinMismatch, s.lang)) +
             10;
    }
  }
  if (!typing || !kiosk::is_pin_field(s.entry.focus)) {
    y += text_box(s, ctx, out, TextField::ProvPortal, f.portal, tr(Str::ProvPortal, s.lang),
                  {area.left, y}, w);
    // Wide and short: the two short codes share a row, so that the form and its messages end
    // above the button on a 16:10 or 16:9 screen.
    const bool pair_codes = !typing && ctx.config->display.landscape;
    if (pair_codes)
      y += box_pair(s, ctx, out, {area.left, y}, w, TextField::ProvCode, f.code, Str::ProvCode,
                    TextField::ProvCenter, f.center, Str::ProvCenter);
    else
      y += text_box(s, ctx, out, TextField::ProvCode, f.code, tr(Str::ProvCode, s.lang),
                    {area.left, y}, w);
    y += text_box(s, ctx, out, TextField::ProvCa, f.ca, tr(Str::ProvCa, s.lang), {area.left, y}, w,
                  2);
    if (!pair_codes && (!typing || s.entry.focus == TextField::ProvCenter))
      y += text_box(s, ctx, out, TextField::ProvCenter, f.center, tr(Str::ProvCenter, s.lang),
                    {area.left, y}, w);
  }
  if (r.error != kiosk::ProvisioningError::None)
    y += wrapped_text(
             ctx.fonts->body, {area.left, y}, w, theme::kError,
             std::string(kiosk::provisioning_error_text(r.error, s.lang == Lang::En)).c_str()) +
         10;
  const bool done = r.enrolment == kiosk::Enrolment::Done;
  std::string answer;  // what the portal said
  if (done) {
    char buf[512];
    std::snprintf(buf, sizeof buf, tr(Str::ProvReady, s.lang), r.terminal_id.c_str(),
                  r.center_name.c_str());
    answer = buf;
  } else if (r.enrolment == kiosk::Enrolment::Failed) {
    answer = r.pin_not_kept       ? tr(Str::ProvPinNotKept, s.lang)
             : s.lang == Lang::En ? r.error_en
                                  : r.error_vi;
  }
  if (!answer.empty())
    y += wrapped_text(ctx.fonts->tile, {area.left, y}, w, done ? theme::kOnline : theme::kError,
                      answer.c_str()) +
         10;
  if (typing) return;  // the keyboard's own "Xong" closes it
  const float bh = primary_button_height(ctx);
  if (!s.shell.needs_provisioning && done) {
    const ButtonStyle home{theme::kTileStatus, theme::kHeaderText, 0, ctx.fonts->tile};
    if (touch_button(out, "prov.home", tr(Str::ProvHome, s.lang), {area.left, area.bottom - bh},
                     {w, bh}, home))
      out.events.emplace_back(kiosk::RequestCancel{ctx.now_ms});
    return;
  }
  if (r.queue_waiting &&
      secondary_button(
          ctx, out, "prov.export", tr(Str::ProvExport, s.lang), area.left,
          area.bottom - bh - theme::kGap - std::max(kiosk::min_touch_px(*ctx.config), 110.0f), w,
          busy))
    out.events.emplace_back(kiosk::RequestProvision{true, ctx.now_ms});
  const ButtonStyle go{busy ? theme::kButtonBorder : theme::kTileStatus, theme::kHeaderText, 0,
                       ctx.fonts->tile};
  if (touch_button(out, "prov.go", tr(busy ? Str::ProvBusy : Str::ProvGo, s.lang),
                   {area.left, area.bottom - bh}, {w, bh}, go) &&
      !busy)
    out.events.emplace_back(kiosk::RequestProvision{false, ctx.now_ms});
}

void technician(const Page& s, const kiosk::TechnicianDesk& t, const ViewContext& ctx,
                FrameOutput& out) {
  const FormArea area = form_frame(s, ctx, out, tr(Str::TechTitle, s.lang));
  const float w = area.width();
  float y = area.top;
  constexpr Str kTabs[] = {Str::TechTabInfo, Str::TechTabNetwork, Str::TechTabPrinter,
                           Str::TechTabScanner, Str::TechTabTouch};
  const float tab_h = std::max(kiosk::min_touch_px(*ctx.config), 110.0f);
  const float tab_w = (w - 4 * 10.0f) / 5;
  for (int i = 0; i < 5; ++i) {
    const bool on = int(t.tab) == i;
    const ButtonStyle style{on ? theme::kTileRequest : theme::kButton,
                            on ? theme::kHeaderText : theme::kHeader,
                            theme::kButtonBorder,
                            ctx.fonts->small,
                            false,
                            6.0f};
    const std::string name = "tech.tab." + std::to_string(i);
    if (touch_button(out, name.c_str(), tr(kTabs[i], s.lang),
                     {area.left + float(i) * (tab_w + 10), y}, {tab_w, tab_h}, style))
      out.events.emplace_back(kiosk::RequestTechTab{kiosk::TechTab(i), ctx.now_ms});
  }
  y += tab_h + 24;
  const float bh = secondary_button_height(ctx);
  switch (t.tab) {
    case kiosk::TechTab::Information: {
      y = fact_lines(s, ctx, t.info, area.left, w, y, area.bottom - bh - theme::kGap);
      if (secondary_button(ctx, out, "tech.reprovision", tr(Str::TechReprovision, s.lang),
                           area.left, area.bottom - bh, w))
        out.events.emplace_back(kiosk::RequestOpen{kiosk::Screen::Provisioning, ctx.now_ms});
      break;
    }
    case kiosk::TechTab::Network: {
      const bool checking = t.network_check == kiosk::NetworkCheck::Running;
      if (secondary_button(ctx, out, "tech.check_network",
                           tr(checking ? Str::TechChecking : Str::TechCheck, s.lang), area.left, y,
                           w, checking))
        out.events.emplace_back(kiosk::RequestNetworkCheck{ctx.now_ms});
      y += bh + 24;
      fact_lines(s, ctx, t.network, area.left, w, y, area.bottom);
      break;
    }
    case kiosk::TechTab::Printer: printer_panel(s, ctx, out, area, y, "tech.test_print"); break;
    case kiosk::TechTab::Scanner: {
      y += wrapped_text(ctx.fonts->body, {area.left, y}, w, theme::kText,
                        tr(Str::TechScanHint, s.lang)) +
           20;
      ImGui::GetWindowDrawList()->AddRectFilled({area.left, y}, {area.right, y + 300},
                                                theme::kButton, theme::kRounding);
      wrapped_text(t.scan_test.empty() ? ctx.fonts->body : ctx.fonts->tile,
                   {area.left + 24, y + 24}, w - 48,
                   t.scan_test.empty() ? theme::kMutedText : theme::kText,
                   t.scan_test.empty() ? tr(Str::TechScanNone, s.lang) : t.scan_test.c_str());
      break;
    }
    case kiosk::TechTab::Touch: {
      int touched = 0;
      for (bool b : t.touch_cells) touched += b;
      char hint[256];
      std::snprintf(hint, sizeof hint, tr(Str::TechTouchHint, s.lang), touched,
                    kTouchCols * kTouchRows);
      y += wrapped_text(ctx.fonts->small, {area.left, y}, w, theme::kText, hint) + 12;
      const float cw = (w - float(kTouchCols - 1) * 8) / kTouchCols;
      const float ch = (area.bottom - y - float(kTouchRows - 1) * 8) / kTouchRows;
      for (int i = 0; i < kTouchCols * kTouchRows; ++i) {
        const bool hit = std::size_t(i) < t.touch_cells.size() && t.touch_cells[std::size_t(i)];
        const std::string name = "touch." + std::to_string(i);
        const ButtonStyle style{hit ? theme::kOnline : theme::kButton, theme::kHeaderText,
                                theme::kButtonBorder, ctx.fonts->small};
        if (touch_button(out, name.c_str(), "",
                         {area.left + float(i % kTouchCols) * (cw + 8),
                          y + float(i / kTouchCols) * (ch + 8)},
                         {cw, ch}, style))
          out.events.emplace_back(kiosk::RequestTouchCell{i, kTouchCols * kTouchRows, ctx.now_ms});
      }
      break;
    }
  }
}

}  // namespace ui::screens
