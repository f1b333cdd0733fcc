#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "calendar.hpp"
#include "catalog.hpp"

using namespace kiosk;

namespace {

Catalog load(const char* file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  auto c = parse_catalog(s.str());
  REQUIRE_MESSAGE(c.has_value(), (c ? "" : c.error()));
  return *c;
}

Date d(const char* iso) {
  return *parse_iso_date(iso);
}
std::string iso(Date x) {
  return format_iso_date(x);
}

}  // namespace

TEST_CASE("dates are read strictly") {
  CHECK(parse_iso_date("2026-02-10").has_value());
  CHECK_FALSE(parse_iso_date("2026-02-30").has_value());
  CHECK_FALSE(parse_iso_date("2026-2-10").has_value());
  CHECK_FALSE(parse_iso_date("10/02/2026").has_value());
  CHECK_FALSE(parse_iso_date("").has_value());
  CHECK(format_vi_date(d("2026-02-05")) == "05/02/2026");
}

TEST_CASE("around Tết Bính Ngọ 2026 (demo catalog: 16–20/02 off)") {
  const Catalog c = load(KIOSK_SHARE_DIR "/demo/catalog.json");
  const auto& cal = c.calendar;
  CHECK_FALSE(cal.is_working_day(d("2026-02-14")));  // Saturday
  CHECK_FALSE(cal.is_working_day(d("2026-02-17")));  // mùng 1 Tết
  CHECK(cal.is_working_day(d("2026-02-23")));
  // Submitted Tuesday 10/02: 11, 12, 13, then Tết, then 23, 24.
  CHECK(iso(cal.add_working_days(d("2026-02-10"), 5)) == "2026-02-24");
  // Submitted on the Saturday before Tết: the first day is not counted, days off are skipped.
  CHECK(iso(cal.add_working_days(d("2026-02-14"), 5)) == "2026-02-27");
  // 15 calendar days from 05/02 end on 20/02, inside Tết: the period runs to the next working day.
  CHECK(iso(cal.add_calendar_days(d("2026-02-05"), 15)) == "2026-02-23");
  CHECK(cal.working_days_between(d("2026-02-13"), d("2026-02-23")) == 1);
  CHECK(cal.working_days_between(d("2026-02-23"), d("2026-02-13")) == -1);
}

TEST_CASE("around 30/4 – 1/5 2026 and Giỗ Tổ (27/4 compensates a Sunday)") {
  const Catalog c = load(KIOSK_SHARE_DIR "/demo/catalog.json");
  const auto& cal = c.calendar;
  // From Thursday 23/04: 24 (Fri), [25, 26 weekend, 27 Giỗ Tổ compensated], 28, 29, [30/4, 1/5,
  // 2–3 weekend], 4, 5.
  CHECK(iso(cal.add_working_days(d("2026-04-23"), 5)) == "2026-05-05");
  // 15 calendar days from 16/04 land on 1/5: holiday, weekend, so Monday 4/5.
  CHECK(iso(cal.add_calendar_days(d("2026-04-16"), 15)) == "2026-05-04");
  const auto both = deadlines_for(d("2026-04-23"), c.rules, cal);
  CHECK(iso(both.acceptance_due) == "2026-05-05");
  CHECK(iso(both.answer_due) == "2026-05-20");
}

TEST_CASE("working Saturdays and answer periods in working days come from the catalog") {
  const Catalog c = load(KIOSK_TEST_DATA "/catalog_working_days.json");
  const auto& cal = c.calendar;
  CHECK(cal.is_working_day(d("2026-01-10")));  // a Saturday swapped in
  CHECK_FALSE(cal.is_working_day(d("2026-01-02")));
  // From Wednesday 31/12/2025: [1, 2 holidays, 3–4 weekend], 5, 6, 7, 8, 9 → 9/1.
  CHECK(iso(cal.add_working_days(d("2025-12-31"), 5)) == "2026-01-09");
  CHECK(iso(cal.add_working_days(d("2025-12-31"), 6)) == "2026-01-10");
  CHECK(c.rules.answer_unit == DayUnit::Working);
  const auto both = deadlines_for(d("2025-12-31"), c.rules, cal);
  CHECK(iso(both.acceptance_due) == "2026-01-09");
  CHECK(iso(both.answer_due) == "2026-01-29");  // 10 (Sat), 12–16, 19–23, 26–29
}

TEST_CASE("a broken catalog is refused with the reason") {
  CHECK(parse_catalog("not json").error() == "catalog: not a JSON object");
  CHECK(parse_catalog(R"({"agencies": []})").error() == "catalog: no agencies");
  CHECK(parse_catalog(R"({"agencies": [{"id": "a", "name": "A", "fields": ["x"]}]})")
            .error()
            .find("unknown field") != std::string::npos);
  CHECK(parse_catalog(R"({"agencies": [{"id": "a", "name": "A"}], "holidays": ["30/04/2026"]})")
            .error()
            .find("not a YYYY-MM-DD") != std::string::npos);
  CHECK(
      parse_catalog(
          R"({"agencies": [{"id": "a", "name": "A"}], "processing_rules": {"answer_day_unit": "weeks"}})")
          .error()
          .find("answer_day_unit") != std::string::npos);
  CHECK(parse_catalog("{\"agencies\": [{\"id\": \"a\", \"name\": \"Vie\xCC\xA3\xCC\x82t\"}]}")
            .error()
            .find("NFC") != std::string::npos);
}

TEST_CASE("the demo catalog holds the bodies and fields the issue names") {
  const Catalog c = load(KIOSK_SHARE_DIR "/demo/catalog.json");
  CHECK(c.agencies.size() >= 5);
  for (const char* f : {"dat-dai", "xay-dung", "thu-tuc-hanh-chinh", "tai-chinh-cong",
                        "chinh-sach-xa-hoi", "cong-tac-can-bo"})
    CHECK_MESSAGE(c.field(f) != nullptr, f);
  for (const auto& a : c.agencies) {
    CAPTURE(a.id);
    CHECK_FALSE(c.fields_of(a).empty());
    CHECK_FALSE(a.functions.en.empty());
    CHECK_FALSE(a.phone.empty());
  }
  CHECK(c.procedure.size() >= 4);
}
