#include "widgets.hpp"

#include "theme.hpp"

namespace ui {

namespace {

ImU32 pressed_shade(ImU32 c) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  v.x *= 0.8f;
  v.y *= 0.8f;
  v.z *= 0.8f;
  return ImGui::ColorConvertFloat4ToU32(v);
}

}  // namespace

float wrapped_height(ImFont* font, float width, const char* text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, text).y;
}

float wrapped_text(ImFont* font, ImVec2 pos, float width, ImU32 color, const char* text) {
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, color, text, nullptr, width);
  return wrapped_height(font, width, text);
}

bool touch_button(FrameOutput& out, const char* name, const char* label, ImVec2 pos, ImVec2 size,
                  const ButtonStyle& style, const char* hint, ImFont* hint_font) {
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton(name, size);
  const bool held = ImGui::IsItemActive();
  const ImVec2 max{pos.x + size.x, pos.y + size.y};
  out.hits.push_back(Hit{name, pos, max});

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, max, held ? pressed_shade(style.fill) : style.fill, theme::kRounding);
  if (style.border != 0) dl->AddRect(pos, max, style.border, theme::kRounding, 0, 4.0f);

  ImFont* font = style.font ? style.font : ImGui::GetFont();
  const float pad = style.padding;
  const float text_w = size.x - 2 * pad;
  const float label_h = wrapped_height(font, text_w, label);
  const float hint_h = (hint && hint_font) ? wrapped_height(hint_font, text_w, hint) + 12.0f : 0.0f;
  float y = pos.y + (size.y - label_h - hint_h) / 2;
  if (style.left_aligned) {
    wrapped_text(font, {pos.x + pad, y}, text_w, style.text, label);
  } else {
    const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, text_w, label).x;
    wrapped_text(font, {pos.x + (size.x - w) / 2, y}, text_w, style.text, label);
  }
  if (hint_h > 0) {
    y += label_h + 12.0f;
    wrapped_text(hint_font, {pos.x + pad, y}, text_w, style.text, hint);
  }
  return clicked;
}

}  // namespace ui
