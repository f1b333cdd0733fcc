// Vietnamese input for the on-screen keyboard: Telex, VNI and plain typing, pure code.
// Each key rewrites the word at the end of the text, so backspace and later keys work on the
// composed text (the resident sees "Việ", deletes "ệ", types again) and the output is always NFC.
#pragma once

#include <string>
#include <string_view>

namespace kiosk {

enum class InputMethod { Telex, Vni, Plain };
// Where a tone goes in open "oa", "oe", "uy": modern "hoà, thuý" or classic "hòa, thúy".
enum class ToneStyle { Modern, Classic };

[[nodiscard]] std::string_view input_method_name(InputMethod m);  // "telex", "vni", "plain"

class VietnameseInput {
 public:
  explicit VietnameseInput(InputMethod method = InputMethod::Telex,
                           ToneStyle style = ToneStyle::Modern)
      : method_(method), style_(style) {}

  [[nodiscard]] InputMethod method() const { return method_; }
  void set_method(InputMethod m) {
    method_ = m;
    escaped_ = false;
  }
  [[nodiscard]] ToneStyle style() const { return style_; }

  // Types one key (a code point from the keyboard) at the end of `text` (UTF-8, NFC).
  void type(char32_t key, std::string& text);
  // Deletes the last character as the resident sees it ("ệ" is one character).
  void backspace(std::string& text);
  // Forget word state (focus moved to another field).
  void reset() { escaped_ = false; }

 private:
  InputMethod method_;
  ToneStyle style_;
  bool escaped_ = false;  // a mark was undone by repeating its key: the rest of the word is literal
};

// A letter of the Vietnamese alphabet (with any mark) or of the Latin one.
[[nodiscard]] bool is_vietnamese_letter(char32_t c);

// Types a whole string of keys (ASCII or any UTF-8) into an empty text: `kiosk ime` and the tests.
[[nodiscard]] std::string type_keys(std::string_view keys, InputMethod method,
                                    ToneStyle style = ToneStyle::Modern);

}  // namespace kiosk
