#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "utf8.hpp"
#include "vietnamese_input.hpp"

using namespace kiosk;

namespace {

std::string telex(std::string_view keys, ToneStyle style = ToneStyle::Modern) {
  return type_keys(keys, InputMethod::Telex, style);
}
std::string vni(std::string_view keys, ToneStyle style = ToneStyle::Modern) {
  return type_keys(keys, InputMethod::Vni, style);
}

struct WordCase {
  std::string word, style, telex_last, telex_inline, vni_last;
};

std::vector<WordCase> seed_words() {
  std::ifstream in(KIOSK_TEST_DATA "/vietnamese_words.tsv");
  std::vector<WordCase> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    WordCase c;
    std::getline(fields, c.word, '\t');
    std::getline(fields, c.style, '\t');
    std::getline(fields, c.telex_last, '\t');
    std::getline(fields, c.telex_inline, '\t');
    std::getline(fields, c.vni_last, '\t');
    out.push_back(c);
  }
  return out;
}

}  // namespace

TEST_CASE("the issue's example: Telex \"Vieetj Nam\" is \"Việt Nam\"") {
  CHECK(telex("Vieetj Nam") == "Việt Nam");
  CHECK(vni("Vie65t Nam") == "Việt Nam");
  CHECK(type_keys("Vieetj Nam", InputMethod::Plain) == "Vieetj Nam");
}

TEST_CASE("every Vietnamese word of the seed documents types right in Telex and in VNI") {
  const auto words = seed_words();
  REQUIRE(words.size() >= 200);
  int checked = 0;
  for (const auto& w : words) {
    const ToneStyle style = w.style == "classic" ? ToneStyle::Classic : ToneStyle::Modern;
    CAPTURE(w.word);
    CHECK(telex(w.telex_last, style) == w.word);
    CHECK(telex(w.telex_inline, style) == w.word);
    CHECK(vni(w.vni_last, style) == w.word);
    CHECK(is_precomposed_vietnamese(telex(w.telex_last, style)));
    if (w.style == "both") {  // no open oa/oe/uy: both styles agree
      CHECK(telex(w.telex_last, ToneStyle::Classic) == w.word);
    }
    ++checked;
  }
  MESSAGE(checked << " words checked");
}

TEST_CASE("tricky words and phrases") {
  CHECK(telex("dduowcj") == "được");
  CHECK(telex("nguwowif") == "người");
  CHECK(telex("nguowif") == "người");
  CHECK(telex("quys") == "quý");
  CHECK(telex("quoocs") == "quốc");
  CHECK(telex("gif") == "gì");
  CHECK(telex("giuwxa") == "giữa");
  CHECK(telex("giuwax") == "giữa");
  CHECK(telex("gieengs") == "giếng");
  CHECK(telex("khuyeenr") == "khuyển");
  CHECK(telex("khuyru") == "khuỷu");
  CHECK(telex("ngoaif") == "ngoài");
  CHECK(telex("tuooir") == "tuổi");
  CHECK(telex("thuowr") == "thuở");
  CHECK(telex("muwa") == "mưa");
  CHECK(telex("huow") == "huơ");     // open "ươ" is not Vietnamese: "uơ"
  CHECK(telex("muowns") == "mướn");  // … and becomes "ươ" when the final arrives
  CHECK(telex("thuowng") == "thương");
  CHECK(telex("thuoww") == "thuow");
  CHECK(telex("tw") == "tư");
  CHECK(telex("w") == "ư");
  CHECK(telex("DDUWOWCJ") == "ĐƯỢC");
  CHECK(telex("Ddaawngs Lawk") == "Đắng Lăk");
  CHECK(telex("hoaf") == "hoà");
  CHECK(telex("hoaf", ToneStyle::Classic) == "hòa");
  CHECK(telex("hoafn") == "hoàn");  // the tone moves when the final consonant arrives
  CHECK(telex("hoafn", ToneStyle::Classic) == "hoàn");
  CHECK(telex("thuyr") == "thuỷ");
  CHECK(telex("thuyr", ToneStyle::Classic) == "thủy");
  CHECK(telex("yeeu caauf giari trinhf") == "yêu cầu giải trình");
  CHECK(telex("Uyr ban nhaan daan xax Vinhx Linh") == "Uỷ ban nhân dân xã Vĩnh Linh");
  CHECK(telex("sawnx sangf") == "sẵn sàng");
  CHECK(telex("Hieenj nay, tooi muoons hoir: quyeets ddinhj soos 12/QDD-UBND?") ==
        "Hiện nay, tôi muốn hỏi: quyết định số 12/QĐ-UBND?");
  CHECK(vni("d9u7o7c5") == "được");
  CHECK(vni("ngu7o7i2") == "người");
  CHECK(vni("hoa2") == "hoà");
  CHECK(vni("hoa2", ToneStyle::Classic) == "hòa");
  CHECK(vni("Tra6n2 Thi5 Ma6u4") == "Trần Thị Mẫu");
  CHECK(vni("ca8n") == "căn");
}

