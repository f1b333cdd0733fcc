// Every string a resident can see must draw: NFC, and every code point in the font atlas'
// ranges and in Noto Sans itself (a missing glyph draws as "?").
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>
#include <stb_truetype.h>

#include "fonts.hpp"
#include "strings.hpp"
#include "utf8.hpp"

namespace {

bool in_ranges(const ImWchar* ranges, char32_t c) {
  for (; ranges[0]; ranges += 2)
    if (c >= ranges[0] && c <= ranges[1]) return true;
  return false;
}

std::vector<unsigned char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct ImGuiScope {
  ImGuiScope() { ImGui::CreateContext(); }
  ~ImGuiScope() { ImGui::DestroyContext(); }
};

std::vector<std::string> every_visible_string() {
  std::vector<std::string> out;
  for (const ui::StringRow& row : ui::all_strings()) {
    out.emplace_back(row.vi);
    out.emplace_back(row.en);
  }
  {  // the demo catalog is shown on screen too
    std::ifstream in(std::string(KIOSK_SHARE_DIR) + "/demo/catalog.json");
    std::string json((std::istreambuf_iterator<char>(in)), {});
    REQUIRE(!json.empty());
    out.push_back(json);
  }
  for (int d = 0; d < 7; ++d) {
    out.emplace_back(ui::weekday_name(d, kiosk::Lang::Vi));
    out.emplace_back(ui::weekday_name(d, kiosk::Lang::En));
  }
  return out;
}

}  // namespace

TEST_CASE("every UI string exists in both languages and is NFC") {
  for (const ui::StringRow& row : ui::all_strings()) {
    CAPTURE(row.vi);
    CHECK(std::string(row.vi).size() > 0);
    CHECK(std::string(row.en).size() > 0);
    CHECK(kiosk::is_precomposed_vietnamese(row.vi));
    CHECK(kiosk::is_precomposed_vietnamese(row.en));
  }
}

TEST_CASE("every character of every UI string is in the atlas ranges and in Noto Sans") {
  ImGuiScope imgui;
  const ImWchar* ranges = ui::glyph_ranges();
  for (const char* file : {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"}) {
    const std::vector<unsigned char> font = read_file(std::string(KIOSK_FONTS_DIR) + "/" + file);
    REQUIRE(!font.empty());
    stbtt_fontinfo info;
    REQUIRE(stbtt_InitFont(&info, font.data(), stbtt_GetFontOffsetForIndex(font.data(), 0)));
    for (const std::string& text : every_visible_string()) {
      std::vector<char32_t> cps;
      REQUIRE(kiosk::decode_utf8(text, cps));
      for (char32_t c : cps) {
        if (c == U'\n') continue;  // a line break, laid out by ImGui, never drawn
        CAPTURE(text);
        CAPTURE(static_cast<unsigned>(c));
        CHECK(in_ranges(ranges, c));
        CHECK(stbtt_FindGlyphIndex(&info, int(c)) != 0);
      }
    }
  }
}

TEST_CASE("the atlas covers all of Vietnamese and the punctuation of official text") {
  ImGuiScope imgui;
  const ImWchar* ranges = ui::glyph_ranges();
  const std::u32string letters =
      U"ĂÂĐÊÔƠƯăâđêôơư"
      U"ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
      U"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
      U"–—‘’“”…₫";
  for (char32_t c : letters) {
    CAPTURE(static_cast<unsigned>(c));
    CHECK(in_ranges(ranges, c));
  }
}
