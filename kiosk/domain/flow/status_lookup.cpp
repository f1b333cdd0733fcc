#include "status_lookup.hpp"

#include "overloaded.hpp"
#include "request.hpp"
#include "utf8.hpp"

namespace kiosk {

std::string* lookup_text(StatusLookup& l, TextField f) {
  if (f == TextField::StatusCode) return &l.code;
  if (f == TextField::StatusToken) return &l.token;
  return nullptr;
}

void lookup_scanned(StatusLookup& l, Entry& entry, const std::string& payload, Step& step) {
  const ScanPayload p = parse_scan_payload(payload, step.shell.portal_url);
  l.lookup = Lookup::Idle;
  l.scan_error = p.error;
  if (p.error != PayloadError::None) return;
  l.code = p.code;
  l.token = p.token;
  if (p.token.empty()) {  // a bare code: the resident types the lookup code
    entry.focus_on(TextField::StatusToken);
    return;
  }
  entry.focus = TextField::None;
  l.lookup = Lookup::Waiting;
  step.emit(EffectLookupStatus{p.code, p.token, ""});
}

void reduce_lookup(StatusLookup& l, Entry& entry, const LookupEvent& event, Step& step) {
  std::visit(Overloaded{
                 [&](const RequestLookup&) {
                   if (step.screen != Screen::StatusLookup || l.lookup == Lookup::Waiting) return;
                   l.lookup = Lookup::Idle;
                   const std::string code = tidy_spaces(l.code);
                   const std::string token = tidy_spaces(l.token);
                   // The lookup code, or the last 4 digits of the phone given with the request.
                   const bool phone4 = token.size() == 4 &&
                                       token.find_first_not_of("0123456789") == std::string::npos;
                   l.scan_error = !looks_like_case_code(code) ? PayloadError::NotOurs
                                  : !looks_like_lookup_token(token) && !phone4
                                      ? PayloadError::BadToken
                                      : PayloadError::None;
                   if (l.scan_error != PayloadError::None) return;
                   entry.focus = TextField::None;
                   l.lookup = Lookup::Waiting;
                   if (phone4)
                     step.emit(EffectLookupStatus{code, "", token});
                   else
                     step.emit(EffectLookupStatus{code, token, ""});
                 },
                 [&](const EventLookupDone& e) {
                   if (l.lookup != Lookup::Waiting) return;  // the session was wiped meanwhile
                   if (e.outcome != LookupOutcome::Found) {
                     l.lookup = Lookup::Failed;
                     l.outcome = e.outcome;
                     return;
                   }
                   l.lookup = Lookup::Idle;
                   l.view = e.view;
                   if (step.screen == Screen::StatusLookup) step.open(Screen::StatusResult);
                 },
                 [&](const RequestPrintStatusSlip&) {
                   if (step.screen != Screen::StatusResult ||
                       l.slip_paper == PaperState::Printing || l.view.code.empty())
                     return;
                   l.slip_paper = PaperState::Printing;
                   step.emit(EffectPrintStatusSlip{
                       l.view, l.view.code, l.code == l.view.code ? l.token : std::string()});
                 },
             },
             event);
}

void slip_printed(StatusLookup& l, const std::string& case_code, bool printed, PrinterState state) {
  if (l.slip_paper != PaperState::Printing || case_code != l.view.code) return;
  l.slip_paper = printed ? PaperState::Printed : PaperState::Failed;
  if (!printed) l.paper_problem = state;
}

}  // namespace kiosk
