#include "case_state.hpp"

#include <array>

namespace kiosk {

namespace {
constexpr std::array<CaseStateText, 10> kStates{{
    {"queued", "Đã tiếp nhận tại máy, chờ gửi", "Received at the terminal, waiting to be sent",
     false},
    {"received", "Đã gửi đến cơ quan, chờ thông báo tiếp nhận",
     "Sent to the body, waiting for its acceptance notice", false},
    {"accepted", "Cơ quan đã tiếp nhận, đang giải trình",
     "Accepted; the body is preparing the explanation", false},
    {"refused", "Cơ quan từ chối tiếp nhận", "The body refused the request", true},
    {"redirected", "Chuyển đến cơ quan có thẩm quyền", "Sent on to the competent body", true},
    {"supplement_requested", "Cần bổ sung thông tin", "More information is needed", false},
    {"extended", "Gia hạn thời hạn giải trình", "The time to explain was extended", false},
    {"answered", "Đã có văn bản giải trình", "The written explanation is ready", true},
    {"suspended", "Tạm đình chỉ việc giải trình", "The explanation is suspended", false},
    {"terminated", "Đình chỉ việc giải trình", "The explanation was terminated", true},
}};
}  // namespace

CaseStateText case_state_text(std::string_view id) {
  for (const auto& s : kStates)
    if (s.id == id) return s;
  return {id, id, id, false};
}

}  // namespace kiosk
