#include "calendar.hpp"

#include <charconv>
#include <cstdio>

namespace kiosk {

using std::chrono::days;
using std::chrono::sys_days;

std::optional<Date> parse_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::string_view s, auto& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && p == s.data() + s.size();
  };
  if (!num(t.substr(0, 4), y) || !num(t.substr(5, 2), m) || !num(t.substr(8, 2), d))
    return std::nullopt;
  const Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_iso_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

std::string format_vi_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", unsigned(d.day()), unsigned(d.month()),
                int(d.year()));
  return buf;
}

bool WorkingDayCalendar::is_working_day(Date d) const {
  const sys_days day{d};
  if (working_saturdays_.contains(day)) return true;
  if (holidays_.contains(day)) return false;
  const std::chrono::weekday wd{day};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

Date WorkingDayCalendar::add_working_days(Date from, int n) const {
  sys_days day{from};
  while (n > 0) {
    day += days{1};
    if (is_working_day(Date{day})) --n;
  }
  return Date{day};
}

Date WorkingDayCalendar::add_calendar_days(Date from, int n) const {
  sys_days day = sys_days{from} + days{n};
  while (!is_working_day(Date{day})) day += days{1};
  return Date{day};
}

int WorkingDayCalendar::working_days_between(Date from, Date to) const {
  const sys_days a{from}, b{to};
  int sign = 1;
  sys_days lo = a, hi = b;
  if (b < a) {
    sign = -1;
    lo = b;
    hi = a;
  }
  int n = 0;
  for (sys_days day = lo + days{1}; day <= hi; day += days{1})
    if (is_working_day(Date{day})) ++n;
  return sign * n;
}

Deadlines deadlines_for(Date received, const ProcessingRules& rules,
                        const WorkingDayCalendar& calendar) {
  Deadlines d;
  d.acceptance_due = calendar.add_working_days(received, rules.acceptance_working_days);
  d.answer_due = rules.answer_unit == DayUnit::Working
                     ? calendar.add_working_days(d.acceptance_due, rules.answer_days)
                     : calendar.add_calendar_days(d.acceptance_due, rules.answer_days);
  return d;
}

std::string rfc3339_vietnam(std::chrono::system_clock::time_point t) {
  const auto local = std::chrono::floor<std::chrono::seconds>(t) + kVietnamOffset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+07:00", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

Date vietnam_date(std::chrono::system_clock::time_point t) {
  return Date{std::chrono::floor<std::chrono::days>(t + kVietnamOffset)};
}

}  // namespace kiosk
