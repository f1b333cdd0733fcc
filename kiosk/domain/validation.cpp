#include "validation.hpp"

#include "calendar.hpp"
#include "utf8.hpp"
#include "vietnamese_input.hpp"

namespace kiosk {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

Check fail(Problem p) {
  return {p, {}};
}

}  // namespace

std::string tidy_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string normalise_phone(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '.' && c != '-') {
      return std::string(text);
    }
  }
  if (plus) {
    if (digits.rfind("84", 0) != 0) return std::string(text);
    return "0" + digits.substr(2);
  }
  return digits;
}

Check check_cccd(std::string_view text, int current_year) {
  const std::string s = tidy_spaces(text);
  if (s.empty()) return {};
  std::string digits;
  for (char c : s)
    if (c != ' ') digits.push_back(c);
  if (digits.size() != 12 || !all_digits(digits)) return fail(Problem::CccdDigits);
  Check c;
  const int province = number(digits.substr(0, 3));
  if (province < 1 || province > 96) c.warnings.push_back(Warning::CccdProvince);
  const int century_sex = digits[3] - '0';
  if (century_sex > 3) {
    c.warnings.push_back(Warning::CccdCentury);
  } else {
    const int year = (century_sex < 2 ? 1900 : 2000) + number(digits.substr(4, 2));
    if (year > current_year) c.warnings.push_back(Warning::CccdBirthYear);
  }
  return c;
}

Check check_phone(std::string_view text) {
  if (tidy_spaces(text).empty()) return {};
  const std::string p = normalise_phone(text);
  if (p.size() != 10 || !all_digits(p) || p[0] != '0') return fail(Problem::PhoneFormat);
  const char network = p[1];
  if (network != '3' && network != '5' && network != '7' && network != '8' && network != '9')
    return fail(Problem::PhoneFormat);
  return {};
}

Check check_name(std::string_view text) {
  const std::string s = tidy_spaces(text);
  if (s.empty()) return fail(Problem::Required);
  std::vector<char32_t> cps;
  if (!decode_utf8(s, cps)) return fail(Problem::NameLetters);
  int letters = 0;
  for (char32_t c : cps) {
    if (is_vietnamese_letter(c)) {
      ++letters;
    } else if (c != U' ' && c != U'-' && c != U'\'') {
      return fail(Problem::NameLetters);
    }
  }
  if (letters < 2) return fail(Problem::TooShort);
  if (cps.size() > kNameMaxChars) return fail(Problem::TooLong);
  return {};
}

Check check_address(std::string_view text) {
  const std::string s = tidy_spaces(text);
  if (s.empty()) return fail(Problem::Required);
  if (count_code_points(s) < 5) return fail(Problem::TooShort);
  if (count_code_points(s) > kAddressMaxChars) return fail(Problem::TooLong);
  return {};
}

Check check_question(std::string_view text) {
  const std::string s = tidy_spaces(text);
  if (s.empty()) return fail(Problem::Required);
  if (count_code_points(s) < kQuestionMinChars) return fail(Problem::TooShort);
  if (count_code_points(text) > kQuestionMaxChars) return fail(Problem::TooLong);
  return {};
}

Check check_email(std::string_view text) {
  const std::string s = tidy_spaces(text);
  if (s.empty()) return {};
  const auto at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos ||
      s.find(' ') != std::string::npos)
    return fail(Problem::EmailFormat);
  const std::string domain = s.substr(at + 1);
  const auto dot = domain.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 2 > domain.size())
    return fail(Problem::EmailFormat);
  return {};
}

Check check_date(std::string_view text) {
  const std::string s = tidy_spaces(text);
  if (s.empty()) return {};
  if (s.size() != 10 || s[2] != '/' || s[5] != '/') return fail(Problem::DateFormat);
  const std::string iso = s.substr(6, 4) + "-" + s.substr(3, 2) + "-" + s.substr(0, 2);
  if (!parse_iso_date(iso)) return fail(Problem::DateFormat);
  return {};
}

Check check_people(std::string_view text) {
  const std::string s = tidy_spaces(text);
  if (s.empty()) return fail(Problem::Required);
  if (!all_digits(s) || s.size() > 4) return fail(Problem::PeopleCount);
  const int n = number(s);
  if (n < 2 || n > 1000) return fail(Problem::PeopleCount);
  return {};
}

Check check_contact(std::string_view phone, std::string_view mailing_address) {
  if (tidy_spaces(phone).empty() && tidy_spaces(mailing_address).empty())
    return fail(Problem::ContactMissing);
  return {};
}

}  // namespace kiosk
