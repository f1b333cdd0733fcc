// A case as the status screen shows it: from the portal (online), from the terminal's cache of the
// portal's last answer, or from the outbox when it has not left the terminal yet. Built from the
// portal's JSON (docs/api.md "Status") or from an outbox body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "calendar.hpp"

namespace kiosk {

enum class CaseSource { Online, Cache, Outbox };

struct CaseEvent {
  std::string at;  // RFC 3339
  std::string status;
  std::string note;
};

struct CaseView {
  CaseSource source = CaseSource::Online;
  std::string fetched_at;  // the cache's time (RFC 3339); empty when online or from the outbox
  std::string code;
  std::string status;  // "queued" while in the outbox, else as in the API
  std::string agency_id, agency_name, field_id, field_name;
  std::string received_at;
  std::string acceptance_due, answer_due;  // YYYY-MM-DD
  std::vector<CaseEvent> history;
  std::string answer_summary, document_url;
};

// The portal's status JSON; false when it is not one.
[[nodiscard]] bool parse_case_view(std::string_view json_text, CaseView& out);
// An outbox body (a submission not yet acknowledged): the case as the terminal knows it.
[[nodiscard]] bool case_view_from_submission(std::string_view json_text, CaseView& out);

// An explanation the agency published (no personal data): for "Giải trình đã công khai".
struct PublicAnswer {
  std::string agency_id, agency_name, field_id, field_name;
  std::string answered_at;  // RFC 3339
  std::string question, summary, document_url;
};
// {"answers": [...]} from the portal; an empty list when it is not that.
[[nodiscard]] std::vector<PublicAnswer> parse_public_answers(std::string_view json_text);

// Where a deadline stands on `today`: working days left (≥ 0), or calendar days overdue.
struct DeadlineStanding {
  bool overdue = false;
  int days = 0;  // working days left, or days overdue
};
[[nodiscard]] DeadlineStanding deadline_standing(Date due, Date today,
                                                 const WorkingDayCalendar& calendar);
// Whether the deadline still matters in this state (e.g. acceptance is moot once accepted).
[[nodiscard]] bool acceptance_pending(std::string_view status);
[[nodiscard]] bool answer_pending(std::string_view status);

}  // namespace kiosk
