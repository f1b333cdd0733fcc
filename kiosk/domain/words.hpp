// The flow's shared vocabulary: the words several rooms use (the screens, the language, paper
// and lookup outcomes, PIN verdicts) without needing the flow itself. Small on purpose: include
// this, not flow.hpp, when a file only needs a word.
#pragma once

#include <string_view>

namespace kiosk {

enum class Lang { Vi, En };

enum class Screen {
  Home,
  RequestIntro,      // "Yêu cầu giải trình": who may ask, what is out of scope
  RequestAgency,     // which body
  RequestField,      // which field
  RequestDecision,   // which decision or act, how it affects the requester, which aspects
  RequestQuestion,   // the question in the resident's own words
  RequestStanding,   // for myself / authorised / representing N people
  RequestPersonal,   // name, address, phone or mailing address, CCCD, email
  RequestConsent,    // personal-data consent
  RequestSignature,  // signature on the touchscreen
  RequestReview,     // everything on one screen, "Sửa" back to any step, submit
  RequestReceipt,    // case code, QR, deadlines, what next
  StatusLookup,   // "Tra cứu hồ sơ": scan the receipt's QR, or type the code and lookup code
  StatusResult,   // where the case stands: state, timeline, deadlines, answer, what next
  PublicAnswers,  // "Giải trình đã công khai": answers the agencies published
  Rating,         // "Đánh giá mức độ hài lòng"
  RatingThanks,
  AgencyInfo,    // "Thông tin cơ quan, thủ tục": the bodies
  AgencyDetail,  // one body's functions, competence, contact, procedure and time limits
  StaffPin,      // reached by the hidden gesture: the staff (or technician) PIN
  Staff,         // today's cases, the print queue and reprints, rows needing attention, printer
  Provisioning,  // first boot or a technician's "Cấu hình lại": enroll the terminal
  Technician,    // information, network check, printer, scanner test, touch test
};

[[nodiscard]] std::string_view screen_name(Screen s);
[[nodiscard]] bool parse_screen(std::string_view name, Screen& out);

// How a piece of paper the resident is waiting for is doing.
enum class PaperState { None, Printing, Printed, Failed };

// How a status lookup that found nothing ended.
enum class LookupOutcome { Found, NotFound, Unreachable, TooManyTries };

// A PIN check's answer, and whose PIN it was.
enum class PinVerdict { Ok, Wrong, Locked, NotSet, Unavailable };
enum class PinRole { Staff, Technician };

// What staff or a technician may print from their desk.
enum class StaffPrint { TestPage, DailySummary };

}  // namespace kiosk
