#include "staff.hpp"

#include <algorithm>

#include "overloaded.hpp"
#include "request.hpp"
#include "utf8.hpp"

namespace kiosk {

namespace {
constexpr std::size_t kMinPinDigits = 4;
}

void submit_pin(PinEntry& p, Entry& entry, Step& step) {
  if (p.checking) return;
  if (p.pin.size() < kMinPinDigits) {
    entry.problems = {{TextField::StaffPin, Subject::Text, Problem::TooShort}};
    return;
  }
  entry.problems.clear();
  p.checking = true;
  step.emit(EffectCheckPin{p.pin});
  p.pin.clear();  // the PIN leaves the state as soon as it is handed over
}

std::string* staff_text(StaffDesk& desk, TextField f) {
  return f == TextField::StaffCode ? &desk.code : nullptr;
}

void reduce_staff(StaffDesk& desk, Entry& entry, const StaffEvent& event, Step& step) {
  std::visit(Overloaded{
                 [&](const EventStaffData& e) {
                   desk.overview = e.overview;
                   if (e.notice.note != StaffNote::None) desk.notice = e.notice;
                 },
                 [&](const RequestReprint& e) {
                   if (step.screen != Screen::Staff) return;
                   if (e.job_id != 0) {
                     step.emit(EffectReprint{e.job_id, ""});
                     return;
                   }
                   const std::string code = tidy_spaces(desk.code);
                   if (!looks_like_case_code(code)) {
                     desk.notice = {StaffNote::NotACaseCode, code, {}, {}};
                     return;
                   }
                   step.emit(EffectReprint{0, code});
                 },
                 [&](const RequestStaffTab& e) {
                   if (step.screen != Screen::Staff) return;
                   entry.leave();  // the keyboard and the page belong to the tab that is left
                   desk.tab = StaffTab(std::clamp(int(e.tab), 0, kStaffTabs - 1));
                 },
             },
             event);
}

}  // namespace kiosk
