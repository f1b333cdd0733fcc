// Working days and the legal deadlines of an explanation request (DOMAIN.md, Điều 11.4 and 13 of
// Nghị định 59/2019). The calendar is data: holidays and working Saturdays come with the catalog.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace kiosk {

using Date = std::chrono::year_month_day;

[[nodiscard]] std::optional<Date> parse_iso_date(std::string_view text);  // "2026-02-10"
[[nodiscard]] std::string format_iso_date(Date d);                        // "2026-02-10"
[[nodiscard]] std::string format_vi_date(Date d);                         // "10/02/2026"

class WorkingDayCalendar {
 public:
  WorkingDayCalendar() = default;
  WorkingDayCalendar(std::set<std::chrono::sys_days> holidays,
                     std::set<std::chrono::sys_days> working_saturdays)
      : holidays_(std::move(holidays)), working_saturdays_(std::move(working_saturdays)) {}

  // Monday–Friday, minus holidays, plus the Saturdays (or any day) the Government swapped in.
  [[nodiscard]] bool is_working_day(Date d) const;
  // The n-th working day after `from` (the first day is not counted, Bộ luật Dân sự Điều 147).
  [[nodiscard]] Date add_working_days(Date from, int n) const;
  // `from` + n calendar days; a period ending on a day off ends on the next working day (Điều 148).
  [[nodiscard]] Date add_calendar_days(Date from, int n) const;
  // Working days after `from` up to and including `to`; negative when `to` is before `from`.
  [[nodiscard]] int working_days_between(Date from, Date to) const;

 private:
  std::set<std::chrono::sys_days> holidays_;
  std::set<std::chrono::sys_days> working_saturdays_;
};

enum class DayUnit { Calendar, Working };

// How a body's deadlines are counted; the catalog sets them, these are the law's defaults.
struct ProcessingRules {
  int acceptance_working_days = 5;  // thông báo tiếp nhận
  int answer_days = 15;             // giải trình, from the acceptance notice
  DayUnit answer_unit = DayUnit::Calendar;
  int extension_days = 15;  // gia hạn, once
};

struct Deadlines {
  Date acceptance_due;
  Date answer_due;  // expected: counted from the acceptance deadline, as the notice date is unknown
};

// Vietnam has one time zone, UTC+7, and no daylight saving.
inline constexpr std::chrono::hours kVietnamOffset{7};
// "2026-11-25T10:00:00+07:00"
[[nodiscard]] std::string rfc3339_vietnam(std::chrono::system_clock::time_point t);
[[nodiscard]] Date vietnam_date(std::chrono::system_clock::time_point t);

[[nodiscard]] Deadlines deadlines_for(Date received, const ProcessingRules& rules,
                                      const WorkingDayCalendar& calendar);

}  // namespace kiosk
