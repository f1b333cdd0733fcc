#include <doctest/doctest.h>

#include <string>

#include "validation.hpp"

using namespace kiosk;

TEST_CASE("CCCD: 12 digits is the rule, the rest only warns") {
  CHECK(check_cccd("", 2026).ok());  // optional
  CHECK(check_cccd("045090001234", 2026).ok());
  CHECK(check_cccd("045090001234", 2026).warnings.empty());
  CHECK(check_cccd("045 090 001 234", 2026).ok());
  CHECK(check_cccd("04509000123", 2026).problem == Problem::CccdDigits);
  CHECK(check_cccd("0450900012345", 2026).problem == Problem::CccdDigits);
  CHECK(check_cccd("04509000123A", 2026).problem == Problem::CccdDigits);
  const auto bad_province = check_cccd("099090001234", 2026);
  CHECK(bad_province.ok());
  CHECK(bad_province.warnings == std::vector<Warning>{Warning::CccdProvince});
  CHECK(check_cccd("045790001234", 2026).warnings == std::vector<Warning>{Warning::CccdCentury});
  CHECK(check_cccd("045299001234", 2026).warnings == std::vector<Warning>{Warning::CccdBirthYear});
  CHECK(check_cccd("045226001234", 2026).warnings.empty());  // born 2026
}

TEST_CASE("Vietnamese mobile numbers") {
  for (const char* ok : {"0912345678", "0353456789", "0771234567", "0861234567", "0981234567",
                         "+84912345678", "+84 912 345 678", "091.234.5678", "091-234-5678"})
    CHECK_MESSAGE(check_phone(ok).ok(), ok);
  for (const char* bad : {"091234567", "09123456789", "0212345678", "0612345678", "84912345678",
                          "+85912345678", "09123abcde", "0912 345 67x"})
    CHECK_MESSAGE(check_phone(bad).problem == Problem::PhoneFormat, bad);
  CHECK(normalise_phone("+84 912.345.678") == "0912345678");
  CHECK(check_contact("", "").problem == Problem::ContactMissing);
  CHECK(check_contact("0912345678", "").ok());
  CHECK(check_contact("", "Hộp thư 12, bưu cục Hồ Xá").ok());
}

TEST_CASE("names are Vietnamese letters") {
  CHECK(check_name("Nguyễn Thị Ánh Tuyết").ok());
  CHECK(check_name("  Trần   Văn Đức ").ok());
  CHECK(check_name("H'Hen Niê").ok());
  CHECK(check_name("").problem == Problem::Required);
  CHECK(check_name("   ").problem == Problem::Required);
  CHECK(check_name("Nguyễn Văn 3").problem == Problem::NameLetters);
  CHECK(check_name("<script>").problem == Problem::NameLetters);
  CHECK(check_name("A").problem == Problem::TooShort);
  CHECK(check_name(std::string(101, 'a')).problem == Problem::TooLong);
}

TEST_CASE("the question: not empty, at most 4,000 characters, counted as characters") {
  CHECK(check_question("").problem == Problem::Required);
  CHECK(check_question("Tại sao?").problem == Problem::TooShort);
  CHECK(check_question("Vì sao hồ sơ của tôi bị trả lại?").ok());
  std::string at_limit;
  for (int i = 0; i < 4000; ++i) at_limit += "ệ";  // 4,000 characters, 12,000 bytes
  CHECK(check_question(at_limit).ok());
  CHECK(check_question(at_limit + "a").problem == Problem::TooLong);
}

TEST_CASE("other fields") {
  CHECK(check_email("").ok());
  CHECK(check_email("an.nguyen@gmail.com").ok());
  CHECK(check_email("an@vn").problem == Problem::EmailFormat);
  CHECK(check_email("an nguyen@gmail.com").problem == Problem::EmailFormat);
  CHECK(check_email("@gmail.com").problem == Problem::EmailFormat);
  CHECK(check_date("").ok());
  CHECK(check_date("05/02/2026").ok());
  CHECK(check_date("30/02/2026").problem == Problem::DateFormat);
  CHECK(check_date("5/2/2026").problem == Problem::DateFormat);
  CHECK(check_people("12").ok());
  CHECK(check_people("1").problem == Problem::PeopleCount);
  CHECK(check_people("").problem == Problem::Required);
  CHECK(check_people("99999").problem == Problem::PeopleCount);
  CHECK(check_address("Khóm 3, xã Vĩnh Linh").ok());
  CHECK(check_address("abc").problem == Problem::TooShort);
}
