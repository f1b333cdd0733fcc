// Staff mode: the PIN behind the hidden gesture (it also admits a technician), and the staff
// desk while signed in: today's cases, the print queue and reprints, rows needing attention,
// the printer. The desk exists only while staff are signed in; leaving drops it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "calendar.hpp"
#include "printout.hpp"
#include "step.hpp"
#include "text_entry.hpp"

namespace kiosk {

// The PIN screen.
struct PinEntry {
  std::string pin;                      // leaves the state as soon as it is handed over
  bool checking = false;                // handed over; the verdict has not come back
  PinVerdict verdict = PinVerdict::Ok;  // of the last check that failed
  int tries_left = 0;
  std::int64_t wait_s = 0;
};

// What staff see (no personal data): loaded by the app from the store.
struct StaffJob {
  std::int64_t id = 0;
  std::string kind;  // receipt | status_slip | summary | test
  std::string case_code;
  std::string state;  // queued | printing | printed | failed
  std::string error;  // "paper_out: …"
  std::string created_at;
};
struct StaffAttention {
  std::string case_code, kind, created_at, reason;
};
struct StaffOverview {
  std::vector<DayCase> today;
  std::vector<StaffJob> jobs;  // newest first
  std::vector<StaffAttention> attention;
};

enum class StaffTab { Today, PrintQueue, Attention, Printer };
inline constexpr int kStaffTabs = 4;

// What the last action on the desk did, for the strings table to say.
enum class StaffNote {
  None,
  NotACaseCode,     // the typed code is not a case code
  Queued,           // `subject` is queued for printing
  NoSuchReceipt,    // this terminal has no receipt for `subject`
  PrintingTest,     // a test page is printing
  PrintingSummary,  // the day's summary is printing
  CannotQueue,      // the store refused: `detail_vi` / `detail_en`
};
struct StaffNotice {
  StaffNote note = StaffNote::None;
  std::string subject;               // a case code or "#12"
  std::string detail_vi, detail_en;  // the store's reason
};

struct StaffDesk {
  StaffTab tab = StaffTab::Today;
  StaffOverview overview;
  std::string code;  // "In lại theo mã hồ sơ"
  StaffNotice notice;
};

struct EventPinChecked {
  PinVerdict verdict;
  PinRole role = PinRole::Staff;  // whose PIN it was, when Ok
  int tries_left = 0;             // before a lockout
  std::int64_t wait_s = 0;        // locked: seconds left
};
struct EventStaffData {
  StaffOverview overview;
  StaffNotice notice;  // StaffNote::None keeps the last one
};
struct RequestReprint {
  std::int64_t job_id;  // 0: the receipt of the typed code
  std::int64_t now_ms;
};
struct RequestStaffTab {
  StaffTab tab;
  std::int64_t now_ms;
};
using StaffEvent = std::variant<EventStaffData, RequestReprint, RequestStaffTab>;

// "Tiếp tục" on the PIN screen: hands the PIN over.
void submit_pin(PinEntry& p, Entry& entry, Step& step);
void reduce_staff(StaffDesk& desk, Entry& entry, const StaffEvent& event, Step& step);
[[nodiscard]] std::string* staff_text(StaffDesk& desk, TextField f);

}  // namespace kiosk
