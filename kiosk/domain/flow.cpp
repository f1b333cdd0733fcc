#include "flow.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "pin_policy.hpp"
#include "utf8.hpp"

namespace kiosk {

namespace {

constexpr std::array<std::pair<Screen, std::string_view>, 23> kScreenNames{{
    {Screen::Home, "home"},
    {Screen::RequestIntro, "request"},
    {Screen::RequestAgency, "request-agency"},
    {Screen::RequestField, "request-field"},
    {Screen::RequestDecision, "request-decision"},
    {Screen::RequestQuestion, "request-question"},
    {Screen::RequestStanding, "request-standing"},
    {Screen::RequestPersonal, "request-personal"},
    {Screen::RequestConsent, "request-consent"},
    {Screen::RequestSignature, "request-signature"},
    {Screen::RequestReview, "request-review"},
    {Screen::RequestReceipt, "request-receipt"},
    {Screen::StatusLookup, "status"},
    {Screen::StatusResult, "status-result"},
    {Screen::PublicAnswers, "public-answers"},
    {Screen::Rating, "rating"},
    {Screen::RatingThanks, "rating-thanks"},
    {Screen::AgencyInfo, "agencies"},
    {Screen::AgencyDetail, "agency"},
    {Screen::StaffPin, "staff-pin"},
    {Screen::Staff, "staff"},
    {Screen::Provisioning, "provisioning"},
    {Screen::Technician, "technician"},
}};

constexpr int kHiddenTaps = 5;  // taps on the corner that open the staff PIN
constexpr std::int64_t kHiddenTapWindowMs = 4000;
constexpr std::size_t kMinPinDigits = 4;

constexpr std::size_t kMaxSignatureStrokes = 100;
constexpr std::size_t kMaxStrokePoints = 2000;

// A session exists while the resident is anywhere but the untouched home screen.
bool in_session(const State& s) {
  return s.screen != Screen::Home || !s.back_stack.empty() || s.lang != s.default_lang;
}

void wipe(State& s, std::vector<Effect>& fx) {
  s.screen = s.needs_provisioning ? Screen::Provisioning : Screen::Home;
  s.back_stack.clear();
  s.lang = s.default_lang;
  s.idle_warning = false;
  s.request = RequestSession{};
  if (s.needs_provisioning) s.request.prov_portal = "https://";
  s.ime.reset();
  ++s.session;
  fx.emplace_back(EffectWipeSession{});
}

void touched(State& s, std::int64_t now) {
  s.last_activity_ms = now;
  s.idle_warning = false;
}

// Leaving a screen: its complaints and its focus stay behind.
void leave_screen(State& s) {
  s.request.problems.clear();
  s.request.warnings.clear();
  s.request.warnings_seen = false;
  s.request.focus = TextField::None;
  s.request.limit_reached = false;
  s.request.shift = false;
  s.request.list_page = 0;
  s.ime.reset();
}

void go(State& s, Screen to) {
  if (to == s.screen) return;
  leave_screen(s);
  if (to == Screen::Home) {
    s.back_stack.clear();
  } else {
    s.back_stack.push_back(s.screen);
  }
  s.screen = to;
}

void return_to_review(State& s) {
  leave_screen(s);
  while (!s.back_stack.empty()) {
    const Screen top = s.back_stack.back();
    s.back_stack.pop_back();
    if (top == Screen::RequestReview) break;
  }
  s.screen = Screen::RequestReview;
  s.request.editing_from_review = false;
}

std::string& field_ref(State& s, TextField f) {
  auto& d = s.request.draft;
  switch (f) {
    case TextField::DecisionNumber: return d.decision_number;
    case TextField::DecisionDate: return d.decision_date;
    case TextField::Impact: return d.impact;
    case TextField::Question: return d.question;
    case TextField::PeopleCount: return d.people_count;
    case TextField::PrincipalName: return d.personal.principal_name;
    case TextField::FullName: return d.personal.full_name;
    case TextField::Address: return d.personal.address;
    case TextField::Phone: return d.personal.phone;
    case TextField::MailingAddress: return d.personal.mailing_address;
    case TextField::Cccd: return d.personal.cccd;
    case TextField::Email: return d.personal.email;
    case TextField::RatingComment: return s.request.rating.comment;
    case TextField::StatusCode: return s.request.status_code;
    case TextField::StatusToken: return s.request.status_token;
    case TextField::StaffPin: return s.request.staff_pin;
    case TextField::StaffCode: return s.request.staff_code;
    case TextField::ProvPortal: return s.request.prov_portal;
    case TextField::ProvCode: return s.request.prov_code;
    case TextField::ProvCa: return s.request.prov_ca;
    case TextField::ProvCenter: return s.request.prov_center;
    case TextField::TechPinNew: return s.request.tech_pin_new;
    case TextField::TechPinAgain: return s.request.tech_pin_again;
    case TextField::None: break;
  }
  static std::string none;
  none.clear();
  return none;
}

InputMethod method_for(const State& s, TextField f) {
  return keypad_for(f) == Keypad::Letters ? s.input_method : InputMethod::Plain;
}

Check check_length(std::string_view text, std::size_t max, bool required) {
  if (tidy_spaces(text).empty()) return {required ? Problem::Required : Problem::None, {}};
  if (count_code_points(text) > max) return {Problem::TooLong, {}};
  return {};
}

// Checks one screen; fills problems and warnings. True when the resident may go on.
bool check_screen(State& s, Screen screen) {
  auto& r = s.request;
  const auto& d = r.draft;
  std::vector<FieldProblem> problems;
  std::vector<FieldWarning> warnings;
  auto text = [&](TextField f, const Check& c) {
    if (!c.ok()) problems.push_back({f, Subject::Text, c.problem});
    for (Warning w : c.warnings) warnings.push_back({f, w});
  };
  auto subject = [&](Subject what, Problem p) { problems.push_back({TextField::None, what, p}); };
  switch (screen) {
    case Screen::RequestAgency:
      if (d.agency_id.empty()) subject(Subject::Agency, Problem::Required);
      break;
    case Screen::RequestField:
      if (d.field_id.empty()) subject(Subject::Field, Problem::Required);
      break;
    case Screen::RequestDecision:
      text(TextField::DecisionNumber,
           check_length(d.decision_number, max_chars(TextField::DecisionNumber), false));
      text(TextField::DecisionDate, check_date(d.decision_date));
      text(TextField::Impact, check_length(d.impact, max_chars(TextField::Impact), true));
      if (d.aspects == 0) subject(Subject::Aspects, Problem::Required);
      break;
    case Screen::RequestQuestion: text(TextField::Question, check_question(d.question)); break;
    case Screen::RequestStanding:
      if (d.standing == Standing::Representing)
        text(TextField::PeopleCount, check_people(d.people_count));
      if (d.standing == Standing::Authorised)
        text(TextField::PrincipalName, check_name(d.personal.principal_name));
      break;
    case Screen::RequestPersonal: {
      const auto& p = d.personal;
      text(TextField::FullName, check_name(p.full_name));
      text(TextField::Address, check_address(p.address));
      text(TextField::Phone, check_phone(p.phone));
      text(TextField::MailingAddress,
           check_length(p.mailing_address, max_chars(TextField::MailingAddress), false));
      text(TextField::Cccd, check_cccd(p.cccd, s.current_year));
      text(TextField::Email, check_email(p.email));
      if (const Check c = check_contact(p.phone, p.mailing_address); !c.ok())
        subject(Subject::Contact, c.problem);
      break;
    }
    case Screen::RequestConsent:
      if (!d.consent) subject(Subject::Consent, Problem::Required);
      break;
    case Screen::RequestSignature:
      if (d.personal.signature.empty()) subject(Subject::Signature, Problem::Required);
      break;
    default: break;
  }
  r.problems = std::move(problems);
  const bool new_warnings = !warnings.empty() && !r.warnings_seen;
  r.warnings = std::move(warnings);
  if (!r.problems.empty()) return false;
  if (new_warnings) {  // say it once; the next "Tiếp tục" goes on
    r.warnings_seen = true;
    return false;
  }
  return true;
}

Screen next_screen(const State& s) {
  switch (s.screen) {
    case Screen::RequestIntro: return Screen::RequestAgency;
    case Screen::RequestAgency: return Screen::RequestField;
    case Screen::RequestField: return Screen::RequestDecision;
    case Screen::RequestDecision: return Screen::RequestQuestion;
    case Screen::RequestQuestion: return Screen::RequestStanding;
    case Screen::RequestStanding: return Screen::RequestPersonal;
    case Screen::RequestPersonal: return Screen::RequestConsent;
    case Screen::RequestConsent: return Screen::RequestSignature;
    case Screen::RequestSignature: return Screen::RequestReview;
    default: return s.screen;
  }
}

void next(State& s) {
  if (!check_screen(s, s.screen)) return;
  const Screen to = next_screen(s);
  if (to == s.screen) return;
  if (s.request.editing_from_review && s.screen != Screen::RequestAgency) {
    return_to_review(s);
    return;
  }
  go(s, to);
}

void type_key(State& s, char32_t key) {
  auto& r = s.request;
  if (r.focus == TextField::None) return;
  const Keypad pad = keypad_for(r.focus);
  const bool digit = key >= U'0' && key <= U'9';
  const bool allowed = pad == Keypad::Letters || pad == Keypad::Email ||
                       (pad == Keypad::Digits && (digit || key == U'+' || key == U' ')) ||
                       (pad == Keypad::DateDigits && (digit || key == U'/'));
  if (!allowed) return;
  if (is_pin_field(r.focus) && !digit) return;
  const bool capitals = r.focus == TextField::StatusCode || r.focus == TextField::StatusToken ||
                        r.focus == TextField::StaffCode || r.focus == TextField::ProvCode;
  if ((r.shift || capitals) && key >= U'a' && key <= U'z') key -= 32;
  r.shift = false;
  std::string& text = field_ref(s, r.focus);
  std::string typed = text;
  s.ime.type(key, typed);
  if (count_code_points(typed) > max_chars(r.focus)) {
    r.limit_reached = true;  // refuse the key and say so; never cut what is there
    return;
  }
  r.limit_reached = false;
  text = std::move(typed);
  std::erase_if(r.problems, [&](const FieldProblem& p) {
    return p.field == r.focus ||
           (p.subject == Subject::Contact &&
            (r.focus == TextField::Phone || r.focus == TextField::MailingAddress));
  });
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

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

const std::string& field_text(const State& s, TextField f) {
  return field_ref(const_cast<State&>(s), f);
}

Problem problem_of(const State& s, TextField f) {
  for (const auto& p : s.request.problems)
    if (p.subject == Subject::Text && p.field == f) return p.problem;
  return Problem::None;
}

Problem problem_of(const State& s, Subject subject) {
  for (const auto& p : s.request.problems)
    if (p.subject == subject) return p.problem;
  return Problem::None;
}

std::vector<Screen> request_steps() {
  return {Screen::RequestAgency,   Screen::RequestField,     Screen::RequestDecision,
          Screen::RequestQuestion, Screen::RequestStanding,  Screen::RequestPersonal,
          Screen::RequestConsent,  Screen::RequestSignature, Screen::RequestReview};
}

std::string_view screen_name(Screen s) {
  for (const auto& [screen, name] : kScreenNames)
    if (screen == s) return name;
  return "home";
}

bool parse_screen(std::string_view name, Screen& out) {
  for (const auto& [screen, n] : kScreenNames) {
    if (n == name) {
      out = screen;
      return true;
    }
  }
  return false;
}

bool is_pin_field(TextField f) {
  return f == TextField::StaffPin || f == TextField::TechPinNew || f == TextField::TechPinAgain;
}

namespace {
// Screens for staff and technicians: no warning, they close after 2 minutes without a touch.
bool staff_screen(Screen s) {
  return s == Screen::StaffPin || s == Screen::Staff || s == Screen::Technician ||
         s == Screen::Provisioning;
}
}  // namespace

std::int64_t next_idle_deadline(const State& s) {
  if (!in_session(s)) return -1;
  if (s.needs_provisioning && s.screen == Screen::Provisioning) return -1;  // nobody to protect
  if (staff_screen(s.screen)) return s.last_activity_ms + s.staff_idle_ms;  // no warning: leave
  return s.last_activity_ms + (s.idle_warning ? s.idle.reset_after_ms : s.idle.warn_after_ms);
}

Reduction reduce(State s, const Event& event) {
  std::vector<Effect> fx;
  auto& r = s.request;
  std::visit(
      Overloaded{
          [&](const EventTouch& e) { touched(s, e.now_ms); },
          [&](const EventTick& e) {
            if (!in_session(s)) return;
            const std::int64_t idle = e.now_ms - s.last_activity_ms;
            if (staff_screen(s.screen)) {
              if (s.needs_provisioning && s.screen == Screen::Provisioning) return;
              if (idle >= s.staff_idle_ms) wipe(s, fx);
              return;
            }
            if (idle >= s.idle.reset_after_ms) {
              wipe(s, fx);
            } else if (idle >= s.idle.warn_after_ms) {
              s.idle_warning = true;
            }
          },
          [&](const RequestOpen& e) {
            touched(s, e.now_ms);
            if (e.screen == Screen::RequestIntro && r.has_receipt) {
              r = RequestSession{};  // a new request after a receipt starts empty
            }
            if (e.screen == Screen::Provisioning) {  // only for a signed-in technician
              if (!r.tech_signed_in) return;
              if (r.prov_portal.empty()) r.prov_portal = "https://";
              r.prov_error = ProvisioningError::None;
              r.prov_failed = false;
              r.prov_message_vi.clear();
              r.prov_message_en.clear();
            }
            if (e.screen == Screen::StatusLookup) {  // a new lookup starts empty
              r.status_code.clear();
              r.status_token.clear();
              r.scan_error = PayloadError::None;
              r.lookup_failed = false;
              r.case_view = CaseView{};
            }
            go(s, e.screen);
          },
          [&](const RequestBack& e) {
            touched(s, e.now_ms);
            if (r.submitting || r.rating_submitting) return;
            if (staff_screen(s.screen)) {  // leaving staff mode forgets everything it showed
              wipe(s, fx);
              return;
            }
            leave_screen(s);
            if (s.back_stack.empty()) {
              s.screen = Screen::Home;
              return;
            }
            s.screen = s.back_stack.back();
            s.back_stack.pop_back();
            if (s.screen == Screen::RequestReview) r.editing_from_review = false;
          },
          [&](const RequestCancel& e) {
            if (r.submitting || r.rating_submitting) return;  // the commit decides, then Huỷ
            wipe(s, fx);
            s.last_activity_ms = e.now_ms;
          },
          [&](const RequestLanguage& e) {
            touched(s, e.now_ms);
            s.lang = e.lang;
          },
          [&](const EventConnectivity& e) { s.connectivity = e.connectivity; },
          [&](const RequestNext& e) {
            touched(s, e.now_ms);
            if (s.screen == Screen::StaffPin) {
              if (r.pin_checking) return;
              if (r.staff_pin.size() < kMinPinDigits) {
                r.problems = {{TextField::StaffPin, Subject::Text, Problem::TooShort}};
                return;
              }
              r.problems.clear();
              r.pin_checking = true;
              fx.emplace_back(EffectCheckPin{r.staff_pin});
              r.staff_pin.clear();  // the PIN leaves the state as soon as it is handed over
              return;
            }
            next(s);
          },
          [&](const RequestEdit& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::RequestReview) return;
            go(s, e.screen);
            r.editing_from_review = true;
          },
          [&](const RequestChooseAgency& e) {
            touched(s, e.now_ms);
            if (r.draft.agency_id != e.agency_id) r.draft.field_id.clear();
            r.draft.agency_id = e.agency_id;
            go(s, Screen::RequestField);
          },
          [&](const RequestChooseField& e) {
            touched(s, e.now_ms);
            r.draft.field_id = e.field_id;
            if (r.editing_from_review)
              return_to_review(s);
            else
              go(s, Screen::RequestDecision);
          },
          [&](const RequestToggleAspect& e) {
            touched(s, e.now_ms);
            r.draft.aspects ^= (e.aspect & kAllAspects);
            std::erase_if(r.problems,
                          [](const FieldProblem& p) { return p.subject == Subject::Aspects; });
          },
          [&](const RequestChooseStanding& e) {
            touched(s, e.now_ms);
            r.draft.standing = e.standing;
            r.problems.clear();
            r.focus = e.standing == Standing::Representing ? TextField::PeopleCount
                      : e.standing == Standing::Authorised ? TextField::PrincipalName
                                                           : TextField::None;
            s.ime.set_method(method_for(s, r.focus));
          },
          [&](const RequestConsentAnswer& e) {
            touched(s, e.now_ms);
            r.draft.consent = e.agree;
            if (e.agree) {
              next(s);
            } else {
              r.problems = {{TextField::None, Subject::Consent, Problem::Required}};
            }
          },
          [&](const RequestFocus& e) {
            touched(s, e.now_ms);
            r.focus = e.field;
            r.limit_reached = false;
            r.shift = false;
            s.ime.set_method(method_for(s, e.field));
          },
          [&](const EventKey& e) {
            touched(s, e.now_ms);
            type_key(s, e.key);
          },
          [&](const EventBackspace& e) {
            touched(s, e.now_ms);
            if (r.focus == TextField::None) return;
            s.ime.backspace(field_ref(s, r.focus));
            r.limit_reached = false;
          },
          [&](const RequestShift& e) {
            touched(s, e.now_ms);
            r.shift = !r.shift;
          },
          [&](const RequestInputMethod& e) {
            touched(s, e.now_ms);
            s.input_method = e.method;
            s.ime.set_method(method_for(s, r.focus));
          },
          [&](const EventSignatureStroke& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::RequestSignature || e.stroke.empty()) return;
            if (r.draft.personal.signature.size() >= kMaxSignatureStrokes) return;
            SignatureStroke stroke = e.stroke;
            if (stroke.size() > kMaxStrokePoints) stroke.resize(kMaxStrokePoints);
            for (auto& p : stroke) {
              p.x = std::clamp(p.x, 0.0f, 1.0f);
              p.y = std::clamp(p.y, 0.0f, 1.0f);
            }
            r.draft.personal.signature.push_back(std::move(stroke));
            r.problems.clear();
          },
          [&](const RequestClearSignature& e) {
            touched(s, e.now_ms);
            r.draft.personal.signature.clear();
          },
          [&](const RequestSubmit& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::RequestReview || r.submitting) return;
            for (Screen step : request_steps()) {
              if (!check_screen(s, step) && !r.problems.empty()) {
                go(s, step);  // something no longer holds: show it where it is typed
                check_screen(s, step);
                r.editing_from_review = true;
                return;
              }
            }
            r.problems.clear();
            r.warnings.clear();
            r.submit_error_vi.clear();
            r.submit_error_en.clear();
            r.submitting = true;
            fx.emplace_back(EffectSubmitRequest{r.draft});
          },
          [&](const EventSubmitted& e) {
            if (!r.submitting) return;
            r.submitting = false;
            r.draft = RequestDraft{};  // the personal data leaves memory with the form
            r.has_receipt = true;
            r.receipt = e.receipt;
            // The receipt's print job was committed with it; the printer thread takes it now.
            r.receipt_paper =
                s.printer.state == PrinterState::Disabled ? PaperState::None : PaperState::Printing;
            leave_screen(s);
            s.back_stack.clear();
            s.screen = Screen::RequestReceipt;
          },
          [&](const EventSubmitFailed& e) {
            r.submitting = false;
            r.rating_submitting = false;
            r.submit_error_vi = e.message_vi;
            r.submit_error_en = e.message_en;
          },
          [&](const RequestRate& e) {
            touched(s, e.now_ms);
            if (e.score >= 1 && e.score <= 4) r.rating.score = e.score;
            std::erase_if(r.problems,
                          [](const FieldProblem& p) { return p.subject == Subject::Score; });
          },
          [&](const RequestSubmitRating& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::Rating || r.rating_submitting) return;
            if (r.rating.score == 0) {
              r.problems = {{TextField::None, Subject::Score, Problem::Required}};
              return;
            }
            if (const Check c =
                    check_length(r.rating.comment, max_chars(TextField::RatingComment), false);
                !c.ok()) {
              r.problems = {{TextField::RatingComment, Subject::Text, c.problem}};
              return;
            }
            r.submit_error_vi.clear();
            r.submit_error_en.clear();
            r.rating_submitting = true;
            fx.emplace_back(EffectSubmitRating{r.rating});
          },
          [&](const EventRatingSaved&) {
            if (!r.rating_submitting) return;
            r.rating_submitting = false;
            r.rating = RatingDraft{};
            leave_screen(s);
            s.back_stack.clear();
            s.screen = Screen::RatingThanks;
          },
          [&](const EventScanned& e) {
            if (s.screen == Screen::Technician) {  // the scanner test shows what it read
              touched(s, e.now_ms);
              r.scan_test = e.payload.substr(0, kMaxPayloadBytes);
              return;
            }
            if (s.screen == Screen::Provisioning) {  // a provisioning QR fills the form
              touched(s, e.now_ms);
              const ProvisioningResult p = parse_provisioning_qr(e.payload);
              r.prov_error = p.error;
              r.prov_failed = false;
              if (p.error != ProvisioningError::None) return;
              r.prov_portal = p.value.portal_url;
              r.prov_code = p.value.code;
              r.prov_ca = p.value.ca_sha256;
              r.prov_center = p.value.center_id;
              return;
            }
            // A scan counts where a resident might hold up a receipt; elsewhere (in the
            // middle of a request) it is ignored and never typed into a box.
            if (s.screen != Screen::Home && s.screen != Screen::StatusLookup &&
                s.screen != Screen::StatusResult)
              return;
            if (r.looking_up) return;
            touched(s, e.now_ms);
            const ScanPayload p = parse_scan_payload(e.payload, s.portal_url);
            if (s.screen != Screen::StatusLookup) {
              if (s.screen == Screen::StatusResult) s.back_stack.clear();
              go(s, Screen::StatusLookup);
            }
            r.lookup_failed = false;
            r.scan_error = p.error;
            if (p.error != PayloadError::None) return;
            r.status_code = p.code;
            r.status_token = p.token;
            if (p.token.empty()) {  // a bare code: the resident types the lookup code
              r.focus = TextField::StatusToken;
              s.ime.set_method(InputMethod::Plain);
              return;
            }
            r.focus = TextField::None;
            r.looking_up = true;
            fx.emplace_back(EffectLookupStatus{p.code, p.token, ""});
          },
          [&](const RequestLookup& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::StatusLookup || r.looking_up) return;
            r.lookup_failed = false;
            const std::string code = tidy_spaces(r.status_code);
            const std::string token = tidy_spaces(r.status_token);
            // The lookup code, or the last 4 digits of the phone given with the request.
            const bool phone4 =
                token.size() == 4 && token.find_first_not_of("0123456789") == std::string::npos;
            r.scan_error = !looks_like_case_code(code)                  ? PayloadError::NotOurs
                           : !looks_like_lookup_token(token) && !phone4 ? PayloadError::BadToken
                                                                        : PayloadError::None;
            if (r.scan_error != PayloadError::None) return;
            r.focus = TextField::None;
            r.looking_up = true;
            if (phone4)
              fx.emplace_back(EffectLookupStatus{code, "", token});
            else
              fx.emplace_back(EffectLookupStatus{code, token, ""});
          },
          [&](const EventLookupDone& e) {
            if (!r.looking_up) return;  // the session was wiped meanwhile
            r.looking_up = false;
            if (e.outcome != LookupOutcome::Found) {
              r.lookup_failed = true;
              r.lookup_outcome = e.outcome;
              return;
            }
            r.case_view = e.view;
            if (s.screen == Screen::StatusLookup) go(s, Screen::StatusResult);
          },
          [&](const RequestPage& e) {
            touched(s, e.now_ms);
            r.list_page = std::max(0, e.page);
          },
          [&](const EventPrinted& e) {
            if (e.kind == "receipt" && r.has_receipt && e.case_code == r.receipt.code) {
              r.receipt_paper = e.printed ? PaperState::Printed : PaperState::Failed;
              if (!e.printed) r.paper_problem = e.state;
            }
            if (e.kind == "status_slip" && r.slip_paper == PaperState::Printing &&
                e.case_code == r.case_view.code) {
              r.slip_paper = e.printed ? PaperState::Printed : PaperState::Failed;
              if (!e.printed) r.paper_problem = e.state;
            }
            if (r.staff_signed_in) fx.emplace_back(EffectLoadStaff{});
          },
          [&](const EventPrinterState& e) { s.printer = e.printer; },
          [&](const RequestPrintStatusSlip& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::StatusResult || r.slip_paper == PaperState::Printing ||
                r.case_view.code.empty())
              return;
            r.slip_paper = PaperState::Printing;
            fx.emplace_back(EffectPrintStatusSlip{
                r.case_view, r.case_view.code,
                r.status_code == r.case_view.code ? r.status_token : std::string()});
          },
          [&](const RequestHiddenTap& e) {
            if (s.screen != Screen::Home || in_session(s)) return;
            if (s.hidden_taps == 0 || e.now_ms - s.first_hidden_tap_ms > kHiddenTapWindowMs) {
              s.hidden_taps = 0;
              s.first_hidden_tap_ms = e.now_ms;
            }
            if (++s.hidden_taps < kHiddenTaps) return;
            s.hidden_taps = 0;
            touched(s, e.now_ms);
            r = RequestSession{};
            go(s, Screen::StaffPin);
            r.focus = TextField::StaffPin;
            s.ime.set_method(InputMethod::Plain);
          },
          [&](const EventPinChecked& e) {
            if (!r.pin_checking || s.screen != Screen::StaffPin) return;
            r.pin_checking = false;
            r.pin_verdict = e.verdict;
            r.pin_tries_left = e.tries_left;
            r.pin_wait_s = e.wait_s;
            if (e.verdict != PinVerdict::Ok) return;
            s.back_stack.clear();
            leave_screen(s);
            if (e.role == PinRole::Technician) {
              r.tech_signed_in = true;
              s.screen = Screen::Technician;
              fx.emplace_back(EffectLoadTechInfo{});
              return;
            }
            r.staff_signed_in = true;
            s.screen = Screen::Staff;
            fx.emplace_back(EffectLoadStaff{});
          },
          [&](const EventStaffData& e) {
            if (!r.staff_signed_in) return;
            r.staff = e.overview;
            if (!e.note_vi.empty() || !e.note_en.empty()) {
              r.staff_note_vi = e.note_vi;
              r.staff_note_en = e.note_en;
            }
          },
          [&](const RequestReprint& e) {
            touched(s, e.now_ms);
            if (!r.staff_signed_in || s.screen != Screen::Staff) return;
            if (e.job_id == 0) {
              const std::string code = tidy_spaces(r.staff_code);
              if (!looks_like_case_code(code)) {
                r.staff_note_vi = "Mã hồ sơ không đúng dạng (ví dụ: VL01-261125-0007).";
                r.staff_note_en = "That is not a case code (for example VL01-261125-0007).";
                return;
              }
              fx.emplace_back(EffectReprint{0, code});
              return;
            }
            fx.emplace_back(EffectReprint{e.job_id, ""});
          },
          [&](const RequestStaffPrint& e) {
            touched(s, e.now_ms);
            const bool staff = r.staff_signed_in && s.screen == Screen::Staff;
            const bool technician = r.tech_signed_in && s.screen == Screen::Technician;
            if (!staff && !technician) return;
            fx.emplace_back(EffectStaffPrint{e.what});
          },
          [&](const RequestStaffTab& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::Staff) return;
            leave_screen(s);  // the keyboard and the page belong to the tab that is left
            r.staff_tab = std::clamp(e.tab, 0, 3);
          },
          [&](const RequestTechTab& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::Technician) return;
            leave_screen(s);
            r.tech_tab = std::clamp(e.tab, 0, 4);
            if (r.tech_tab == 0) fx.emplace_back(EffectLoadTechInfo{});
          },
          [&](const RequestNetworkCheck& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::Technician || r.network_checking) return;
            r.network_checking = true;
            r.tech_network.clear();
            fx.emplace_back(EffectCheckNetwork{});
          },
          [&](const EventNetworkChecked& e) {
            r.network_checking = false;
            if (r.tech_signed_in) r.tech_network = e.lines;
          },
          [&](const EventTechInfo& e) {
            if (r.tech_signed_in) r.tech_info = e.lines;
          },
          [&](const RequestTouchCell& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::Technician || e.cells <= 0 || e.cell < 0 || e.cell >= e.cells)
              return;
            r.touch_cells.resize(std::size_t(e.cells), false);
            r.touch_cells[std::size_t(e.cell)] = true;
          },
          [&](const RequestProvision& e) {
            touched(s, e.now_ms);
            if (s.screen != Screen::Provisioning || r.prov_busy) return;
            if (!s.needs_provisioning && !r.tech_signed_in) return;
            r.prov_failed = false;
            r.prov_queue_waiting = false;
            std::string pin;
            if (!s.technician_pin_set) {  // first boot: the technician chooses a PIN first
              r.prov_pin_mismatch = check_new_pin(r.tech_pin_new) != PinShape::Ok ||
                                    r.tech_pin_new != r.tech_pin_again;
              if (r.prov_pin_mismatch) return;
              pin = r.tech_pin_new;
            }
            const ProvisioningResult p =
                check_provisioning(tidy_spaces(r.prov_portal), tidy_spaces(r.prov_code),
                                   tidy_spaces(r.prov_ca), tidy_spaces(r.prov_center));
            r.prov_error = p.error;
            if (p.error != ProvisioningError::None) return;
            r.focus = TextField::None;
            r.prov_busy = true;
            r.tech_pin_new.clear();
            r.tech_pin_again.clear();
            fx.emplace_back(EffectProvision{p.value, pin, e.export_queue});
          },
          [&](const EventProvisioned& e) {
            if (!r.prov_busy) return;
            r.prov_busy = false;
            r.prov_failed = !e.ok;
            r.prov_queue_waiting = e.queue_waiting;
            r.prov_message_vi = e.message_vi;
            r.prov_message_en = e.message_en;
            if (!e.ok) return;
            s.needs_provisioning = false;
            s.technician_pin_set = true;
            r.prov_code.clear();  // spent
          },
          [&](const RequestShowAgency& e) {
            touched(s, e.now_ms);
            r.info_agency_id = e.agency_id;
            go(s, Screen::AgencyDetail);
          },
      },
      event);
  if (const std::int64_t at = next_idle_deadline(s); at >= 0) fx.emplace_back(EffectWakeAt{at});
  fx.emplace_back(EffectRedraw{});
  return {std::move(s), std::move(fx)};
}

}  // namespace kiosk
