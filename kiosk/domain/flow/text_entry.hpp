// Text entry: the boxes a resident (or staff, or a technician) types into, the on-screen
// keyboard's state, and the complaints a screen shows about its boxes and choices. Every form
// screen shares it; the text itself lives in the area that owns the box.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "validation.hpp"
#include "vietnamese_input.hpp"

namespace kiosk {

// The text boxes; each has a keypad kind and a hard limit.
enum class TextField {
  None,
  DecisionNumber,
  DecisionDate,
  Impact,
  Question,
  PeopleCount,
  PrincipalName,
  FullName,
  Address,
  Phone,
  MailingAddress,
  Cccd,
  Email,
  RatingComment,
  StatusCode,    // the case code, typed
  StatusToken,   // the lookup code printed beside it
  StaffPin,      // shown as dots
  StaffCode,     // a case code to reprint
  ProvPortal,    // provisioning, typed: the portal's URL
  ProvCode,      //   the one-time enrollment code
  ProvCa,        //   the CA certificate's SHA-256
  ProvCenter,    //   the centre's id (optional)
  TechPinNew,    // first boot: the technician PIN, chosen
  TechPinAgain,  //   and typed again
};

enum class Keypad { Letters, Digits, DateDigits, Email };
[[nodiscard]] Keypad keypad_for(TextField f);
[[nodiscard]] bool is_pin_field(TextField f);      // digits only, shown as dots
[[nodiscard]] std::size_t max_chars(TextField f);  // the keyboard stops there and says so

// What a check is about: a text box, or a choice on the screen.
enum class Subject {
  Agency,
  Field,
  Aspects,
  Consent,
  Signature,
  Contact,
  Score,
  Text,  // see the TextField
};

struct FieldProblem {
  TextField field = TextField::None;  // for Subject::Text
  Subject subject = Subject::Text;
  Problem problem = Problem::None;
};
struct FieldWarning {
  TextField field;
  Warning warning;
};

// What the screen in front of the user is doing with input. All of it stays behind when the
// screen changes (leave()); only the terminal's input method is kept across sessions.
struct Entry {
  TextField focus = TextField::None;
  bool shift = false;                  // next letter upper case (one shot)
  bool limit_reached = false;          // the last key was refused: the box is full
  std::vector<FieldProblem> problems;  // why "Tiếp tục" did not go on
  std::vector<FieldWarning> warnings;  // shown once; a second "Tiếp tục" goes on
  bool warnings_seen = false;
  int list_page = 0;                              // the page of a long list of bodies or fields
  InputMethod input_method = InputMethod::Telex;  // the terminal's default, kept across sessions
  VietnameseInput ime;                            // the word being composed

  // The first problem of a box or a choice (Problem::None when it passed or was not checked).
  [[nodiscard]] Problem problem_of(TextField f) const;
  [[nodiscard]] Problem problem_of(Subject s) const;
  void leave();                // the screen changes: complaints, focus and keyboard reset
  void focus_on(TextField f);  // the keyboard goes to this box (plain keys for codes and digits)
  // Sets what the screen says about its boxes; true when the user may go on (warnings stop once).
  bool complain(std::vector<FieldProblem> problems, std::vector<FieldWarning> warnings);
  void forget_problems(Subject s);
};

// --- Events ----------------------------------------------------------------------------------
struct RequestFocus {
  TextField field;
  std::int64_t now_ms;
};
struct EventKey {
  char32_t key;
  std::int64_t now_ms;
};  // a key of the on-screen keyboard
struct EventBackspace {
  std::int64_t now_ms;
};
struct RequestShift {
  std::int64_t now_ms;
};
struct RequestInputMethod {
  InputMethod method;
  std::int64_t now_ms;
};
struct RequestPage {
  int page;  // the list page to show (the screen knows how many fit)
  std::int64_t now_ms;
};
using EntryEvent = std::variant<RequestFocus, EventKey, EventBackspace, RequestShift,
                                RequestInputMethod, RequestPage>;

// Types into `text`, the focused box's text (null when no box of the screen has it).
void reduce_entry(Entry& entry, std::string* text, const EntryEvent& event);

}  // namespace kiosk
