// Noto Sans at the few sizes the screens use, with every Vietnamese glyph and General Punctuation.
#pragma once

#include <string>

#include <imgui.h>

namespace ui {

struct Fonts {
  ImFont* small = nullptr;  // footers, hints
  ImFont* body = nullptr;   // running text, buttons
  ImFont* tile = nullptr;   // tile labels, screen titles
  ImFont* large = nullptr;  // the centre's name, case codes
};

// The code point ranges baked into the atlas (zero-terminated pairs, static storage).
[[nodiscard]] const ImWchar* glyph_ranges();

// Loads NotoSans-Regular.ttf and NotoSans-Bold.ttf from <assets_dir>/fonts into the current
// context's atlas. On failure returns false and says which file is missing in `error`.
[[nodiscard]] bool load_fonts(const std::string& assets_dir, Fonts& out, std::string& error);

}  // namespace ui
