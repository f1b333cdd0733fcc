// Small UTF-8 facts the domain needs; full normalisation arrives with the input engine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Decodes UTF-8 into code points; returns false on malformed input (overlong, surrogate,
// truncated).
[[nodiscard]] bool decode_utf8(std::string_view text, std::vector<char32_t>& out);

// Appends the UTF-8 encoding of one code point.
void append_utf8(std::string& out, char32_t c);

// Number of code points (what a length limit on resident text counts); malformed bytes count one
// each.
[[nodiscard]] std::size_t count_code_points(std::string_view text);

// True when the text holds no combining diacritics (U+0300–U+036F), which is what NFC means for
// Vietnamese: ImGui does no shaping, so a decomposed accent would draw as "?".
[[nodiscard]] bool is_precomposed_vietnamese(std::string_view text);

}  // namespace kiosk
