#include "flow.hpp"

#include <array>
#include <utility>

namespace kiosk {

namespace {

constexpr std::array<std::pair<Screen, std::string_view>, 5> kScreenNames{{
    {Screen::Home, "home"},
    {Screen::RequestIntro, "request"},
    {Screen::StatusLookup, "status"},
    {Screen::Rating, "rating"},
    {Screen::AgencyInfo, "agencies"},
}};

// A session exists while the resident is anywhere but the untouched home screen.
bool in_session(const State& s) {
  return s.screen != Screen::Home || !s.back_stack.empty() || s.lang != s.default_lang;
}

void wipe(State& s, std::vector<Effect>& fx) {
  s.screen = Screen::Home;
  s.back_stack.clear();
  s.lang = s.default_lang;
  s.idle_warning = false;
  ++s.session;
  fx.emplace_back(EffectWipeSession{});
}

void touched(State& s, std::int64_t now) {
  s.last_activity_ms = now;
  s.idle_warning = false;
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

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

std::int64_t next_idle_deadline(const State& s) {
  if (!in_session(s)) return -1;
  return s.last_activity_ms + (s.idle_warning ? s.idle.reset_after_ms : s.idle.warn_after_ms);
}

Reduction reduce(State s, const Event& event) {
  std::vector<Effect> fx;
  std::visit(Overloaded{
                 [&](const EventTouch& e) { touched(s, e.now_ms); },
                 [&](const EventTick& e) {
                   if (!in_session(s)) return;
                   const std::int64_t idle = e.now_ms - s.last_activity_ms;
                   if (idle >= s.idle.reset_after_ms) {
                     wipe(s, fx);
                   } else if (idle >= s.idle.warn_after_ms) {
                     s.idle_warning = true;
                   }
                 },
                 [&](const RequestOpen& e) {
                   touched(s, e.now_ms);
                   if (e.screen == s.screen) return;
                   if (e.screen == Screen::Home) {
                     s.back_stack.clear();
                   } else {
                     s.back_stack.push_back(s.screen);
                   }
                   s.screen = e.screen;
                 },
                 [&](const RequestBack& e) {
                   touched(s, e.now_ms);
                   if (s.back_stack.empty()) {
                     s.screen = Screen::Home;
                     return;
                   }
                   s.screen = s.back_stack.back();
                   s.back_stack.pop_back();
                 },
                 [&](const RequestCancel& e) {
                   wipe(s, fx);
                   s.last_activity_ms = e.now_ms;
                 },
                 [&](const RequestLanguage& e) {
                   touched(s, e.now_ms);
                   s.lang = e.lang;
                 },
                 [&](const EventConnectivity& e) { s.connectivity = e.connectivity; },
             },
             event);
  if (const std::int64_t at = next_idle_deadline(s); at >= 0) fx.emplace_back(EffectWakeAt{at});
  fx.emplace_back(EffectRedraw{});
  return {std::move(s), std::move(fx)};
}

}  // namespace kiosk
