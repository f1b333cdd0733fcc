#include "form.hpp"

#include <algorithm>
#include <cstdio>

#include "screens/screens.hpp"
#include "strings.hpp"
#include "theme.hpp"
#include "utf8.hpp"
#include "widgets.hpp"

namespace ui {

namespace {

using kiosk::Keypad;
using kiosk::Lang;
using kiosk::TextField;

constexpr ImU32 kFocus = theme::rgb(0x0B, 0x5C, 0xAD);
constexpr ImU32 kWarning = theme::rgb(0x8A, 0x4B, 0x00);
constexpr ImU32 kBoxFill = theme::rgb(0xFF, 0xFF, 0xFF);
constexpr ImU32 kBoxBorder = theme::rgb(0x8C, 0x96, 0xA8);
constexpr ImU32 kKeyFill = theme::rgb(0xFF, 0xFF, 0xFF);
constexpr ImU32 kKeyboardBg = theme::rgb(0xD5, 0xDB, 0xE3);
constexpr ImU32 kSpecialKey = theme::rgb(0xB8, 0xC2, 0xCF);

const char* field_name(TextField f) {
  switch (f) {
    case TextField::DecisionNumber: return "box.decision_number";
    case TextField::DecisionDate: return "box.decision_date";
    case TextField::Impact: return "box.impact";
    case TextField::Question: return "box.question";
    case TextField::PeopleCount: return "box.people_count";
    case TextField::PrincipalName: return "box.principal_name";
    case TextField::FullName: return "box.full_name";
    case TextField::Address: return "box.address";
    case TextField::Phone: return "box.phone";
    case TextField::MailingAddress: return "box.mailing_address";
    case TextField::Cccd: return "box.cccd";
    case TextField::Email: return "box.email";
    case TextField::RatingComment: return "box.rating_comment";
    case TextField::StatusCode: return "box.status_code";
    case TextField::StatusToken: return "box.status_token";
    case TextField::StaffPin: return "box.staff_pin";
    case TextField::StaffCode: return "box.staff_code";
    case TextField::ProvPortal: return "box.prov_portal";
    case TextField::ProvCode: return "box.prov_code";
    case TextField::ProvCa: return "box.prov_ca";
    case TextField::ProvCenter: return "box.prov_center";
    case TextField::TechPinNew: return "box.tech_pin_new";
    case TextField::TechPinAgain: return "box.tech_pin_again";
    case TextField::None: break;
  }
  return "box.none";
}

// One key of the keyboard. `name` is what the UI test taps ("key.a", "key.space").
bool key(const ViewContext& ctx, FrameOutput& out, const char* name, const char* label, ImVec2 pos,
         ImVec2 size, bool special = false) {
  const ButtonStyle style{
      special ? kSpecialKey : kKeyFill, theme::kText, 0, ctx.fonts->body, false, 8.0f};
  return touch_button(out, name, label, pos, size, style);
}

float keyboard_height(const ViewContext& ctx, Keypad pad, bool landscape) {
  const float key_h = std::max(kiosk::min_touch_px(*ctx.config), landscape ? 96.0f : 100.0f);
  const int rows = (pad == Keypad::Digits || pad == Keypad::DateDigits) ? 4 : 5;
  return float(rows) * key_h + float(rows - 1) * 10.0f + 40.0f;
}

// The narrowest keyboard whose smallest keys (0.8 of a letter key, on the bottom row) still reach
// the touch-size rule: ten letter keys and nine gaps, plus the side padding.
float keyboard_min_width(const ViewContext& ctx) {
  const float letter = kiosk::min_touch_px(*ctx.config) / 0.8f;
  return 10 * letter + 9 * 10.0f + 2 * 16.0f;
}

void keyboard(const Page& s, const ViewContext& ctx, FrameOutput& out, ImVec2 min, ImVec2 max) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, kKeyboardBg);
  const kiosk::Entry& r = s.entry;
  const Keypad pad = kiosk::keypad_for(r.focus);
  const float gap = 10.0f, pad_x = 16.0f, pad_y = 20.0f;
  const float width = max.x - min.x - 2 * pad_x;
  const bool landscape = ImGui::GetIO().DisplaySize.x > ImGui::GetIO().DisplaySize.y;
  const float key_h = std::max(kiosk::min_touch_px(*ctx.config), landscape ? 96.0f : 100.0f);
  const std::int64_t now = ctx.now_ms;
  auto emit_key = [&](char32_t c) { out.events.emplace_back(kiosk::EventKey{c, now}); };
  float y = min.y + pad_y;

