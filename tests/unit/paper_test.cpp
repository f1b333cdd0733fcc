// Paper and staff mode without a window: masking what a receipt shows of the requester, the
// PIN rules, and the reducer's staff gesture, PIN, idle exit, reprints and paper states.
#include <doctest/doctest.h>

#include "flow.hpp"
#include "pin_policy.hpp"
#include "printout.hpp"

using namespace kiosk;

namespace {

template <class T>
const T* effect_of(const Reduction& r) {
  for (const Effect& e : r.effects)
    if (const T* t = std::get_if<T>(&e)) return t;
  return nullptr;
}

State tap_corner(State s, int times, std::int64_t start, std::int64_t gap) {
  for (int i = 0; i < times; ++i) s = reduce(std::move(s), RequestHiddenTap{start + i * gap}).state;
  return s;
}

State signed_in() {
  State s = tap_corner(State(), 5, 1000, 300);
  REQUIRE(s.screen == Screen::StaffPin);
  for (char c : std::string("482915")) s = reduce(std::move(s), EventKey{char32_t(c), 3000}).state;
  s = reduce(std::move(s), RequestNext{3100}).state;
  auto r = reduce(std::move(s), EventPinChecked{PinVerdict::Ok, PinRole::Staff, 5, 0});
  REQUIRE(r.state.screen == Screen::Staff);
  CHECK(effect_of<EffectLoadStaff>(r) != nullptr);
  return r.state;
}

}  // namespace

TEST_CASE("a receipt shows the requester's name with the middle masked and the phone masked") {
  CHECK(mask_name("Nguyễn Thị Minh Khai") == "Nguyễn *** Khai");
  CHECK(mask_name("  Lê   Văn  An ") == "Lê *** An");
  CHECK(mask_name("Lê Na") == "Lê N***");
  CHECK(mask_name("Ánh") == "Á***");
  CHECK(mask_name("") == "");
  CHECK(mask_phone("0912345678") == "0912 *** 678");
  CHECK(mask_phone("+84 912 345 678") == "0912 *** 678");
  CHECK(mask_phone("12345") == "***");
  CHECK(format_vi_datetime("2026-11-25T14:05:09+07:00") == "14:05 25/11/2026");
  CHECK(format_vi_datetime("yesterday") == "yesterday");
}

TEST_CASE("PIN rules: 6 to 12 digits, not trivial, and lockouts double from 30 s to an hour") {
  CHECK(check_new_pin("482915") == PinShape::Ok);
  CHECK(check_new_pin("12345") == PinShape::Length);
  CHECK(check_new_pin("1234567890123") == PinShape::Length);
  CHECK(check_new_pin("48a915") == PinShape::NotDigits);
  CHECK(check_new_pin("111111") == PinShape::Trivial);
  CHECK(check_new_pin("123456") == PinShape::Trivial);
  CHECK(check_new_pin("987654") == PinShape::Trivial);
  CHECK(pin_lockout_seconds(4) == 0);
  CHECK(pin_lockout_seconds(5) == 30);
  CHECK(pin_lockout_seconds(6) == 60);
  CHECK(pin_lockout_seconds(8) == 240);
  CHECK(pin_lockout_seconds(40) == 3600);
}

TEST_CASE("staff mode opens with 5 quick taps on the home screen's corner, and only there") {
  CHECK(tap_corner(State(), 4, 1000, 300).screen == Screen::Home);
  CHECK(tap_corner(State(), 5, 1000, 300).screen == Screen::StaffPin);
  CHECK(tap_corner(State(), 5, 1000, 1200).screen == Screen::Home);  // too slow: 4.8 s
  State busy;
  busy = reduce(std::move(busy), RequestOpen{Screen::RequestIntro, 900}).state;
  CHECK(tap_corner(busy, 5, 1000, 100).screen == Screen::RequestIntro);  // not mid-request
  const State pin = tap_corner(State(), 5, 1000, 300);
  CHECK(pin.entry.focus == TextField::StaffPin);
  CHECK(keypad_for(TextField::StaffPin) == Keypad::Digits);
}

