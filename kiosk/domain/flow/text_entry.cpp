#include "text_entry.hpp"

#include <algorithm>

#include "overloaded.hpp"
#include "utf8.hpp"

namespace kiosk {

namespace {

InputMethod method_for(const Entry& e, TextField f) {
  return keypad_for(f) == Keypad::Letters ? e.input_method : InputMethod::Plain;
}

// Codes are typed in capitals whatever the shift key says.
bool capitals_only(TextField f) {
  return f == TextField::StatusCode || f == TextField::StatusToken || f == TextField::StaffCode ||
         f == TextField::ProvCode;
}

void type_key(Entry& e, std::string& text, char32_t key) {
  const Keypad pad = keypad_for(e.focus);
  const bool digit = key >= U'0' && key <= U'9';
  const bool allowed = pad == Keypad::Letters || pad == Keypad::Email ||
                       (pad == Keypad::Digits && (digit || key == U'+' || key == U' ')) ||
                       (pad == Keypad::DateDigits && (digit || key == U'/'));
  if (!allowed) return;
  if (is_pin_field(e.focus) && !digit) return;
  if ((e.shift || capitals_only(e.focus)) && key >= U'a' && key <= U'z') key -= 32;
  e.shift = false;
  std::string typed = text;
  e.ime.type(key, typed);
  if (count_code_points(typed) > max_chars(e.focus)) {
    e.limit_reached = true;  // refuse the key and say so; never cut what is there
    return;
  }
  e.limit_reached = false;
  text = std::move(typed);
  const TextField f = e.focus;
  std::erase_if(e.problems, [&](const FieldProblem& p) {
    return p.field == f || (p.subject == Subject::Contact &&
                            (f == TextField::Phone || f == TextField::MailingAddress));
  });
}

}  // namespace

Keypad keypad_for(TextField f) {
  switch (f) {
    case TextField::Phone:
    case TextField::Cccd:
    case TextField::PeopleCount: return Keypad::Digits;
    case TextField::DecisionDate: return Keypad::DateDigits;
    case TextField::StaffPin:
    case TextField::TechPinNew:
    case TextField::TechPinAgain: return Keypad::Digits;
    case TextField::ProvPortal:
    case TextField::ProvCode:
    case TextField::ProvCa:
    case TextField::ProvCenter:
    case TextField::Email:
    case TextField::StatusCode:
    case TextField::StaffCode:
    case TextField::StatusToken: return Keypad::Email;  // digits, letters and "-", no accents
    default: return Keypad::Letters;
  }
}

std::size_t max_chars(TextField f) {
  switch (f) {
    case TextField::Question: return kQuestionMaxChars;
    case TextField::Impact:
    case TextField::RatingComment: return 1000;
    case TextField::DecisionNumber: return 60;
    case TextField::DecisionDate: return 10;
    case TextField::PeopleCount: return 4;
    case TextField::PrincipalName:
    case TextField::FullName:
    case TextField::Email: return kNameMaxChars;
    case TextField::Address:
    case TextField::MailingAddress: return kAddressMaxChars;
    case TextField::Phone: return 16;
    case TextField::Cccd: return 15;
    case TextField::StatusCode:
    case TextField::StaffCode: return 30;
    case TextField::StatusToken: return 8;
    case TextField::StaffPin:
    case TextField::TechPinNew:
    case TextField::TechPinAgain: return 12;
    case TextField::ProvPortal: return 200;
    case TextField::ProvCode: return 9;
    case TextField::ProvCa: return 95;
    case TextField::ProvCenter: return 64;
    case TextField::None: break;
  }
  return 0;
}

bool is_pin_field(TextField f) {
  return f == TextField::StaffPin || f == TextField::TechPinNew || f == TextField::TechPinAgain;
}

Problem Entry::problem_of(TextField f) const {
  for (const auto& p : problems)
    if (p.subject == Subject::Text && p.field == f) return p.problem;
  return Problem::None;
}

Problem Entry::problem_of(Subject s) const {
  for (const auto& p : problems)
    if (p.subject == s) return p.problem;
  return Problem::None;
}

void Entry::leave() {
  problems.clear();
  warnings.clear();
  warnings_seen = false;
  focus = TextField::None;
  limit_reached = false;
  shift = false;
  list_page = 0;
  ime.reset();
}

void Entry::focus_on(TextField f) {
  focus = f;
  limit_reached = false;
  shift = false;
  ime.set_method(method_for(*this, f));
}

bool Entry::complain(std::vector<FieldProblem> found, std::vector<FieldWarning> doubts) {
  problems = std::move(found);
  const bool new_warnings = !doubts.empty() && !warnings_seen;
  warnings = std::move(doubts);
  if (!problems.empty()) return false;
  if (new_warnings) {  // say it once; the next "Tiếp tục" goes on
    warnings_seen = true;
    return false;
  }
  return true;
}

void Entry::forget_problems(Subject s) {
  std::erase_if(problems, [s](const FieldProblem& p) { return p.subject == s; });
}

void reduce_entry(Entry& entry, std::string* text, const EntryEvent& event) {
  std::visit(Overloaded{
                 [&](const RequestFocus& e) { entry.focus_on(text ? e.field : TextField::None); },
                 [&](const EventKey& e) {
                   if (entry.focus != TextField::None && text) type_key(entry, *text, e.key);
                 },
                 [&](const EventBackspace&) {
                   if (entry.focus == TextField::None || !text) return;
                   entry.ime.backspace(*text);
                   entry.limit_reached = false;
                 },
                 [&](const RequestShift&) { entry.shift = !entry.shift; },
                 [&](const RequestInputMethod& e) {
                   entry.input_method = e.method;
                   entry.ime.set_method(method_for(entry, entry.focus));
                 },
                 [&](const RequestPage& e) { entry.list_page = std::max(0, e.page); },
             },
             event);
}

}  // namespace kiosk
