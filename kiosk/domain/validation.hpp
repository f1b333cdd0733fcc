// What a request must hold (DOMAIN.md "Formats"), checked with the reason as a value the screens
// put in words. Hard problems stop the resident; warnings only ask them to look again.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

enum class Problem {
  None,
  Required,     // empty where the law needs it
  CccdDigits,   // CCCD is 12 digits
  PhoneFormat,  // 10 digits: 0 (or +84) then 3, 5, 7, 8 or 9, then 8 digits
  NameLetters,  // letters, spaces, hyphen, apostrophe only
  TooShort,     // fewer characters than the field needs
  TooLong,      // more than the field allows (never cut silently)
  EmailFormat,
  DateFormat,      // dd/mm/yyyy, a real date
  PeopleCount,     // representing 2–1000 people
  ContactMissing,  // neither a phone nor a mailing address
};

enum class Warning {
  CccdProvince,   // digits 1–3 are not a province code (001–096)
  CccdCentury,    // digit 4 is not 0–3 (born 1900–2099)
  CccdBirthYear,  // the birth year lies in the future
};

struct Check {
  Problem problem = Problem::None;
  std::vector<Warning> warnings;
  [[nodiscard]] bool ok() const { return problem == Problem::None; }
};

inline constexpr std::size_t kQuestionMaxChars = 4000;  // DOMAIN.md; Open311 uses the same
inline constexpr std::size_t kQuestionMinChars = 10;
inline constexpr std::size_t kNameMaxChars = 100;
inline constexpr std::size_t kAddressMaxChars = 300;

[[nodiscard]] Check check_cccd(std::string_view text, int current_year);  // optional: "" is fine
[[nodiscard]] Check check_phone(std::string_view text);  // "" is fine (see contact)
[[nodiscard]] Check check_name(std::string_view text);
[[nodiscard]] Check check_address(std::string_view text);
[[nodiscard]] Check check_question(std::string_view text);
[[nodiscard]] Check check_email(std::string_view text);  // optional
[[nodiscard]] Check check_date(std::string_view text);   // optional, dd/mm/yyyy
[[nodiscard]] Check check_people(
    std::string_view text);  // how many people a representative speaks for
[[nodiscard]] Check check_contact(std::string_view phone, std::string_view mailing_address);

// "+84 912.345.678" → "0912345678"; the text unchanged when it is no phone number.
[[nodiscard]] std::string normalise_phone(std::string_view text);
// Leading and trailing spaces removed, inner runs of spaces made one.
[[nodiscard]] std::string tidy_spaces(std::string_view text);

}  // namespace kiosk
