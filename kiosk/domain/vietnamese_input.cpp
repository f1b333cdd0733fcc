#include "vietnamese_input.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "utf8.hpp"

namespace kiosk {

namespace {

enum class Mod : std::uint8_t { None, Circumflex, Breve, Horn, Stroke };
enum class Tone : std::uint8_t { None, Acute, Grave, Hook, Tilde, Dot };

struct Letter {
  char base;  // 'a'..'z'
  Mod mod;
  bool upper;
};

struct Word {
  std::vector<Letter> letters;
  Tone tone = Tone::None;
};

// The twelve Vietnamese vowels, each with its six tones (none, sắc, huyền, hỏi, ngã, nặng).
struct VowelRow {
  char base;
  Mod mod;
  const char* lower;
  const char* upper;
};
constexpr std::array<VowelRow, 12> kVowelRows{{
    {'a', Mod::None, "aáàảãạ", "AÁÀẢÃẠ"},
    {'a', Mod::Breve, "ăắằẳẵặ", "ĂẮẰẲẴẶ"},
    {'a', Mod::Circumflex, "âấầẩẫậ", "ÂẤẦẨẪẬ"},
    {'e', Mod::None, "eéèẻẽẹ", "EÉÈẺẼẸ"},
    {'e', Mod::Circumflex, "êếềểễệ", "ÊẾỀỂỄỆ"},
    {'i', Mod::None, "iíìỉĩị", "IÍÌỈĨỊ"},
    {'o', Mod::None, "oóòỏõọ", "OÓÒỎÕỌ"},
    {'o', Mod::Circumflex, "ôốồổỗộ", "ÔỐỒỔỖỘ"},
    {'o', Mod::Horn, "ơớờởỡợ", "ƠỚỜỞỠỢ"},
    {'u', Mod::None, "uúùủũụ", "UÚÙỦŨỤ"},
    {'u', Mod::Horn, "ưứừửữự", "ƯỨỪỬỮỰ"},
    {'y', Mod::None, "yýỳỷỹỵ", "YÝỲỶỸỴ"},
}};

struct VowelTable {
  std::array<std::array<char32_t, 6>, 12> lower{};
  std::array<std::array<char32_t, 6>, 12> upper{};
  VowelTable() {
    std::vector<char32_t> cps;
    for (std::size_t r = 0; r < kVowelRows.size(); ++r) {
      (void)decode_utf8(kVowelRows[r].lower, cps);
      for (std::size_t t = 0; t < 6; ++t) lower[r][t] = cps[t];
      (void)decode_utf8(kVowelRows[r].upper, cps);
      for (std::size_t t = 0; t < 6; ++t) upper[r][t] = cps[t];
    }
  }
};
const VowelTable& vowels() {
  static const VowelTable table;
  return table;
}

constexpr char32_t kDStrokeLower = U'đ';
constexpr char32_t kDStrokeUpper = U'Đ';

bool is_ascii_letter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char32_t ascii_lower(char32_t c) {
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}
bool ascii_upper(char32_t c) {
  return c >= 'A' && c <= 'Z';
}

bool is_vowel(const Letter& l) {
  return l.base == 'a' || l.base == 'e' || l.base == 'i' || l.base == 'o' || l.base == 'u' ||
         l.base == 'y';
}

// Reads one code point as a letter of a word; false when it ends the word.
bool parse_letter(char32_t c, Letter& letter, Tone& tone) {
  tone = Tone::None;
  if (is_ascii_letter(c)) {
    letter = {static_cast<char>(ascii_lower(c)), Mod::None, ascii_upper(c)};
    return true;
  }
  if (c == kDStrokeLower || c == kDStrokeUpper) {
    letter = {'d', Mod::Stroke, c == kDStrokeUpper};
    return true;
  }
  if (c < 0xC0) return false;
  const auto& table = vowels();
  for (std::size_t r = 0; r < kVowelRows.size(); ++r) {
    for (std::size_t t = 0; t < 6; ++t) {
      if (table.lower[r][t] == c || table.upper[r][t] == c) {
        letter = {kVowelRows[r].base, kVowelRows[r].mod, table.upper[r][t] == c};
        tone = static_cast<Tone>(t);
        return true;
      }
    }
  }
  return false;
}

char32_t render_letter(const Letter& l, Tone tone) {
  if (l.base == 'd' && l.mod == Mod::Stroke) return l.upper ? kDStrokeUpper : kDStrokeLower;
  for (std::size_t r = 0; r < kVowelRows.size(); ++r) {
    if (kVowelRows[r].base == l.base && kVowelRows[r].mod == l.mod) {
      const auto& table = vowels();
      const auto t = static_cast<std::size_t>(tone);
      return l.upper ? table.upper[r][t] : table.lower[r][t];
    }
  }
  return l.upper ? static_cast<char32_t>(l.base - 32) : static_cast<char32_t>(l.base);
}

// The syllable's vowel nucleus [begin, end), after the initial consonants; the "u" of "qu" and the
// "i" of "gi" belong to the initial when another vowel follows. begin == end: no vowel.
struct Nucleus {
  std::size_t begin = 0;
  std::size_t end = 0;
};
Nucleus nucleus(const Word& w) {
  const auto& ls = w.letters;
  const std::size_t n = ls.size();
  std::size_t i = 0;
  while (i < n && !is_vowel(ls[i])) ++i;
  if (i == n) return {n, n};
  const bool next_is_vowel = i + 1 < n && is_vowel(ls[i + 1]);
  if (next_is_vowel && i == 1 && ls[0].base == 'q' && ls[i].base == 'u' && ls[i].mod == Mod::None)
    ++i;
  else if (next_is_vowel && i == 1 && ls[0].base == 'g' && ls[i].base == 'i')
    ++i;
  std::size_t end = i;
  while (end < n && is_vowel(ls[end])) ++end;
  return {i, end};
}

// Where the tone mark sits, by the modern rules (a vowel with a mark wins, the last one: "ươ" → ơ;
// with a final consonant, the last vowel; three vowels, the middle; two open vowels, the first,
// except "oa", "oe", "uy" in the modern style).
std::optional<std::size_t> tone_position(const Word& w, ToneStyle style) {
  const Nucleus nu = nucleus(w);
  if (nu.begin == nu.end) return std::nullopt;
  for (std::size_t k = nu.end; k-- > nu.begin;)
    if (w.letters[k].mod != Mod::None) return k;
  const std::size_t count = nu.end - nu.begin;
  if (count == 1) return nu.begin;
  if (nu.end < w.letters.size()) return nu.end - 1;
  if (count >= 3) return nu.begin + 1;
  const char a = w.letters[nu.begin].base;
  const char b = w.letters[nu.begin + 1].base;
  const bool modern_pair = (a == 'o' && (b == 'a' || b == 'e')) || (a == 'u' && b == 'y');
  return (style == ToneStyle::Modern && modern_pair) ? nu.begin + 1 : nu.begin;
}

// Splits the text's trailing word off: `text` keeps the prefix.
Word take_trailing_word(std::vector<char32_t>& cps) {
  std::size_t start = cps.size();
  while (start > 0) {
    Letter l{};
    Tone t{};
    if (!parse_letter(cps[start - 1], l, t)) break;
    --start;
  }
  Word w;
  for (std::size_t i = start; i < cps.size(); ++i) {
    Letter l{};
    Tone t{};
    (void)parse_letter(cps[i], l, t);
    w.letters.push_back(l);
    if (t != Tone::None) w.tone = t;
  }
  cps.resize(start);
  return w;
}

// "ươ" needs something after it ("được", "người"); open, it is "uơ" ("thuở", "huơ"). Telex "uow"
// marks both, so the word is put in its valid form each time it is drawn.
void canonicalise(Word& w) {
  const Nucleus nu = nucleus(w);
  auto& ls = w.letters;
  for (std::size_t k = nu.begin; k + 1 < nu.end; ++k) {
    if (ls[k].base != 'u' || ls[k + 1].base != 'o' || ls[k + 1].mod != Mod::Horn) continue;
    ls[k].mod = k + 2 < ls.size() ? Mod::Horn : Mod::None;
  }
}

void render_word(Word w, ToneStyle style, std::vector<char32_t>& out) {
  canonicalise(w);
  const auto at = w.tone == Tone::None ? std::nullopt : tone_position(w, style);
  for (std::size_t i = 0; i < w.letters.size(); ++i)
    out.push_back(render_letter(w.letters[i], at && *at == i ? w.tone : Tone::None));
}

enum class Applied { No, Yes, Undone };

Applied apply_tone(Word& w, Tone tone) {
  const Nucleus nu = nucleus(w);
  if (nu.begin == nu.end) return Applied::No;
  if (tone == Tone::None) {  // "z" / "0": remove the tone, if there is one
    if (w.tone == Tone::None) return Applied::No;
    w.tone = Tone::None;
    return Applied::Yes;
  }
  if (w.tone == tone) {
    w.tone = Tone::None;
    return Applied::Undone;
  }
  w.tone = tone;
  return Applied::Yes;
}

// â ê ô: on the last matching vowel of the nucleus (Telex "aa", VNI "6" with base 0 = any of
// a/e/o).
Applied apply_circumflex(Word& w, char base) {
  const Nucleus nu = nucleus(w);
  for (std::size_t k = nu.end; k-- > nu.begin;) {
    Letter& l = w.letters[k];
    const bool matches = base ? l.base == base : (l.base == 'a' || l.base == 'e' || l.base == 'o');
    if (!matches) continue;
    if (l.mod == Mod::Circumflex) {
      l.mod = Mod::None;
      return Applied::Undone;
    }
    l.mod = Mod::Circumflex;
    return Applied::Yes;
  }
  return Applied::No;
}

// ă (breve on a) and ơ ư (horn on o, u); "uo" takes the horn on both: "ươ".
Applied apply_hook(Word& w, bool breve, bool horn) {
  const Nucleus nu = nucleus(w);
  auto& ls = w.letters;
  if (horn) {
    for (std::size_t k = nu.begin; k + 1 < nu.end; ++k) {
      if (ls[k].base == 'u' && ls[k + 1].base == 'o') {
        if (ls[k + 1].mod == Mod::Horn) {
          ls[k].mod = ls[k + 1].mod = Mod::None;
          return Applied::Undone;
        }
        ls[k].mod = ls[k + 1].mod = Mod::Horn;
        return Applied::Yes;
      }
    }
  }
  for (std::size_t k = nu.end; k-- > nu.begin;) {
    Letter& l = ls[k];
    const Mod want = l.base == 'a' ? Mod::Breve : Mod::Horn;
    const bool eligible = (breve && l.base == 'a') || (horn && (l.base == 'o' || l.base == 'u'));
    if (!eligible) continue;
    if (l.mod == want) {
      l.mod = Mod::None;
      return Applied::Undone;
    }
    l.mod = want;
    return Applied::Yes;
  }
  return Applied::No;
}

// đ: the "d" just typed ("dd", also in abbreviations: "QĐ", "TTĐT"), or the first letter of a
// syllable ("did" → "đi").
Applied apply_stroke(Word& w) {
  if (w.letters.empty()) return Applied::No;
  Letter* target = nullptr;
  if (w.letters.back().base == 'd')
    target = &w.letters.back();
  else if (w.letters.front().base == 'd' && nucleus(w).begin != nucleus(w).end)
    target = &w.letters.front();
  if (!target) return Applied::No;
  Letter& d = *target;
  if (d.mod == Mod::Stroke) {
    d.mod = Mod::None;
    return Applied::Undone;
  }
  d.mod = Mod::Stroke;
  return Applied::Yes;
}

Applied apply_telex(Word& w, char32_t key) {
  switch (ascii_lower(key)) {
    case 's': return apply_tone(w, Tone::Acute);
    case 'f': return apply_tone(w, Tone::Grave);
    case 'r': return apply_tone(w, Tone::Hook);
    case 'x': return apply_tone(w, Tone::Tilde);
    case 'j': return apply_tone(w, Tone::Dot);
    case 'z': return apply_tone(w, Tone::None);
    case 'a': return apply_circumflex(w, 'a');
    case 'e': return apply_circumflex(w, 'e');
    case 'o': return apply_circumflex(w, 'o');
    case 'w': {
      const Applied a = apply_hook(w, true, true);
      if (a != Applied::No) return a;
      // A "w" with nothing to hook is "ư" itself ("tw" → "tư").
      w.letters.push_back({'u', Mod::Horn, ascii_upper(key)});
      return Applied::Yes;
    }
    case 'd': return apply_stroke(w);
    default: return Applied::No;
  }
}

Applied apply_vni(Word& w, char32_t key) {
  switch (key) {
    case '1': return apply_tone(w, Tone::Acute);
    case '2': return apply_tone(w, Tone::Grave);
    case '3': return apply_tone(w, Tone::Hook);
    case '4': return apply_tone(w, Tone::Tilde);
    case '5': return apply_tone(w, Tone::Dot);
    case '0': return apply_tone(w, Tone::None);
    case '6': return apply_circumflex(w, 0);
    case '7': return apply_hook(w, false, true);
    case '8': return apply_hook(w, true, false);
    case '9': return apply_stroke(w);
    default: return Applied::No;
  }
}

}  // namespace

bool is_vietnamese_letter(char32_t c) {
  Letter l{};
  Tone t{};
  return parse_letter(c, l, t);
}

std::string_view input_method_name(InputMethod m) {
  switch (m) {
    case InputMethod::Telex: return "telex";
    case InputMethod::Vni: return "vni";
    case InputMethod::Plain: return "plain";
  }
  return "telex";
}

void VietnameseInput::type(char32_t key, std::string& text) {
  if (method_ == InputMethod::Plain) {
    append_utf8(text, key);
    return;
  }
  std::vector<char32_t> cps;
  if (!decode_utf8(text, cps)) {  // never rewrite text we cannot read
    append_utf8(text, key);
    return;
  }
  Word w = take_trailing_word(cps);
  Letter as_letter{};
  Tone key_tone{};
  const bool key_is_letter = parse_letter(key, as_letter, key_tone);
  if (w.letters.empty()) escaped_ = false;

  Applied applied = Applied::No;
  if (!escaped_ && !w.letters.empty()) {
    applied = method_ == InputMethod::Telex ? apply_telex(w, key) : apply_vni(w, key);
  } else if (!escaped_ && method_ == InputMethod::Telex && (key == 'w' || key == 'W')) {
    applied = apply_telex(w, key);  // "w" starting a word is "ư"
  }

  if (applied == Applied::Yes) {
    render_word(w, style_, cps);
  } else if (key_is_letter) {
    if (applied == Applied::Undone) escaped_ = true;
    w.letters.push_back(as_letter);
    if (key_tone != Tone::None) w.tone = key_tone;
    render_word(w, style_, cps);
  } else {
    if (applied == Applied::Undone) escaped_ = true;  // VNI digits
    render_word(w, style_, cps);
    cps.push_back(key);
    if (applied != Applied::Undone) escaped_ = false;  // a space or a mark ends the word
  }
  text.clear();
  for (char32_t c : cps) append_utf8(text, c);
}

void VietnameseInput::backspace(std::string& text) {
  escaped_ = false;
  if (text.empty()) return;
  std::size_t end = text.size() - 1;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

std::string type_keys(std::string_view keys, InputMethod method, ToneStyle style) {
  std::vector<char32_t> cps;
  if (!decode_utf8(keys, cps)) return std::string(keys);
  VietnameseInput ime(method, style);
  std::string text;
  for (char32_t c : cps) ime.type(c, text);
  return text;
}

}  // namespace kiosk
