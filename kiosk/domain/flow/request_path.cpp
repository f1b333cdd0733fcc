#include "request_path.hpp"

#include <algorithm>

#include "overloaded.hpp"
#include "utf8.hpp"

namespace kiosk {

namespace {

constexpr std::size_t kMaxSignatureStrokes = 100;
constexpr std::size_t kMaxStrokePoints = 2000;

Check check_length(std::string_view text, std::size_t max, bool required) {
  if (tidy_spaces(text).empty()) return {required ? Problem::Required : Problem::None, {}};
  if (count_code_points(text) > max) return {Problem::TooLong, {}};
  return {};
}

// Checks one step into the entry's complaints. True when the resident may go on.
bool check_step(const RequestPath& r, Entry& entry, Screen screen, int current_year) {
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
      text(TextField::Cccd, check_cccd(p.cccd, current_year));
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
  return entry.complain(std::move(problems), std::move(warnings));
}

Screen next_step(Screen s) {
  switch (s) {
    case Screen::RequestIntro: return Screen::RequestAgency;
    case Screen::RequestAgency: return Screen::RequestField;
    case Screen::RequestField: return Screen::RequestDecision;
    case Screen::RequestDecision: return Screen::RequestQuestion;
    case Screen::RequestQuestion: return Screen::RequestStanding;
    case Screen::RequestStanding: return Screen::RequestPersonal;
    case Screen::RequestPersonal: return Screen::RequestConsent;
    case Screen::RequestConsent: return Screen::RequestSignature;
    case Screen::RequestSignature: return Screen::RequestReview;
    default: return s;
  }
}

void back_to_review(RequestPath& r, Step& step) {
  r.editing_from_review = false;
  step.return_to_review();
}

}  // namespace

std::vector<Screen> request_steps() {
  return {Screen::RequestAgency,   Screen::RequestField,     Screen::RequestDecision,
          Screen::RequestQuestion, Screen::RequestStanding,  Screen::RequestPersonal,
          Screen::RequestConsent,  Screen::RequestSignature, Screen::RequestReview};
}

bool is_request_step(Screen s) {
  return s >= Screen::RequestIntro && s <= Screen::RequestReceipt;
}

std::string* request_text(RequestPath& r, TextField f) {
  auto& d = r.draft;
  switch (f) {
    case TextField::DecisionNumber: return &d.decision_number;
    case TextField::DecisionDate: return &d.decision_date;
    case TextField::Impact: return &d.impact;
    case TextField::Question: return &d.question;
    case TextField::PeopleCount: return &d.people_count;
    case TextField::PrincipalName: return &d.personal.principal_name;
    case TextField::FullName: return &d.personal.full_name;
    case TextField::Address: return &d.personal.address;
    case TextField::Phone: return &d.personal.phone;
    case TextField::MailingAddress: return &d.personal.mailing_address;
    case TextField::Cccd: return &d.personal.cccd;
    case TextField::Email: return &d.personal.email;
    default: return nullptr;
  }
}

void request_next(RequestPath& r, Entry& entry, Step& step) {
  if (!check_step(r, entry, step.screen, step.shell.current_year)) return;
  const Screen to = next_step(step.screen);
  if (to == step.screen) return;
  if (r.editing_from_review && step.screen != Screen::RequestAgency) {
    back_to_review(r, step);
    return;
  }
  step.open(to);
}

void reduce_request(RequestPath& r, Entry& entry, const RequestEvent& event, Step& step) {
  std::visit(
      Overloaded{
          [&](const RequestEdit& e) {
            if (step.screen != Screen::RequestReview) return;
            step.open(e.screen);
            r.editing_from_review = true;
          },
          [&](const RequestChooseAgency& e) {
            if (r.draft.agency_id != e.agency_id) r.draft.field_id.clear();
            r.draft.agency_id = e.agency_id;
            step.open(Screen::RequestField);
          },
          [&](const RequestChooseField& e) {
            r.draft.field_id = e.field_id;
            if (r.editing_from_review)
              back_to_review(r, step);
            else
              step.open(Screen::RequestDecision);
          },
          [&](const RequestToggleAspect& e) {
            r.draft.aspects ^= (e.aspect & kAllAspects);
            entry.forget_problems(Subject::Aspects);
          },
          [&](const RequestChooseStanding& e) {
            r.draft.standing = e.standing;
            entry.problems.clear();
            entry.focus_on(e.standing == Standing::Representing ? TextField::PeopleCount
                           : e.standing == Standing::Authorised ? TextField::PrincipalName
                                                                : TextField::None);
          },
          [&](const RequestConsentAnswer& e) {
            r.draft.consent = e.agree;
            if (e.agree)
              request_next(r, entry, step);
            else
              entry.problems = {{TextField::None, Subject::Consent, Problem::Required}};
          },
          [&](const EventSignatureStroke& e) {
            if (step.screen != Screen::RequestSignature || e.stroke.empty()) return;
            if (r.draft.personal.signature.size() >= kMaxSignatureStrokes) return;
            SignatureStroke stroke = e.stroke;
            if (stroke.size() > kMaxStrokePoints) stroke.resize(kMaxStrokePoints);
            for (auto& p : stroke) {
              p.x = std::clamp(p.x, 0.0f, 1.0f);
              p.y = std::clamp(p.y, 0.0f, 1.0f);
            }
            r.draft.personal.signature.push_back(std::move(stroke));
            entry.problems.clear();
          },
          [&](const RequestClearSignature&) { r.draft.personal.signature.clear(); },
          [&](const RequestSubmit&) {
            if (step.screen != Screen::RequestReview || r.sending == Sending::Waiting) return;
            for (Screen s : request_steps()) {
              Entry probe;
              if (!check_step(r, probe, s, step.shell.current_year) && !probe.problems.empty()) {
                // Something no longer holds: show it where it is typed.
                step.open(s);
                entry.leave();
                entry.problems = std::move(probe.problems);
                entry.warnings = std::move(probe.warnings);
                step.move->keep_entry = true;
                r.editing_from_review = true;
                return;
              }
            }
            entry.problems.clear();
            entry.warnings.clear();
            r.error_vi.clear();
            r.error_en.clear();
            r.not_set_up = false;
            r.sending = Sending::Waiting;
            step.emit(EffectSubmitRequest{r.draft});
          },
          [&](const EventSubmitted& e) {
            if (r.sending != Sending::Waiting) return;
            r.sending = Sending::Idle;
            r.draft = RequestDraft{};  // the personal data leaves memory with the form
            r.receipt = e.receipt;
            // The receipt's print job was committed with it; the printer thread takes it now.
            r.receipt_paper = step.shell.printer.state == PrinterState::Disabled
                                  ? PaperState::None
                                  : PaperState::Printing;
            step.restart_at(Screen::RequestReceipt);
          },
          [&](const EventSubmitFailed& e) {
            if (r.sending != Sending::Waiting) return;
            r.sending = Sending::Failed;
            r.error_vi = e.message_vi;
            r.error_en = e.message_en;
            r.not_set_up = e.not_set_up;
          },
      },
      event);
}

void request_printed(RequestPath& r, const std::string& case_code, bool printed,
                     PrinterState state) {
  if (!r.receipt || case_code != r.receipt->code) return;
  r.receipt_paper = printed ? PaperState::Printed : PaperState::Failed;
  if (!printed) r.paper_problem = state;
}

}  // namespace kiosk