TEST_CASE("repeating a mark's key undoes it and types the key") {
  CHECK(telex("ass") == "as");
  CHECK(telex("aaa") == "aa");
  CHECK(telex("ddd") == "dd");
  CHECK(telex("aww") == "aw");
  CHECK(telex("uww") == "uw");
  CHECK(telex("zz") == "zz");  // nothing to remove: a plain letter
  CHECK(telex("asz") == "a");
  CHECK(telex("classs") == "class");  // after an undo the rest of the word stays literal
  CHECK(telex("ass as") == "as á");   // a new word starts fresh
  CHECK(vni("a11") == "a1");
  CHECK(vni("a66") == "a6");
  CHECK(vni("d99") == "d9");
  CHECK(vni("a10") == "a");
}

TEST_CASE("letters with nothing to mark are typed as they are") {
  CHECK(telex("s") == "s");
  CHECK(telex("xa") == "xa");
  CHECK(telex("rox") == "rõ");
  CHECK(telex("trf") == "trf");
  CHECK(vni("0912345678") == "0912345678");
  CHECK(vni("12 ") == "12 ");
}

TEST_CASE("backspace works on the composed text") {
  VietnameseInput ime(InputMethod::Telex);
  std::string text;
  for (char c : std::string("Vieetj")) ime.type(static_cast<char32_t>(c), text);
  CHECK(text == "Việt");
  ime.backspace(text);
  CHECK(text == "Việ");
  ime.type(U'n', text);
  CHECK(text == "Viện");
  ime.backspace(text);
  ime.backspace(text);  // "ệ" is one character
  CHECK(text == "Vi");
  ime.type(U'e', text);
  ime.type(U'e', text);
  ime.type(U't', text);
  ime.type(U's', text);
  CHECK(text == "Viết");
  for (int i = 0; i < 10; ++i) ime.backspace(text);
  CHECK(text.empty());

  // An undo leaves the word literal until backspace or a new word.
  text.clear();
  for (char c : std::string("ass")) ime.type(static_cast<char32_t>(c), text);
  CHECK(text == "as");
  ime.backspace(text);
  ime.type(U's', text);
  CHECK(text == "á");
}

TEST_CASE("mixed scripts and unreadable text are left alone") {
  VietnameseInput ime(InputMethod::Telex);
  std::string text = "\xFF";
  ime.type(U's', text);
  CHECK(text == "\xFFs");
  text = "Nguyễn";
  ime.type(U' ', text);
  ime.type(U'A', text);
  ime.type(U'n', text);
  ime.type(U'h', text);
  CHECK(text == "Nguyễn Anh");
  CHECK(type_keys("an.nguyen@gmail.com", InputMethod::Plain) == "an.nguyen@gmail.com");
}