TEST_CASE("the PIN is digits only, leaves the state when handed over, and the verdicts are shown") {
  State s = tap_corner(State(), 5, 1000, 300);
  for (char32_t c : {U'4', U'a', U'+', U'8', U' '})
    s = reduce(std::move(s), EventKey{c, 2000}).state;
  CHECK(s.pin.pin == "48");
  auto short_pin = reduce(s, RequestNext{2100});
  CHECK(effect_of<EffectCheckPin>(short_pin) == nullptr);
  CHECK(short_pin.state.entry.problem_of(TextField::StaffPin) == Problem::TooShort);
  for (char32_t c : {U'2', U'9'}) s = reduce(std::move(s), EventKey{c, 2000}).state;
  auto r = reduce(s, RequestNext{2200});
  const auto* check = effect_of<EffectCheckPin>(r);
  REQUIRE(check != nullptr);
  CHECK(check->pin == "4829");
  CHECK(r.state.pin.pin.empty());
  CHECK(r.state.pin.checking);
  CHECK(effect_of<EffectCheckPin>(reduce(r.state, RequestNext{2300})) == nullptr);  // one at a time
  auto wrong = reduce(r.state, EventPinChecked{PinVerdict::Wrong, PinRole::Staff, 3, 0});
  CHECK(wrong.state.screen == Screen::StaffPin);
  CHECK(wrong.state.pin.verdict == PinVerdict::Wrong);
  CHECK(wrong.state.pin.tries_left == 3);
  CHECK_FALSE(wrong.state.staff.has_value());
}

