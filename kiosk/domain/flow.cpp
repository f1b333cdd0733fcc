#include "flow.hpp"

#include <algorithm>

#include "flow/overloaded.hpp"

namespace kiosk {

namespace {

constexpr int kHiddenTaps = 5;  // taps on the corner that open the staff PIN
constexpr std::int64_t kHiddenTapWindowMs = 4000;

// A session exists while the resident is anywhere but the untouched home screen.
bool in_session(const State& s) {
  return s.screen != Screen::Home || !s.back_stack.empty() || s.shell.lang != s.shell.default_lang;
}

// Screens for staff and technicians: no warning, they close after 2 minutes without a touch.
bool desk_screen(Screen s) {
  return s == Screen::StaffPin || s == Screen::Staff || s == Screen::Technician ||
         s == Screen::Provisioning;
}

// Everything of the session goes; the terminal's facts and its input method stay.
void wipe(State& s, std::vector<Effect>& fx) {
  State fresh;
  fresh.shell = s.shell;
  fresh.shell.lang = s.shell.default_lang;
  fresh.shell.idle_warning = false;
  ++fresh.shell.session;
  fresh.entry.input_method = s.entry.input_method;
  fresh.entry.ime = std::move(s.entry.ime);
  fresh.entry.ime.reset();
  fresh.provisioning = fresh_provisioning_form();
  fresh.screen = s.shell.needs_provisioning ? Screen::Provisioning : Screen::Home;
  s = std::move(fresh);
  fx.emplace_back(EffectWipeSession{});
}

void go(State& s, Screen to) {
  if (to == s.screen) return;
  s.entry.leave();
  if (to == Screen::Home)
    s.back_stack.clear();
  else
    s.back_stack.push_back(s.screen);
  s.screen = to;
}

void apply(State& s, const Move& m) {
  switch (m.kind) {
    case Move::Kind::Open:
      if (m.keep_entry) {
        if (m.to != Screen::Home) s.back_stack.push_back(s.screen);
        s.screen = m.to;
      } else {
        go(s, m.to);
      }
      break;
    case Move::Kind::Restart:
      s.entry.leave();
      s.back_stack.clear();
      s.screen = m.to;
      break;
    case Move::Kind::ReturnToReview:
      s.entry.leave();
      while (!s.back_stack.empty()) {
        const Screen top = s.back_stack.back();
        s.back_stack.pop_back();
        if (top == Screen::RequestReview) break;
      }
      s.screen = Screen::RequestReview;
      break;
  }
}

std::string* text_of(State& s, TextField f) {
  if (std::string* t = request_text(s.request, f)) return t;
  if (std::string* t = lookup_text(s.lookup, f)) return t;
  if (std::string* t = provisioning_text(s.provisioning, f)) return t;
  if (f == TextField::RatingComment) return &s.rating.draft.comment;
  if (f == TextField::StaffPin) return &s.pin.pin;
  if (s.staff) return staff_text(*s.staff, f);
  return nullptr;
}

// Runs an area's reducer with a Step and applies the move it asked for.
template <class Area>
void in_area(State& s, std::vector<Effect>& fx, Area&& area) {
  Step step{s.shell, s.screen, fx};
  area(step);
  if (step.move) apply(s, *step.move);
}

// Every event a person causes carries its time; all of them but the scanner's, the clock's and
// the hidden corner's count as activity.
template <class E>
void note_activity(State& s, const E& e) {
  if constexpr (requires { e.now_ms; }) s.shell.touched(e.now_ms);
}
template <class... Es>
void note_activity(State& s, const std::variant<Es...>& events) {
  std::visit([&](const auto& e) { note_activity(s, e); }, events);
}

void open(State& s, const RequestOpen& e) {
  switch (e.screen) {
    case Screen::RequestIntro:
      if (s.request.receipt) s.request = RequestPath{};  // a new request after a receipt
      break;
    case Screen::Provisioning:  // only for a signed-in technician
      if (!s.technician) return;
      if (s.provisioning.portal.empty()) s.provisioning.portal = "https://";
      s.provisioning.error = ProvisioningError::None;
      if (s.provisioning.enrolment != Enrolment::Waiting) {
        s.provisioning.enrolment = Enrolment::Editing;
        s.provisioning.error_vi.clear();
        s.provisioning.error_en.clear();
      }
      break;
    case Screen::StatusLookup: {  // a new lookup starts empty; one still running goes on
      const bool waiting = s.lookup.lookup == Lookup::Waiting;
      s.lookup = StatusLookup{};
      if (waiting) s.lookup.lookup = Lookup::Waiting;
      break;
    }
    case Screen::StaffPin:  // a fresh PIN box (the hidden gesture does the same)
      s.pin = PinEntry{};
      go(s, e.screen);
      s.entry.focus_on(TextField::StaffPin);
      return;
    case Screen::Staff:
    case Screen::Technician: return;  // the desks open only through the PIN
    default: break;
  }
  go(s, e.screen);
}

void back(State& s, std::vector<Effect>& fx) {
  if (s.request.sending == Sending::Waiting || s.rating.sending == Sending::Waiting) return;
  if (desk_screen(s.screen)) {  // leaving staff mode forgets everything it showed
    wipe(s, fx);
    return;
  }
  s.entry.leave();
  if (s.back_stack.empty()) {
    s.screen = Screen::Home;
    return;
  }
  s.screen = s.back_stack.back();
  s.back_stack.pop_back();
  if (s.screen == Screen::RequestReview) s.request.editing_from_review = false;
}

void tick(State& s, std::int64_t now, std::vector<Effect>& fx) {
  if (!in_session(s)) return;
  const std::int64_t idle = now - s.shell.last_activity_ms;
  if (desk_screen(s.screen)) {
    if (s.shell.needs_provisioning && s.screen == Screen::Provisioning) return;
    if (idle >= s.shell.staff_idle_ms) wipe(s, fx);
    return;
  }
  if (idle >= s.shell.idle.reset_after_ms)
    wipe(s, fx);
  else if (idle >= s.shell.idle.warn_after_ms)
    s.shell.idle_warning = true;
}

void hidden_tap(State& s, std::int64_t now) {
  if (s.screen != Screen::Home || in_session(s)) return;
  Shell& sh = s.shell;
  if (sh.hidden_taps == 0 || now - sh.first_hidden_tap_ms > kHiddenTapWindowMs) {
    sh.hidden_taps = 0;
    sh.first_hidden_tap_ms = now;
  }
  if (++sh.hidden_taps < kHiddenTaps) return;
  sh.hidden_taps = 0;
  sh.touched(now);
  // Nothing a resident left behind is visible at the desk.
  s.request = RequestPath{};
  s.rating = RatingForm{};
  s.agencies = AgencyPages{};
  s.lookup = StatusLookup{};
  s.pin = PinEntry{};
  go(s, Screen::StaffPin);
  s.entry.focus_on(TextField::StaffPin);
}

// A scan goes to the area of the screen it was made on.
void scanned(State& s, const EventScanned& e, std::vector<Effect>& fx) {
  if (s.screen == Screen::Technician && s.technician) {
    s.shell.touched(e.now_ms);
    technician_scanned(*s.technician, e.payload);
    return;
  }
  if (s.screen == Screen::Provisioning) {
    s.shell.touched(e.now_ms);
    provisioning_scanned(s.provisioning, e.payload);
    return;
  }
  // A scan counts where a resident might hold up a receipt; elsewhere (in the middle of a
  // request) it is ignored and never typed into a box.
  if (s.screen != Screen::Home && s.screen != Screen::StatusLookup &&
      s.screen != Screen::StatusResult)
    return;
  if (s.lookup.lookup == Lookup::Waiting) return;
  s.shell.touched(e.now_ms);
  if (s.screen != Screen::StatusLookup) {
    if (s.screen == Screen::StatusResult) s.back_stack.clear();
    go(s, Screen::StatusLookup);
  }
  in_area(s, fx, [&](Step& st) { lookup_scanned(s.lookup, s.entry, e.payload, st); });
}

void printed(State& s, const EventPrinted& e, std::vector<Effect>& fx) {
  if (e.kind == "receipt") request_printed(s.request, e.case_code, e.printed, e.state);
  if (e.kind == "status_slip") slip_printed(s.lookup, e.case_code, e.printed, e.state);
  if (s.staff) fx.emplace_back(EffectLoadStaff{});
}

void pin_checked(State& s, const EventPinChecked& e, std::vector<Effect>& fx) {
  if (!s.pin.checking || s.screen != Screen::StaffPin) return;
  s.pin.checking = false;
  s.pin.verdict = e.verdict;
  s.pin.tries_left = e.tries_left;
  s.pin.wait_s = e.wait_s;
  if (e.verdict != PinVerdict::Ok) return;
  s.pin = PinEntry{};
  s.back_stack.clear();
  s.entry.leave();
  if (e.role == PinRole::Technician) {
    s.technician.emplace();
    s.screen = Screen::Technician;
    fx.emplace_back(EffectLoadTechInfo{});
    return;
  }
  s.staff.emplace();
  s.screen = Screen::Staff;
  fx.emplace_back(EffectLoadStaff{});
}

void reduce_shell(State& s, const ShellEvent& event, std::vector<Effect>& fx) {
  std::visit(
      Overloaded{
          [&](const EventTouch& e) { s.shell.touched(e.now_ms); },
          [&](const EventTick& e) { tick(s, e.now_ms, fx); },
          [&](const RequestOpen& e) {
            s.shell.touched(e.now_ms);
            open(s, e);
          },
          [&](const RequestBack& e) {
            s.shell.touched(e.now_ms);
            back(s, fx);
          },
          [&](const RequestCancel& e) {
            if (s.request.sending == Sending::Waiting || s.rating.sending == Sending::Waiting)
              return;  // the commit decides, then "Huỷ"
            wipe(s, fx);
            s.shell.last_activity_ms = e.now_ms;
          },
          [&](const RequestLanguage& e) {
            s.shell.touched(e.now_ms);
            s.shell.lang = e.lang;
          },
          [&](const RequestNext& e) {
            s.shell.touched(e.now_ms);
            in_area(s, fx, [&](Step& st) {
              if (s.screen == Screen::StaffPin)
                submit_pin(s.pin, s.entry, st);
              else if (is_request_step(s.screen))
                request_next(s.request, s.entry, st);
            });
          },
          [&](const RequestHiddenTap& e) { hidden_tap(s, e.now_ms); },
          [&](const EventConnectivity& e) { s.shell.connectivity = e.connectivity; },
          [&](const EventStoreOpened& e) { s.shell.technician_pin_set = e.technician_pin_set; },
          [&](const EventScanned& e) { scanned(s, e, fx); },
          [&](const EventPrinted& e) { printed(s, e, fx); },
          [&](const EventPrinterState& e) { s.shell.printer = e.printer; },
          [&](const RequestStaffPrint& e) {
            s.shell.touched(e.now_ms);
            const bool staff = s.staff && s.screen == Screen::Staff;
            const bool technician = s.technician && s.screen == Screen::Technician;
            if (staff || technician) fx.emplace_back(EffectStaffPrint{e.what});
          },
      },
      event);
}

}  // namespace

State initial_state(const Setup& setup) {
  State s;
  s.shell.lang = s.shell.default_lang = setup.lang;
  s.shell.idle = setup.idle;
  s.shell.current_year = setup.current_year;
  s.shell.portal_url = setup.portal_url;
  s.shell.last_activity_ms = setup.now_ms;
  s.shell.needs_provisioning = setup.portal_url.empty() && setup.take_requests;
  s.entry.input_method = setup.input_method;
  s.entry.ime = VietnameseInput(InputMethod::Plain, setup.tone_style);
  s.provisioning = fresh_provisioning_form();
  if (s.shell.needs_provisioning) s.screen = Screen::Provisioning;
  return s;
}

const std::string& field_text(const State& s, TextField f) {
  static const std::string none;
  const std::string* t = text_of(const_cast<State&>(s), f);
  return t ? *t : none;
}

std::int64_t next_idle_deadline(const State& s) {
  if (!in_session(s)) return -1;
  if (s.shell.needs_provisioning && s.screen == Screen::Provisioning)
    return -1;  // nobody to protect
  if (desk_screen(s.screen)) return s.shell.last_activity_ms + s.shell.staff_idle_ms;
  return s.shell.last_activity_ms +
         (s.shell.idle_warning ? s.shell.idle.reset_after_ms : s.shell.idle.warn_after_ms);
}

Reduction reduce(State s, const Event& event) {
  std::vector<Effect> fx;
  std::visit(Overloaded{
                 [&](const ShellEvent& e) { reduce_shell(s, e, fx); },
                 [&](const EntryEvent& e) {
                   note_activity(s, e);
                   const RequestFocus* focus = std::get_if<RequestFocus>(&e);
                   reduce_entry(s.entry, text_of(s, focus ? focus->field : s.entry.focus), e);
                 },
                 [&](const RequestEvent& e) {
                   note_activity(s, e);
                   in_area(s, fx, [&](Step& st) { reduce_request(s.request, s.entry, e, st); });
                 },
                 [&](const RatingEvent& e) {
                   note_activity(s, e);
                   in_area(s, fx, [&](Step& st) { reduce_rating(s.rating, s.entry, e, st); });
                 },
                 [&](const AgencyEvent& e) {
                   note_activity(s, e);
                   in_area(s, fx, [&](Step& st) { reduce_agencies(s.agencies, e, st); });
                 },
                 [&](const LookupEvent& e) {
                   note_activity(s, e);
                   in_area(s, fx, [&](Step& st) { reduce_lookup(s.lookup, s.entry, e, st); });
                 },
                 [&](const EventPinChecked& e) { pin_checked(s, e, fx); },
                 [&](const StaffEvent& e) {
                   note_activity(s, e);
                   if (!s.staff) return;  // only while signed in
                   in_area(s, fx, [&](Step& st) { reduce_staff(*s.staff, s.entry, e, st); });
                 },
                 [&](const TechnicianEvent& e) {
                   note_activity(s, e);
                   if (!s.technician) return;  // only while signed in
                   in_area(s, fx,
                           [&](Step& st) { reduce_technician(*s.technician, s.entry, e, st); });
                 },
                 [&](const ProvisioningEvent& e) {
                   note_activity(s, e);
                   const bool allowed = s.shell.needs_provisioning || s.technician.has_value();
                   in_area(s, fx, [&](Step& st) {
                     reduce_provisioning(s.provisioning, s.entry, e, st, allowed);
                   });
                   if (const auto* done = std::get_if<EventProvisioned>(&e);
                       done && done->ok && s.provisioning.enrolment == Enrolment::Done) {
                     s.shell.needs_provisioning = false;
                     s.shell.technician_pin_set = true;
                     if (!done->portal_url.empty()) s.shell.portal_url = done->portal_url;
                   }
                 },
             },
             event);
  if (const std::int64_t at = next_idle_deadline(s); at >= 0) fx.emplace_back(EffectWakeAt{at});
  fx.emplace_back(EffectRedraw{});
  return {std::move(s), std::move(fx)};
}

}  // namespace kiosk
