// The states of a case (DOMAIN.md "States") and how they are said to a resident, in vi and en.
// "Overdue" is not a state: it is derived from the deadlines when shown.
#pragma once

#include <string_view>

namespace kiosk {

struct CaseStateText {
  std::string_view id;  // as in the API: "received", "accepted", …
  std::string_view vi;
  std::string_view en;
  bool closed;  // Open311: refused, redirected, terminated, answered
};

// The text for a state id; an unknown id is returned as it came, marked open.
[[nodiscard]] CaseStateText case_state_text(std::string_view id);

}  // namespace kiosk
