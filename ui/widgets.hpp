// Touch widgets: every tappable thing is big, named, and recorded where it was drawn.
#pragma once

#include "view.hpp"

namespace ui {

struct ButtonStyle {
  ImU32 fill;
  ImU32 text;
  ImU32 border = 0;
  ImFont* font = nullptr;
  bool left_aligned = false;
  float padding = 36.0f;  // space between the edge and the label
};

// A button of at least the terminal's minimum touch size; true on the frame the finger lifts.
// `hint` (optional) is a smaller wrapped line under the label.
bool touch_button(FrameOutput& out, const char* name, const char* label, ImVec2 pos, ImVec2 size,
                  const ButtonStyle& style, const char* hint = nullptr,
                  ImFont* hint_font = nullptr);

// Wrapped text at `pos`, `width` wide; returns its height.
float wrapped_text(ImFont* font, ImVec2 pos, float width, ImU32 color, const char* text);

// Height that `text` takes when wrapped at `width`.
float wrapped_height(ImFont* font, float width, const char* text);

}  // namespace ui
