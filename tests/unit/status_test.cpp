// "Tra cứu hồ sơ" without a window: telling a scanner from a person, what a scan does on each
// screen, the lookup's outcomes, the words for every state, and where a deadline stands.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "case_state.hpp"
#include "case_view.hpp"
#include "flow.hpp"
#include "request.hpp"
#include "utf8.hpp"
#include "wedge.hpp"

using namespace kiosk;

namespace {

constexpr const char* kPortal = "https://localhost:8443";
const std::string kUrl = status_url(kPortal, "VL01-261125-0001", "620MPBXF");

// Feeds `text` one character every `gap_ms`, then Enter after `gap_ms`.
std::optional<std::string> type(WedgeDetector& w, const std::string& text, std::int64_t gap_ms,
                                std::int64_t start = 1000) {
  std::int64_t t = start;
  for (char c : text) {
    w.on_text(std::string(1, c), t);
    t += gap_ms;
  }
  return w.on_enter(t);
}

State at_home() {
  State s;
  s.shell.portal_url = kPortal;
  return s;
}

const EffectLookupStatus* lookup_of(const Reduction& r) {
  for (const Effect& e : r.effects)
    if (const auto* l = std::get_if<EffectLookupStatus>(&e)) return l;
  return nullptr;
}

}  // namespace

