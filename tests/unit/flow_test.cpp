#include <doctest/doctest.h>

#include <algorithm>

#include "flow.hpp"

using namespace kiosk;

namespace {

State fresh(IdlePolicy idle = {}) {
  State s;
  s.shell.idle = idle;
  return s;
}

template <class E>
bool has_effect(const Reduction& r) {
  return std::any_of(r.effects.begin(), r.effects.end(),
                     [](const Effect& e) { return std::holds_alternative<E>(e); });
}

std::int64_t wake_at(const Reduction& r) {
  for (const Effect& e : r.effects)
    if (const auto* w = std::get_if<EffectWakeAt>(&e)) return w->at_ms;
  return -1;
}

}  // namespace

TEST_CASE("each home tile opens its service, and Quay lại comes back home") {
  for (Screen target :
       {Screen::RequestIntro, Screen::StatusLookup, Screen::Rating, Screen::AgencyInfo}) {
    CAPTURE(screen_name(target));
    Reduction r = reduce(fresh(), RequestOpen{target, 1000});
    CHECK(r.state.screen == target);
    CHECK(r.state.back_stack == std::vector<Screen>{Screen::Home});
    r = reduce(r.state, RequestBack{2000});
    CHECK(r.state.screen == Screen::Home);
    CHECK(r.state.back_stack.empty());
  }
}

TEST_CASE("Quay lại walks back through every screen visited, in order") {
  State s = reduce(fresh(), RequestOpen{Screen::AgencyInfo, 10}).state;
  s = reduce(s, RequestOpen{Screen::RequestIntro, 20}).state;
  CHECK(s.screen == Screen::RequestIntro);
  s = reduce(s, RequestBack{30}).state;
  CHECK(s.screen == Screen::AgencyInfo);
  s = reduce(s, RequestBack{40}).state;
  CHECK(s.screen == Screen::Home);
  s = reduce(s, RequestBack{50}).state;  // back on home stays home
  CHECK(s.screen == Screen::Home);
}

TEST_CASE("Huỷ wipes the session: home, default language, a new session number") {
  State s = reduce(fresh(), RequestLanguage{Lang::En, 5}).state;
  s = reduce(s, RequestOpen{Screen::Rating, 10}).state;
  const auto session = s.shell.session;
  Reduction r = reduce(s, RequestCancel{20});
  CHECK(r.state.screen == Screen::Home);
  CHECK(r.state.back_stack.empty());
  CHECK(r.state.shell.lang == Lang::Vi);
  CHECK(r.state.shell.session == session + 1);
  CHECK(has_effect<EffectWipeSession>(r));
}

TEST_CASE("switching the language keeps the screen and the way back") {
  State s = reduce(fresh(), RequestOpen{Screen::StatusLookup, 10}).state;
  s = reduce(s, RequestLanguage{Lang::En, 20}).state;
  CHECK(s.shell.lang == Lang::En);
  CHECK(s.screen == Screen::StatusLookup);
  CHECK(s.back_stack == std::vector<Screen>{Screen::Home});
  s = reduce(s, RequestLanguage{Lang::Vi, 30}).state;
  CHECK(s.shell.lang == Lang::Vi);
}

TEST_CASE("idle: warning at 60 s, home and wiped at 75 s, on every screen") {
  for (Screen target :
       {Screen::RequestIntro, Screen::StatusLookup, Screen::Rating, Screen::AgencyInfo}) {
    CAPTURE(screen_name(target));
    Reduction r = reduce(fresh(), RequestOpen{target, 1'000});
    CHECK(wake_at(r) == 61'000);  // the app is asked to wake exactly when the warning is due

    r = reduce(r.state, EventTick{60'999});
    CHECK_FALSE(r.state.shell.idle_warning);
    r = reduce(r.state, EventTick{61'000});
    CHECK(r.state.shell.idle_warning);
    CHECK(r.state.screen == target);
    CHECK(wake_at(r) == 76'000);

    r = reduce(r.state, EventTick{75'999});
    CHECK(r.state.screen == target);
    r = reduce(r.state, EventTick{76'000});
    CHECK(r.state.screen == Screen::Home);
    CHECK_FALSE(r.state.shell.idle_warning);
    CHECK(has_effect<EffectWipeSession>(r));
    CHECK(wake_at(r) == -1);  // nothing to time on an untouched home screen
  }
}

TEST_CASE("a touch during the warning keeps the resident where they are") {
  State s = reduce(fresh(), RequestOpen{Screen::Rating, 0}).state;
  s = reduce(s, EventTick{60'000}).state;
  REQUIRE(s.shell.idle_warning);
  Reduction r = reduce(s, EventTouch{70'000});
  CHECK_FALSE(r.state.shell.idle_warning);
  CHECK(r.state.screen == Screen::Rating);
  CHECK(wake_at(r) == 130'000);
  r = reduce(r.state, EventTick{75'000});  // the old deadline passes harmlessly
  CHECK(r.state.screen == Screen::Rating);
}

TEST_CASE("idle times are configurable") {
  Reduction r = reduce(fresh({.warn_after_ms = 5'000, .reset_after_ms = 8'000}),
                       RequestOpen{Screen::AgencyInfo, 0});
  r = reduce(r.state, EventTick{5'000});
  CHECK(r.state.shell.idle_warning);
  r = reduce(r.state, EventTick{8'000});
  CHECK(r.state.screen == Screen::Home);
}

TEST_CASE("an English home screen left alone returns to Vietnamese") {
  Reduction r = reduce(fresh(), RequestLanguage{Lang::En, 0});
  CHECK(wake_at(r) == 60'000);
  r = reduce(r.state, EventTick{75'000});
  CHECK(r.state.shell.lang == Lang::Vi);
}

TEST_CASE("the untouched home screen never times out or wipes") {
  Reduction r = reduce(fresh(), EventTick{10'000'000});
  CHECK(r.state.screen == Screen::Home);
  CHECK_FALSE(r.state.shell.idle_warning);
  CHECK_FALSE(has_effect<EffectWipeSession>(r));
  CHECK(next_idle_deadline(r.state) == -1);
}

TEST_CASE("connectivity reaches the state without touching the session") {
  State s = reduce(fresh(), RequestOpen{Screen::Rating, 100}).state;
  Reduction r =
      reduce(s, EventConnectivity{{.portal_configured = true, .online = false, .queued = 3}});
  CHECK(r.state.shell.connectivity.queued == 3);
  CHECK(r.state.screen == Screen::Rating);
  CHECK(r.state.shell.last_activity_ms == 100);  // a sync result is not the resident touching
}

TEST_CASE("screen names round-trip for the command line") {
  for (Screen s : {Screen::Home, Screen::RequestIntro, Screen::StatusLookup, Screen::Rating,
                   Screen::AgencyInfo}) {
    Screen parsed = Screen::Home;
    CHECK(parse_screen(screen_name(s), parsed));
    CHECK(parsed == s);
  }
  Screen unused = Screen::Home;
  CHECK_FALSE(parse_screen("nowhere", unused));
}