  if (pad == Keypad::Digits || pad == Keypad::DateDigits) {
    const char* extra = pad == Keypad::Digits ? "+" : "/";
    const char* grid[4][3] = {
        {"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {extra, "0", nullptr}};
    const float kw = (width - 3 * gap) / 4;
    for (int row = 0; row < 4; ++row) {
      float x = min.x + pad_x;
      for (int col = 0; col < 3; ++col) {
        const char* label = grid[row][col];
        if (label) {
          const std::string name = std::string("key.") + label;
          if (key(ctx, out, name.c_str(), label, {x, y}, {kw, key_h}))
            emit_key(static_cast<char32_t>(label[0]));
        } else if (key(ctx, out, "key.backspace", tr(Str::KeyBackspace, s.lang), {x, y},
                       {kw, key_h}, true)) {
          out.events.emplace_back(kiosk::EventBackspace{now});
        }
        x += kw + gap;
      }
      if (row == 0 &&
          key(ctx, out, "key.done", tr(Str::KeyHide, s.lang), {x, y}, {kw, key_h * 2 + gap}, true))
        out.events.emplace_back(kiosk::RequestFocus{TextField::None, now});
      y += key_h + gap;
    }
    return;
  }

  // Letters: digits row, three letter rows, then the method switch, punctuation, space, done.
  const bool upper = r.shift;
  const char* rows[4] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
  const float kw = (width - 9 * gap) / 10;
  for (int row = 0; row < 4; ++row) {
    const std::string letters = rows[row];
    float x = min.x + pad_x;
    if (row == 2) x += (kw + gap) / 2;
    if (row == 3) {
      if (key(ctx, out, "key.shift", tr(Str::KeyShift, s.lang), {x, y},
              {kw * 1.5f + gap / 2, key_h}, true))
        out.events.emplace_back(kiosk::RequestShift{now});
      if (upper)
        dl->AddRect({x, y}, {x + kw * 1.5f + gap / 2, y + key_h}, kFocus, theme::kRounding, 0,
                    5.0f);
      x += kw * 1.5f + gap * 1.5f;
    }
    for (char c : letters) {
      const char shown = (upper && c >= 'a' && c <= 'z') ? char(c - 32) : c;
      const char label[2] = {shown, 0};
      const std::string name = std::string("key.") + c;
      if (key(ctx, out, name.c_str(), label, {x, y}, {kw, key_h}))
        emit_key(static_cast<char32_t>(c));
      x += kw + gap;
    }
    if (row == 3) {
      const float bw = min.x + pad_x + width - x;
      if (key(ctx, out, "key.backspace", tr(Str::KeyBackspace, s.lang), {x, y}, {bw, key_h}, true))
        out.events.emplace_back(kiosk::EventBackspace{now});
    }
    y += key_h + gap;
  }
  float x = min.x + pad_x;
  if (pad == Keypad::Email) {
    for (const char* p : {"@", ".", "_", "-", ":", "/"}) {
      const std::string name = std::string("key.") + p;
      if (key(ctx, out, name.c_str(), p, {x, y}, {kw, key_h}))
        emit_key(static_cast<char32_t>(p[0]));
      x += kw + gap;
    }
  } else {
    // One key cycles the input method: Telex → VNI → ABC (plain) → Telex.
    const kiosk::InputMethod m = s.entry.input_method;
    const kiosk::InputMethod next = m == kiosk::InputMethod::Telex ? kiosk::InputMethod::Vni
                                    : m == kiosk::InputMethod::Vni ? kiosk::InputMethod::Plain
                                                                   : kiosk::InputMethod::Telex;
    const char* label = m == kiosk::InputMethod::Telex ? "Telex"
                        : m == kiosk::InputMethod::Vni ? "VNI"
                                                       : "ABC";
    const ButtonStyle style{kFocus, theme::kHeaderText, 0, ctx.fonts->body, false, 8.0f};
    if (touch_button(out, "key.method", label, {x, y}, {kw * 1.6f, key_h}, style))
      out.events.emplace_back(kiosk::RequestInputMethod{next, now});
    x += kw * 1.6f + gap;
    for (const char* p : {",", ".", "?", "/", "-"}) {
      const std::string name = std::string("key.") + p;
      if (key(ctx, out, name.c_str(), p, {x, y}, {kw * 0.8f, key_h}))
        emit_key(static_cast<char32_t>(p[0]));
      x += kw * 0.8f + gap;
    }
  }
  const float done_w = kw * 1.6f;
  const float space_w = min.x + pad_x + width - x - done_w - gap;
  if (key(ctx, out, "key.space", tr(Str::KeySpace, s.lang), {x, y}, {space_w, key_h}))
    emit_key(U' ');
  x += space_w + gap;
  if (key(ctx, out, "key.done", tr(Str::KeyHide, s.lang), {x, y}, {done_w, key_h}, true))
    out.events.emplace_back(kiosk::RequestFocus{TextField::None, now});
}

}  // namespace

const char* problem_text(kiosk::Problem p, Lang lang) {
  using kiosk::Problem;
  switch (p) {
    case Problem::None: return "";
    case Problem::Required: return tr(Str::ProblemRequired, lang);
    case Problem::CccdDigits: return tr(Str::ProblemCccd, lang);
    case Problem::PhoneFormat: return tr(Str::ProblemPhone, lang);
    case Problem::NameLetters: return tr(Str::ProblemNameLetters, lang);
    case Problem::TooShort: return tr(Str::ProblemTooShort, lang);
    case Problem::TooLong: return tr(Str::ProblemTooLong, lang);
    case Problem::EmailFormat: return tr(Str::ProblemEmail, lang);
    case Problem::DateFormat: return tr(Str::ProblemDate, lang);
    case Problem::PeopleCount: return tr(Str::ProblemPeople, lang);
    case Problem::ContactMissing: return tr(Str::ProblemContact, lang);
  }
  return "";
}

const char* warning_text(kiosk::Warning w, Lang lang) {
  switch (w) {
    case kiosk::Warning::CccdProvince: return tr(Str::WarnCccdProvince, lang);
    case kiosk::Warning::CccdCentury: return tr(Str::WarnCccdCentury, lang);
    case kiosk::Warning::CccdBirthYear: return tr(Str::WarnCccdBirthYear, lang);
  }
  return "";
}

FormArea form_frame(const Page& s, const ViewContext& ctx, FrameOutput& out, const char* title) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float top = screens::header(s, ctx, out, title);
  FormArea area{theme::kMargin, top + theme::kGap, display.x - theme::kMargin,
                display.y - theme::kGap - screens::store_error_banner_height(s, ctx)};
  if (s.entry.focus == TextField::None) return area;
  const Keypad pad = kiosk::keypad_for(s.entry.focus);
  // Landscape: the keyboard on the right half (wider if its keys need it), the form on the left;
  // on a squarish landscape output (5:4) where that leaves the form too little, below it.
  const float kb_w = std::max(display.x * 0.5f, keyboard_min_width(ctx));
  const bool beside = display.x > display.y && kb_w <= display.x * 0.6f;
  if (beside) {
    const float kb_left = display.x - kb_w;
    const float h = keyboard_height(ctx, pad, true);
    keyboard(s, ctx, out, {kb_left, area.bottom - h}, {display.x, area.bottom});
    area.right = kb_left - theme::kGap;
  } else {
    const float h = keyboard_height(ctx, pad, display.x > display.y);
    keyboard(s, ctx, out, {0, area.bottom - h + theme::kGap},
             {display.x, area.bottom + theme::kGap});
    area.bottom -= h;
  }
  return area;
}