TEST_CASE("staff mode leaves by itself after 2 minutes, with no warning, and Back leaves too") {
  State s = signed_in();
  s = reduce(std::move(s),
             EventStaffData{{{{"VL01-261125-0001", "2026-11-25T08:00:00+07:00", "queued"}}, {}, {}},
                            {}})
          .state;
  CHECK(s.staff->overview.today.size() == 1);
  CHECK(next_idle_deadline(s) == s.shell.last_activity_ms + 120'000);
  s = reduce(std::move(s), EventTick{s.shell.last_activity_ms + 61'000}).state;
  CHECK_FALSE(s.shell.idle_warning);
  CHECK(s.screen == Screen::Staff);
  auto gone = reduce(s, EventTick{s.shell.last_activity_ms + 120'000});
  CHECK(gone.state.screen == Screen::Home);
  CHECK_FALSE(gone.state.staff.has_value());  // wiping is dropping the desk
  CHECK(effect_of<EffectWipeSession>(gone) != nullptr);
  auto back = reduce(s, RequestBack{s.shell.last_activity_ms + 10});
  CHECK(back.state.screen == Screen::Home);
  CHECK_FALSE(back.state.staff.has_value());
}

TEST_CASE("staff reprints: by job, by a typed code, a bad code is named, and tabs change") {
  State s = signed_in();
  auto by_job = reduce(s, RequestReprint{7, 5000});
  REQUIRE(effect_of<EffectReprint>(by_job));
  CHECK(effect_of<EffectReprint>(by_job)->job_id == 7);
  s.staff->code = "vl01-261125-0003";
  auto bad = reduce(s, RequestReprint{0, 5000});
  CHECK(effect_of<EffectReprint>(bad) == nullptr);
  CHECK(bad.state.staff->notice.note == StaffNote::NotACaseCode);
  s.staff->code = "VL01-261125-0003";
  auto by_code = reduce(s, RequestReprint{0, 5000});
  REQUIRE(effect_of<EffectReprint>(by_code));
  CHECK(effect_of<EffectReprint>(by_code)->case_code == "VL01-261125-0003");
  CHECK(effect_of<EffectStaffPrint>(reduce(s, RequestStaffPrint{StaffPrint::TestPage, 5000})));
  CHECK(reduce(s, RequestStaffTab{StaffTab::Attention, 5000}).state.staff->tab ==
        StaffTab::Attention);
  CHECK(reduce(s, RequestStaffTab{StaffTab(9), 5000}).state.staff->tab == StaffTab::Printer);
  // Outside staff mode none of it does anything.
  State home;
  CHECK(effect_of<EffectReprint>(reduce(home, RequestReprint{7, 5000})) == nullptr);
  CHECK(effect_of<EffectStaffPrint>(
            reduce(home, RequestStaffPrint{StaffPrint::DailySummary, 5000})) == nullptr);
}

TEST_CASE(
    "the receipt's paper: printing, then printed or failed with the reason, and none without a "
    "printer") {
  State s;
  s.request.sending = Sending::Waiting;
  Receipt rc;
  rc.code = "VL01-261125-0009";
  auto r = reduce(s, EventSubmitted{rc});
  CHECK(r.state.request.receipt_paper == PaperState::Printing);
  auto other =
      reduce(r.state, EventPrinted{"receipt", "VL01-261125-0001", true, PrinterState::Ready});
  CHECK(other.state.request.receipt_paper == PaperState::Printing);  // someone else's paper
  auto failed = reduce(r.state, EventPrinted{"receipt", rc.code, false, PrinterState::PaperOut});
  CHECK(failed.state.request.receipt_paper == PaperState::Failed);
  CHECK(failed.state.request.paper_problem == PrinterState::PaperOut);
  CHECK(failed.state.request.receipt.has_value());  // the receipt stays on screen
  CHECK(reduce(r.state, EventPrinted{"receipt", rc.code, true, PrinterState::Ready})
            .state.request.receipt_paper == PaperState::Printed);
  s.shell.printer.state = PrinterState::Disabled;
  CHECK(reduce(s, EventSubmitted{rc}).state.request.receipt_paper == PaperState::None);
  CHECK(parse_printer_state("paper_out: no paper") == PrinterState::PaperOut);
  CHECK(parse_printer_state("cover_open") == PrinterState::CoverOpen);
  CHECK(parse_printer_state("interrupted") == PrinterState::Unknown);
}

TEST_CASE(
    "a status slip is asked for on the result screen, once at a time, with the lookup's token") {
  State s;
  s.screen = Screen::StatusResult;
  s.lookup.view.code = "VL01-261125-0009";
  s.lookup.code = "VL01-261125-0009";
  s.lookup.token = "620MPBXF";
  auto r = reduce(s, RequestPrintStatusSlip{1000});
  const auto* fx = effect_of<EffectPrintStatusSlip>(r);
  REQUIRE(fx);
  CHECK(fx->token == "620MPBXF");
  CHECK(r.state.lookup.slip_paper == PaperState::Printing);
  CHECK(effect_of<EffectPrintStatusSlip>(reduce(r.state, RequestPrintStatusSlip{1100})) == nullptr);
  CHECK(reduce(r.state, EventPrinted{"status_slip", "VL01-261125-0009", true, PrinterState::Ready})
            .state.lookup.slip_paper == PaperState::Printed);
  s.lookup.token.clear();  // found by the phone's digits: no token, no QR
  CHECK(effect_of<EffectPrintStatusSlip>(reduce(s, RequestPrintStatusSlip{1000}))->token.empty());
}

TEST_CASE("the staff and technician desks exist only while signed in, and a wipe drops them") {
  const State home;
  for (Screen desk : {Screen::Staff, Screen::Technician}) {
    const auto opened = reduce(home, RequestOpen{desk, 1000});
    CHECK(opened.state.screen == Screen::Home);  // no way round the PIN
    CHECK_FALSE(opened.state.staff.has_value());
    CHECK_FALSE(opened.state.technician.has_value());
  }
  // A desk's events do nothing without the desk.
  CHECK(effect_of<EffectCheckNetwork>(reduce(home, RequestNetworkCheck{1000})) == nullptr);
  CHECK(effect_of<EffectReprint>(reduce(home, RequestReprint{3, 1000})) == nullptr);
  CHECK_FALSE(reduce(home, EventStaffData{{{{"VL01-261125-0001", "", "queued"}}, {}, {}}, {}})
                  .state.staff.has_value());

  const State staff = signed_in();
  REQUIRE(staff.staff.has_value());
  CHECK_FALSE(staff.technician.has_value());
  const auto cancelled = reduce(staff, RequestCancel{4000});
  CHECK(cancelled.state.screen == Screen::Home);
  CHECK_FALSE(cancelled.state.staff.has_value());

  // The technician's PIN opens the technician desk, and only that one.
  State pin = tap_corner(State(), 5, 1000, 300);
  for (char c : std::string("731904"))
    pin = reduce(std::move(pin), EventKey{char32_t(c), 3000}).state;
  pin = reduce(std::move(pin), RequestNext{3100}).state;
  const auto tech = reduce(pin, EventPinChecked{PinVerdict::Ok, PinRole::Technician, 5, 0});
  CHECK(tech.state.screen == Screen::Technician);
  CHECK(tech.state.technician.has_value());
  CHECK_FALSE(tech.state.staff.has_value());
  CHECK(effect_of<EffectLoadTechInfo>(tech) != nullptr);
  CHECK(reduce(tech.state, RequestBack{5000}).state.technician.has_value() == false);
}
