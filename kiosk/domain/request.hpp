// What a resident's request for explanation holds (DOMAIN.md, Điều 8.2 and 10 of Nghị định
// 59/2019), the case code it is filed under, and a satisfaction rating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calendar.hpp"

namespace kiosk {

// Which sides of the decision or act the resident wants explained (Điều 3): a bit set.
enum Aspect : unsigned {
  kAspectLegalBasis = 1u << 0,  // căn cứ pháp lý
  kAspectCompetence = 1u << 1,  // thẩm quyền
  kAspectProcedure = 1u << 2,   // trình tự, thủ tục
  kAspectContent = 1u << 3,     // nội dung
};
inline constexpr unsigned kAllAspects = 0xF;

enum class Standing {
  Self,          // cho bản thân
  Authorised,    // được uỷ quyền
  Representing,  // đại diện cho nhiều người (Điều 10.3.a)
};

struct SignaturePoint {
  float x;  // 0..1 across the signing pad
  float y;  // 0..1 down the signing pad
};
using SignatureStroke = std::vector<SignaturePoint>;

// Personal data: sealed to the portal's key before it is written anywhere.
struct PersonalDetails {
  std::string full_name;
  std::string address;
  std::string phone;
  std::string mailing_address;  // instead of a phone (Điều 8.2)
  std::string cccd;             // optional
  std::string email;            // optional
  std::string principal_name;   // the person who authorised the requester
  std::vector<SignatureStroke> signature;
};

struct RequestDraft {
  std::string agency_id;
  std::string field_id;
  std::string decision_number;  // "12/QĐ-UBND", optional
  std::string decision_date;    // dd/mm/yyyy, optional
  std::string impact;           // how the decision or act affects the requester
  unsigned aspects = 0;
  std::string question;
  Standing standing = Standing::Self;
  std::string people_count;  // when representing several people
  PersonalDetails personal;
  bool consent = false;  // personal-data consent (Nghị định 13/2023)
};

struct RatingDraft {
  int score = 0;  // 1 (không hài lòng) … 4 (rất hài lòng)
  std::string comment;
};

// What the resident is given once the request is committed: the promise the receipt makes.
struct Receipt {
  std::string code;          // case code
  std::string lookup_token;  // with the code, opens the case's status
  std::string created_at;    // RFC 3339, Vietnam time
  Date received;
  Deadlines deadlines;
  std::string agency_id;
  std::string field_id;
};

// "VL01-261125-0007": terminal, received date (yymmdd, Vietnam time), sequence of that day.
[[nodiscard]] std::string format_case_code(std::string_view terminal_id, Date received,
                                           std::int64_t sequence);
// True when the text has the shape of a case code.
[[nodiscard]] bool looks_like_case_code(std::string_view text);

// The resident-facing status page the receipt's QR holds: <portal>/c/<code>?t=<token>.
[[nodiscard]] std::string status_url(std::string_view portal_base_url, std::string_view code,
                                     std::string_view lookup_token);

[[nodiscard]] std::string_view standing_name(Standing s);  // "self", "authorised", "representing"

}  // namespace kiosk