float problem_line(const ViewContext& ctx, kiosk::Problem p, Lang lang, ImVec2 pos, float width) {
  if (p == kiosk::Problem::None) return 0;
  return wrapped_text(ctx.fonts->small, pos, width, theme::kError, problem_text(p, lang)) + 6;
}

float text_box(const Page& s, const ViewContext& ctx, FrameOutput& out, TextField field,
               const std::string& value, const char* label, ImVec2 pos, float width, int lines) {
  const Fonts& f = *ctx.fonts;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float y = pos.y;
  y += wrapped_text(f.small, {pos.x, y}, width, theme::kMutedText, label) + 6;
  const float line_h = f.body->FontSize * 1.15f;
  const float box_h = std::max(kiosk::min_touch_px(*ctx.config), float(lines) * line_h + 28.0f);
  const bool focused = s.entry.focus == field;
  const kiosk::Problem problem = s.entry.problem_of(field);

  ImGui::SetCursorScreenPos({pos.x, y});
  if (ImGui::InvisibleButton(field_name(field), {width, box_h}))
    out.events.emplace_back(kiosk::RequestFocus{field, ctx.now_ms});
  out.hits.push_back(Hit{field_name(field), {pos.x, y}, {pos.x + width, y + box_h}});
  const ImU32 border = problem != kiosk::Problem::None ? theme::kError
                       : focused                       ? kFocus
                                                       : kBoxBorder;
  dl->AddRectFilled({pos.x, y}, {pos.x + width, y + box_h}, kBoxFill, 10.0f);
  dl->AddRect({pos.x, y}, {pos.x + width, y + box_h}, border, 10.0f, 0, focused ? 5.0f : 3.0f);

  std::string text = value;
  if (kiosk::is_pin_field(field)) {  // a PIN is never shown, only how many digits it has
    const std::size_t n = text.size();
    text.clear();
    for (std::size_t i = 0; i < n; ++i) text += "\u2022 ";
  }
  if (focused) text += "|";
  const float inner_w = width - 32;
  const float text_h = wrapped_height(f.body, inner_w, text.c_str());
  const float visible_h = box_h - 28;
  // Long text shows its end, where the resident is typing.
  const float offset = std::max(0.0f, text_h - visible_h);
  dl->PushClipRect({pos.x + 4, y + 4}, {pos.x + width - 4, y + box_h - 4}, true);
  dl->AddText(f.body, f.body->FontSize, {pos.x + 16, y + 14 - offset}, theme::kText, text.c_str(),
              nullptr, inner_w);
  dl->PopClipRect();
  y += box_h + 6;

  if (problem != kiosk::Problem::None) {
    y += problem_line(ctx, problem, s.lang, {pos.x, y}, width);
  } else {
    for (const auto& w : s.entry.warnings) {
      if (w.field != field) continue;
      y += wrapped_text(f.small, {pos.x, y}, width, kWarning, warning_text(w.warning, s.lang)) + 6;
    }
  }
  if (focused && s.entry.limit_reached)
    y += wrapped_text(f.small, {pos.x, y}, width, theme::kError, tr(Str::LimitReached, s.lang)) + 6;
  return y - pos.y + 14;
}

