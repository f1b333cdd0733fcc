// The shell: what holds for the whole terminal and the resident's session around every screen:
// the language, the idle timer, the link to the portal, the printer, the hidden staff gesture.
// Navigation (which screen, the way back) is the root reducer's (flow.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "printout.hpp"
#include "words.hpp"

namespace kiosk {

// How long a resident may leave the terminal alone: warn after 60 s, wipe and go home after 75 s.
struct IdlePolicy {
  std::int64_t warn_after_ms = 60'000;
  std::int64_t reset_after_ms = 75'000;
};

struct Connectivity {
  bool portal_configured = false;
  bool online = false;
  int queued = -1;  // submissions in the outbox not yet acknowledged; -1 while unknown
  bool needs_reprovisioning = false;  // the portal refused the token (401): for a technician
};

struct PrinterInfo {
  PrinterState state = PrinterState::Unknown;
  std::string name;  // "tcp 10.0.0.5:9100", "off"
};

struct Shell {
  Lang lang = Lang::Vi;
  Lang default_lang = Lang::Vi;
  IdlePolicy idle;
  std::int64_t last_activity_ms = 0;
  bool idle_warning = false;  // the "Bạn còn đang sử dụng?" overlay is shown
  std::uint64_t session = 0;  // bumped each time a resident's session is wiped
  Connectivity connectivity;
  int current_year = 2026;  // for the CCCD birth-year check; the app keeps it current
  std::string portal_url;   // receipts' QR codes point here; scans of other URLs are refused
  PrinterInfo printer;
  int hidden_taps = 0;  // the staff gesture: taps on the home screen's top-right corner
  std::int64_t first_hidden_tap_ms = 0;
  std::int64_t staff_idle_ms = 120'000;  // staff mode leaves by itself after 2 minutes
  bool needs_provisioning = false;       // no portal known: the provisioning screen instead of home
  bool technician_pin_set = false;

  void touched(std::int64_t now_ms) {
    last_activity_ms = now_ms;
    idle_warning = false;
  }
};

// --- Events: the session and the terminal around the screens ----------------------------------
struct EventTouch {
  std::int64_t now_ms;
};  // any input from the resident
struct EventTick {
  std::int64_t now_ms;
};  // the app's timer woke up
struct RequestOpen {
  Screen screen;
  std::int64_t now_ms;
};  // a tile or link was tapped
struct RequestBack {
  std::int64_t now_ms;
};  // "Quay lại"
struct RequestCancel {
  std::int64_t now_ms;
};  // "Huỷ": drop everything, go home
struct RequestLanguage {
  Lang lang;
  std::int64_t now_ms;
};
struct RequestNext {
  std::int64_t now_ms;
};  // "Tiếp tục": the screen's own check, then the next screen
struct RequestHiddenTap {
  std::int64_t now_ms;
};  // the home screen's top-right corner: 5 taps within 4 s open the staff PIN
struct EventConnectivity {
  Connectivity connectivity;
};
struct EventStoreOpened {
  bool technician_pin_set;
};
struct EventScanned {
  std::string payload;  // what a scanner read (wedge, serial or camera), as it came
  std::int64_t now_ms;
};
struct EventPrinted {
  std::string kind;  // receipt | status_slip | summary | test
  std::string case_code;
  bool printed;
  PrinterState state;
};
struct EventPrinterState {
  PrinterInfo printer;
};
struct RequestStaffPrint {
  StaffPrint what;
  std::int64_t now_ms;
};  // the printer panel of the staff and the technician desks
using ShellEvent =
    std::variant<EventTouch, EventTick, RequestOpen, RequestBack, RequestCancel, RequestLanguage,
                 RequestNext, RequestHiddenTap, EventConnectivity, EventStoreOpened, EventScanned,
                 EventPrinted, EventPrinterState, RequestStaffPrint>;

}  // namespace kiosk