TEST_CASE("wedge: a scanner's burst is a scan, a person typing is not") {
  WedgeDetector w;
  CHECK(type(w, kUrl, 4) == kUrl);                 // a typical USB scanner: ~4 ms a character
  CHECK(type(w, kUrl, 15) == kUrl);                // a slow one
  CHECK_FALSE(type(w, kUrl, 120).has_value());     // a fast typist: ~120 ms a key
  CHECK_FALSE(type(w, "VL01-26", 3).has_value());  // too short to be a code
  // A person's two quick keys, a pause, then Enter: not a scan.
  w.on_text("a", 0);
  w.on_text("b", 10);
  CHECK_FALSE(w.on_enter(500).has_value());
  // Uneven: fast, then a long pause near the end (someone pressing keys): not a scan.
  std::int64_t t = 0;
  for (int i = 0; i < 20; ++i) w.on_text("x", t += (i == 15 ? 300 : 5));
  CHECK_FALSE(w.on_enter(t + 5).has_value());
  // After a scan the detector is empty again; a flood without Enter is not kept.
  CHECK(type(w, kUrl, 4) == kUrl);
  CHECK_FALSE(w.pending());
  for (int i = 0; i < 10'000; ++i) w.on_text("z", 1000 + i);
  CHECK(w.on_enter(11'000) == std::nullopt);
}

TEST_CASE("a scan on the home screen opens the status screen and looks the case up") {
  const Reduction r = reduce(at_home(), EventScanned{kUrl + "\r", 1000});
  CHECK(r.state.screen == Screen::StatusLookup);
  CHECK(r.state.lookup.lookup == Lookup::Waiting);
  const auto* l = lookup_of(r);
  REQUIRE(l);
  CHECK(l->code == "VL01-261125-0001");
  CHECK(l->token == "620MPBXF");
  // A second scan while looking up is ignored: one lookup at a time.
  CHECK(lookup_of(reduce(r.state, EventScanned{kUrl, 1100})) == nullptr);
}

TEST_CASE("a lookup still running when its screen is opened again goes on: one at a time") {
  const Reduction scanned = reduce(at_home(), EventScanned{kUrl + "\r", 1000});
  REQUIRE(scanned.state.lookup.lookup == Lookup::Waiting);
  State s = reduce(scanned.state, RequestBack{1100}).state;
  s = reduce(std::move(s), RequestOpen{Screen::StatusLookup, 1200}).state;
  CHECK(s.lookup.code.empty());                                      // the screen starts empty
  CHECK(lookup_of(reduce(s, EventScanned{kUrl, 1300})) == nullptr);  // still one at a time
  CaseView view;
  view.code = "VL01-261125-0001";
  const Reduction done = reduce(s, EventLookupDone{LookupOutcome::Found, view});
  CHECK(done.state.screen == Screen::StatusResult);  // its answer still arrives
  CHECK(done.state.lookup.view.code == view.code);
}

TEST_CASE("a foreign QR says why and looks nothing up, a bare code asks for the lookup code") {
  Reduction r = reduce(at_home(), EventScanned{"https://evil.example/c/X?t=Y", 1000});
  CHECK(r.state.screen == Screen::StatusLookup);
  CHECK(r.state.lookup.scan_error == PayloadError::ForeignUrl);
  CHECK(lookup_of(r) == nullptr);
  r = reduce(r.state, EventScanned{"VL01-261125-0001", 2000});
  CHECK(r.state.lookup.scan_error == PayloadError::None);
  CHECK(r.state.lookup.code == "VL01-261125-0001");
  CHECK(r.state.entry.focus == TextField::StatusToken);
  CHECK(lookup_of(r) == nullptr);
  for (char32_t k : std::u32string(U"620mpbxf")) r = reduce(r.state, EventKey{k, 2100});
  CHECK(r.state.lookup.token == "620MPBXF");  // typed small, read in capitals
  r = reduce(r.state, RequestLookup{2200});
  REQUIRE(lookup_of(r));
  CHECK(lookup_of(r)->token == "620MPBXF");
}

TEST_CASE("typed codes are checked before anything is looked up") {
  Reduction r = reduce(at_home(), RequestOpen{Screen::StatusLookup, 1000});
  r = reduce(r.state, RequestLookup{1100});
  CHECK(r.state.lookup.scan_error == PayloadError::NotOurs);
  CHECK(lookup_of(r) == nullptr);
  r.state.lookup.code = "VL01-261125-0001";
  r.state.lookup.token = "620MPB";
  r = reduce(r.state, RequestLookup{1200});
  CHECK(r.state.lookup.scan_error == PayloadError::BadToken);
  CHECK(lookup_of(r) == nullptr);
}

TEST_CASE("the last 4 digits of the phone may stand in for the lookup code") {
  Reduction r = reduce(at_home(), RequestOpen{Screen::StatusLookup, 1000});
  r.state.lookup.code = "VL01-261125-0001";
  r.state.lookup.token = "5678";
  r = reduce(r.state, RequestLookup{1100});
  REQUIRE(lookup_of(r));
  CHECK(lookup_of(r)->phone4 == "5678");
  CHECK(lookup_of(r)->token.empty());
  Reduction miss = reduce(r.state, EventLookupDone{LookupOutcome::TooManyTries, {}});
  CHECK(miss.state.lookup.outcome == LookupOutcome::TooManyTries);
}

TEST_CASE("a scan in the middle of a request is ignored and types nothing") {
  Reduction r = reduce(at_home(), RequestOpen{Screen::RequestIntro, 1000});
  r = reduce(r.state, RequestNext{1100});
  r = reduce(r.state, RequestChooseAgency{"ubnd-xa-vinh-linh", 1200});
  const State before = r.state;
  r = reduce(r.state, EventScanned{kUrl, 1300});
  CHECK(r.state.screen == before.screen);
  CHECK(lookup_of(r) == nullptr);
  CHECK(r.state.request.draft.question.empty());
}

TEST_CASE("the lookup's outcome: found shows the case, not found and unreachable say so") {
  Reduction r = reduce(at_home(), EventScanned{kUrl, 1000});
  CaseView v;
  v.code = "VL01-261125-0001";
  v.status = "accepted";
  Reduction found = reduce(r.state, EventLookupDone{LookupOutcome::Found, v});
  CHECK(found.state.screen == Screen::StatusResult);
  CHECK(found.state.lookup.view.status == "accepted");
  // "Tra cứu hồ sơ khác" starts empty: nothing of the last case stays on the screen.
  Reduction other = reduce(found.state, RequestOpen{Screen::StatusLookup, 2500});
  CHECK(other.state.screen == Screen::StatusLookup);
  CHECK(other.state.lookup.code.empty());
  CHECK(other.state.lookup.token.empty());
  CHECK(other.state.lookup.view.code.empty());
  // A new scan from the result screen.
  Reduction again = reduce(found.state, EventScanned{kUrl, 3000});
  CHECK(again.state.screen == Screen::StatusLookup);
  CHECK(lookup_of(again));
  for (LookupOutcome o : {LookupOutcome::NotFound, LookupOutcome::Unreachable}) {
    Reduction miss = reduce(r.state, EventLookupDone{o, {}});
    CHECK(miss.state.screen == Screen::StatusLookup);
    CHECK(miss.state.lookup.lookup == Lookup::Failed);
    CHECK(miss.state.lookup.outcome == o);
    CHECK(miss.state.lookup.outcome != LookupOutcome::Found);
  }
  // The idle timeout wipes the case from the screen and from memory.
  Reduction wiped = reduce(found.state, RequestCancel{4000});
  CHECK(wiped.state.lookup.view.code.empty());
  CHECK(reduce(wiped.state, EventLookupDone{LookupOutcome::Found, v}).state.screen == Screen::Home);
}

TEST_CASE("every state has words in both languages, in NFC, and closed ones are marked") {
  for (const char* id :
       {"queued", "received", "accepted", "refused", "redirected", "supplement_requested",
        "extended", "answered", "suspended", "terminated"}) {
    CAPTURE(id);
    const auto t = case_state_text(id);
    CHECK(t.vi != t.id);
    CHECK(t.en != t.id);
    CHECK(is_precomposed_vietnamese(t.vi));
  }
  CHECK(case_state_text("answered").closed);
  CHECK(case_state_text("refused").closed);
  CHECK_FALSE(case_state_text("accepted").closed);
  CHECK_FALSE(acceptance_pending("accepted"));
  CHECK(answer_pending("extended"));
  CHECK_FALSE(answer_pending("answered"));
}

TEST_CASE("a deadline: working days left, due today, or days overdue") {
  const WorkingDayCalendar cal({}, {});
  const auto d = [](int y, unsigned m, unsigned day) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{day}};
  };
  // Wednesday 25/11/2026 → Wednesday 2/12: five working days left.
  auto st = deadline_standing(d(2026, 12, 2), d(2026, 11, 25), cal);
  CHECK_FALSE(st.overdue);
  CHECK(st.days == 5);
  st = deadline_standing(d(2026, 11, 25), d(2026, 11, 25), cal);
  CHECK_FALSE(st.overdue);
  CHECK(st.days == 0);
  st = deadline_standing(d(2026, 11, 20), d(2026, 11, 25), cal);
  CHECK(st.overdue);
  CHECK(st.days == 5);
}

TEST_CASE("the portal's status JSON and an outbox body both become a case view") {
  CaseView v;
  REQUIRE(parse_case_view(
      R"({"code":"VL01-261125-0001","status":"answered","agency":{"id":"a","name":"A"},
          "field":{"id":"f","name":"F"},"received_at":"2026-11-25T10:00:00+07:00",
          "deadlines":{"acceptance_due":"2026-12-02","answer_due":"2026-12-17"},
          "history":[{"at":"2026-11-25T10:00:00+07:00","status":"received","note":""}],
          "answer":{"summary":"S","document_url":"https://x/1.pdf","public":true}})",
      v));
  CHECK(v.answer_summary == "S");
  CHECK(v.history.size() == 1);
  CHECK_FALSE(parse_case_view("[1,2]", v));
  CHECK_FALSE(parse_case_view("{\"code\":\"x\"}", v));
  REQUIRE(case_view_from_submission(
      R"({"code":"VL01-261125-0002","created_at":"2026-11-25T10:00:00+07:00",
          "agency_id":"a","field_id":"f","deadlines":{"acceptance_due":"2026-12-02",
          "answer_due":"2026-12-17"}})",
      v));
  CHECK(v.status == "queued");
  CHECK(v.source == CaseSource::Outbox);
}
