// The screen flow as data: reduce(State, Event) -> State + Effects. Pure: no clock, no I/O.
// Time arrives inside events (milliseconds on a monotonic clock the app owns).
//
// The root composes one module per area (kiosk/domain/flow/): each has its own state, its own
// events and its own reducer. The root owns navigation (which screen, the way back), routes
// every event to the area it belongs to, and is the only place screens change.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "flow/agency_pages.hpp"
#include "flow/effects.hpp"
#include "flow/provisioning_form.hpp"
#include "flow/rating.hpp"
#include "flow/request_path.hpp"
#include "flow/shell.hpp"
#include "flow/staff.hpp"
#include "flow/status_lookup.hpp"
#include "flow/technician.hpp"
#include "flow/text_entry.hpp"
#include "words.hpp"

namespace kiosk {

struct State {
  // Navigation, the root's own.
  Screen screen = Screen::Home;
  std::vector<Screen> back_stack;  // screens to return to with "Quay lại"
  // The areas. All but the shell's terminal facts and the input method go with the session.
  Shell shell;
  Entry entry;
  RequestPath request;
  RatingForm rating;
  AgencyPages agencies;
  StatusLookup lookup;
  PinEntry pin;
  std::optional<StaffDesk> staff;            // while staff are signed in
  std::optional<TechnicianDesk> technician;  // while a technician is signed in
  ProvisioningForm provisioning;
};

// What the terminal starts with (the app reads it from its config and clock).
struct Setup {
  Lang lang = Lang::Vi;
  IdlePolicy idle;
  InputMethod input_method = InputMethod::Telex;
  ToneStyle tone_style = ToneStyle::Modern;
  int current_year = 2026;
  std::string portal_url;     // empty: first boot, the provisioning screen instead of home
  bool take_requests = true;  // false: a screenshot of a screen, never the provisioning screen
  std::int64_t now_ms = 0;
};
[[nodiscard]] State initial_state(const Setup& setup);

using Event =
    std::variant<ShellEvent, EntryEvent, RequestEvent, RatingEvent, AgencyEvent, LookupEvent,
                 EventPinChecked, StaffEvent, TechnicianEvent, ProvisioningEvent>;

struct Reduction {
  State state;
  std::vector<Effect> effects;
};

[[nodiscard]] Reduction reduce(State state, const Event& event);

// The text a box holds (empty for a box no area has now).
[[nodiscard]] const std::string& field_text(const State& s, TextField f);

// When the next Tick must arrive for the idle policy to work, or -1 when no timer is needed.
[[nodiscard]] std::int64_t next_idle_deadline(const State& state);

}  // namespace kiosk
