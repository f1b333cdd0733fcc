// "Thông tin cơ quan, thủ tục": the bodies, and one body's page.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "step.hpp"

namespace kiosk {

struct AgencyPages {
  std::string agency_id;  // the body being read
};

struct RequestShowAgency {
  std::string agency_id;
  std::int64_t now_ms;
};
using AgencyEvent = std::variant<RequestShowAgency>;

inline void reduce_agencies(AgencyPages& a, const AgencyEvent& event, Step& step) {
  a.agency_id = std::get<RequestShowAgency>(event).agency_id;
  step.open(Screen::AgencyDetail);
}

}  // namespace kiosk
