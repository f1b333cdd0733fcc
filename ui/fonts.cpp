#include "fonts.hpp"

#include <filesystem>

namespace ui {

const ImWchar* glyph_ranges() {
  static ImVector<ImWchar> ranges = [] {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesVietnamese());
    static const ImWchar extra[] = {
        0x2000, 0x206F,  // General Punctuation: – — ‘ ’ “ ” … ‹ ›
        0x20AB, 0x20AB,  // ₫
        0x2190, 0x2193,  // arrows
        0,
    };
    builder.AddRanges(extra);
    ImVector<ImWchar> out;
    builder.BuildRanges(&out);
    return out;
  }();
  return ranges.Data;
}

bool load_fonts(const std::string& assets_dir, Fonts& out, std::string& error) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(assets_dir) / "fonts";
  const fs::path regular = dir / "NotoSans-Regular.ttf";
  const fs::path bold = dir / "NotoSans-Bold.ttf";
  for (const fs::path& p : {regular, bold}) {
    if (!fs::is_regular_file(p)) {
      error = "font not found: " + p.string();
      return false;
    }
  }
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  ImFontConfig cfg;
  // Large text needs no horizontal oversampling; it triples the atlas and its build time.
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  const ImWchar* ranges = glyph_ranges();
  out.small = atlas->AddFontFromFileTTF(regular.c_str(), 30.0f, &cfg, ranges);
  out.body = atlas->AddFontFromFileTTF(regular.c_str(), 38.0f, &cfg, ranges);
  out.tile = atlas->AddFontFromFileTTF(bold.c_str(), 50.0f, &cfg, ranges);
  out.large = atlas->AddFontFromFileTTF(bold.c_str(), 64.0f, &cfg, ranges);
  if (!out.small || !out.body || !out.tile || !out.large) {
    error = "cannot read the fonts in " + dir.string();
    return false;
  }
  return true;
}

}  // namespace ui
