// The screen flow as data: reduce(State, Event) -> State + Effects. Pure: no clock, no I/O.
// Time arrives inside events (milliseconds on a monotonic clock the app owns).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk {

enum class Screen {
  Home,
  RequestIntro,  // "Yêu cầu giải trình"
  StatusLookup,  // "Tra cứu hồ sơ"
  Rating,        // "Đánh giá mức độ hài lòng"
  AgencyInfo,    // "Thông tin cơ quan, thủ tục"
};

enum class Lang { Vi, En };

[[nodiscard]] std::string_view screen_name(Screen s);
[[nodiscard]] bool parse_screen(std::string_view name, Screen& out);

// How long a resident may leave the terminal alone. Defaults follow the issue: warn after 60 s,
// wipe and return home after 75 s.
struct IdlePolicy {
  std::int64_t warn_after_ms = 60'000;
  std::int64_t reset_after_ms = 75'000;
};

struct Connectivity {
  bool portal_configured = false;
  bool online = false;
  int queued = -1;  // submissions in the outbox not yet acknowledged; -1 while unknown
};

struct State {
  Screen screen = Screen::Home;
  std::vector<Screen> back_stack;  // screens to return to with "Quay lại"
  Lang lang = Lang::Vi;
  Lang default_lang = Lang::Vi;
  IdlePolicy idle;
  std::int64_t last_activity_ms = 0;
  bool idle_warning = false;  // the "Bạn còn đang sử dụng?" overlay is shown
  std::uint64_t session = 0;  // bumped each time a resident's session is wiped
  Connectivity connectivity;
};

// --- Events: something happened -------------------------------------------------------------
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
struct EventConnectivity {
  Connectivity connectivity;
};

using Event = std::variant<EventTouch, EventTick, RequestOpen, RequestBack, RequestCancel,
                           RequestLanguage, EventConnectivity>;

// --- Effects: what the app must do after a reduction ----------------------------------------
struct EffectWipeSession {};  // forget everything the resident entered
struct EffectWakeAt {
  std::int64_t at_ms;
};  // the next moment a Tick is needed
struct EffectRedraw {};

using Effect = std::variant<EffectWipeSession, EffectWakeAt, EffectRedraw>;

struct Reduction {
  State state;
  std::vector<Effect> effects;
};

[[nodiscard]] Reduction reduce(State state, const Event& event);

// When the next Tick must arrive for the idle policy to work, or -1 when no timer is needed.
[[nodiscard]] std::int64_t next_idle_deadline(const State& state);

}  // namespace kiosk