bool choice_button(const ViewContext& ctx, FrameOutput& out, const char* name, const char* label,
                   ImVec2 pos, ImVec2 size, bool selected, const char* hint) {
  const ButtonStyle style{selected ? kFocus : theme::kButton,
                          selected ? theme::kHeaderText : theme::kText,
                          selected ? kFocus : theme::kButtonBorder, ctx.fonts->body, true};
  return touch_button(out, name, label, pos, size, style, hint, ctx.fonts->small);
}

float secondary_button_height(const ViewContext& ctx) {
  return std::max(kiosk::min_touch_px(*ctx.config), 110.0f);
}

bool secondary_button(const ViewContext& ctx, FrameOutput& out, const char* name, const char* label,
                      float left, float y, float width, bool busy) {
  const ButtonStyle style{busy ? theme::kButtonBorder : theme::kButton, theme::kHeader,
                          theme::kButtonBorder, ctx.fonts->body};
  return touch_button(out, name, label, {left, y}, {width, secondary_button_height(ctx)}, style) &&
         !busy;
}

float primary_button_height(const ViewContext& ctx) {
  return std::max(kiosk::min_touch_px(*ctx.config), 120.0f);
}

float primary_button(const ViewContext& ctx, FrameOutput& out, const char* name, const char* label,
                     const FormArea& area, bool busy) {
  const float h = primary_button_height(ctx);
  const float y = area.bottom - h;
  const ButtonStyle style{busy ? kBoxBorder : theme::kTileStatus, theme::kHeaderText, 0,
                          ctx.fonts->tile};
  if (touch_button(out, name, label, {area.left, y}, {area.width(), h}, style) && !busy) {
    if (std::string_view(name) == "next") out.events.emplace_back(kiosk::RequestNext{ctx.now_ms});
    if (std::string_view(name) == "submit")
      out.events.emplace_back(kiosk::RequestSubmit{ctx.now_ms});
    if (std::string_view(name) == "rating.submit")
      out.events.emplace_back(kiosk::RequestSubmitRating{ctx.now_ms});
    if (std::string_view(name) == "status.lookup")
      out.events.emplace_back(kiosk::RequestLookup{ctx.now_ms});
  }
  return y;
}

int page_layout(const Page& s, const ViewContext& ctx, FrameOutput& out, float left, float width,
                float top, float bottom, float item_h, int count, int& first) {
  const float gap = 16;
  int per_page = std::max(1, int((bottom - top + gap) / (item_h + gap)));
  first = 0;
  if (count <= per_page) return per_page;
  const float nav_h = std::max(kiosk::min_touch_px(*ctx.config), 96.0f);
  per_page = std::max(1, int((bottom - top - nav_h - gap + gap) / (item_h + gap)));
  const int pages = (count + per_page - 1) / per_page;
  const int page = std::min(s.entry.list_page, pages - 1);
  first = page * per_page;
  const float y = bottom - nav_h;
  const float bw = 300;
  const ButtonStyle style{theme::kButton, theme::kHeader, theme::kButtonBorder, ctx.fonts->body};
  if (page > 0 &&
      touch_button(out, "page.prev", tr(Str::PagePrev, s.lang), {left, y}, {bw, nav_h}, style))
    out.events.emplace_back(kiosk::RequestPage{page - 1, ctx.now_ms});
  if (page + 1 < pages && touch_button(out, "page.next", tr(Str::PageNext, s.lang),
                                       {left + width - bw, y}, {bw, nav_h}, style))
    out.events.emplace_back(kiosk::RequestPage{page + 1, ctx.now_ms});
  char label[64];
  std::snprintf(label, sizeof label, tr(Str::PageOf, s.lang), page + 1, pages);
  const float lw = ctx.fonts->body->CalcTextSizeA(ctx.fonts->body->FontSize, FLT_MAX, 0, label).x;
  ImGui::GetWindowDrawList()->AddText(
      ctx.fonts->body, ctx.fonts->body->FontSize,
      {left + (width - lw) / 2, y + (nav_h - ctx.fonts->body->FontSize) / 2}, theme::kMutedText,
      label);
  return per_page;
}

float step_line(const Page& s, const ViewContext& ctx, ImVec2 pos) {
  const auto steps = kiosk::request_steps();
  const auto it = std::find(steps.begin(), steps.end(), s.screen);
  if (it == steps.end()) return 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, tr(Str::StepOf, s.lang), int(it - steps.begin()) + 1,
                int(steps.size()));
  ImGui::GetWindowDrawList()->AddText(ctx.fonts->small, ctx.fonts->small->FontSize, pos,
                                      theme::kMutedText, buf);
  return ctx.fonts->small->FontSize + 12;
}

}  // namespace ui
