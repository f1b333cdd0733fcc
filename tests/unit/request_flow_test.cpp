// The request path as data: every step, back, cancel, timeout, language, edit, submit.
#include <doctest/doctest.h>

#include <algorithm>

#include "flow.hpp"
#include "utf8.hpp"

using namespace kiosk;

namespace {

struct Driver {
  State s;
  std::int64_t now = 1000;
  std::vector<Effect> last;

  void on(const Event& e) {
    Reduction r = reduce(std::move(s), e);
    s = std::move(r.state);
    last = std::move(r.effects);
  }
  std::int64_t t() { return now += 500; }
  void type(std::string_view keys) {
    std::vector<char32_t> cps;
    REQUIRE(decode_utf8(keys, cps));
    for (char32_t c : cps) on(EventKey{c, t()});
  }
  void fill(TextField f, std::string_view keys) {
    on(RequestFocus{f, t()});
    type(keys);
  }
  template <class E>
  const E* effect() const {
    for (const Effect& e : last)
      if (const auto* x = std::get_if<E>(&e)) return x;
    return nullptr;
  }

  // Walks to `target` filling every step with a valid request.
  void walk_to(Screen target) {
    on(RequestOpen{Screen::RequestIntro, t()});
    if (s.screen == target) return;
    on(RequestNext{t()});
    if (s.screen == target) return;
    on(RequestChooseAgency{"ubnd-xa-vinh-linh", t()});
    if (s.screen == target) return;
    on(RequestChooseField{"dat-dai", t()});
    if (s.screen == target) return;
    fill(TextField::DecisionNumber, "125/QDD-UBND");
    fill(TextField::DecisionDate, "12/10/2026");
    fill(TextField::Impact, "Thu hooif ddaats vuwowfn nhaf tooi");
    on(RequestToggleAspect{kAspectLegalBasis, t()});
    on(RequestNext{t()});
    if (s.screen == target) return;
    fill(TextField::Question, "Vif sao gias booif thuwowngf thaaps hown gias thij truwowngf?");
    on(RequestNext{t()});
    if (s.screen == target) return;
    on(RequestChooseStanding{Standing::Self, t()});
    on(RequestNext{t()});
    if (s.screen == target) return;
    fill(TextField::FullName, "Nguyeenx Thij Anhs Tuyeest");
    fill(TextField::Address, "Thoon Taan Myx, xax Vinhx Linh");
    fill(TextField::Phone, "0912345678");
    on(RequestNext{t()});
    if (s.screen == target) return;
    on(RequestConsentAnswer{true, t()});
    if (s.screen == target) return;
    on(EventSignatureStroke{{{0.1f, 0.5f}, {0.5f, 0.4f}, {0.9f, 0.6f}}, t()});
    on(RequestNext{t()});
  }
};

constexpr Screen kSteps[] = {Screen::RequestIntro,     Screen::RequestAgency,
                             Screen::RequestField,     Screen::RequestDecision,
                             Screen::RequestQuestion,  Screen::RequestStanding,
                             Screen::RequestPersonal,  Screen::RequestConsent,
                             Screen::RequestSignature, Screen::RequestReview};

}  // namespace

TEST_CASE("the whole path, typed in Telex, ends in one submit effect and a receipt") {
  Driver d;
  d.walk_to(Screen::RequestReview);
  REQUIRE(d.s.screen == Screen::RequestReview);
  const auto& draft = d.s.request.draft;
  CHECK(draft.decision_number == "125/QĐ-UBND");
  CHECK(draft.impact == "Thu hồi đất vườn nhà tôi");
  CHECK(draft.question == "Vì sao giá bồi thường thấp hơn giá thị trường?");
  CHECK(draft.personal.full_name == "Nguyễn Thị Ánh Tuyết");
  CHECK(draft.personal.address == "Thôn Tân Mỹ, xã Vĩnh Linh");
  CHECK(draft.personal.phone == "0912345678");
  CHECK(draft.consent);
  CHECK(draft.personal.signature.size() == 1);

  d.on(RequestSubmit{d.t()});
  const auto* submit = d.effect<EffectSubmitRequest>();
  REQUIRE(submit != nullptr);
  CHECK(submit->draft.question == draft.question);
  CHECK(d.s.request.sending == Sending::Waiting);
  d.on(RequestSubmit{d.t()});  // a second tap while committing sends nothing more
  CHECK(d.effect<EffectSubmitRequest>() == nullptr);
  d.on(RequestCancel{d.t()});  // nor can Huỷ pull the form away mid-commit
  CHECK(d.s.screen == Screen::RequestReview);

  Receipt receipt;
  receipt.code = "VL01-261125-0001";
  d.on(EventSubmitted{receipt});
  CHECK(d.s.screen == Screen::RequestReceipt);
  CHECK(d.s.request.receipt->code == "VL01-261125-0001");
  CHECK(d.s.request.draft.personal.full_name.empty());  // personal data gone from memory
  CHECK(d.s.back_stack.empty());                        // no way back into the form
  d.on(RequestBack{d.t()});
  CHECK(d.s.screen == Screen::Home);
}

TEST_CASE("Tiếp tục on an empty step says what is missing and stays") {
  Driver d;
  d.on(RequestOpen{Screen::RequestIntro, d.t()});
  d.on(RequestNext{d.t()});
  REQUIRE(d.s.screen == Screen::RequestAgency);
  d.on(RequestNext{d.t()});
  CHECK(d.s.screen == Screen::RequestAgency);
  CHECK(d.s.entry.problem_of(Subject::Agency) == Problem::Required);
}

TEST_CASE("Tiếp tục on the decision step names each missing or wrong box") {
  Driver d;
  d.walk_to(Screen::RequestDecision);
  d.on(RequestNext{d.t()});
  CHECK(d.s.screen == Screen::RequestDecision);
  CHECK(d.s.entry.problem_of(TextField::Impact) == Problem::Required);
  CHECK(d.s.entry.problem_of(Subject::Aspects) == Problem::Required);
  d.fill(TextField::DecisionDate, "31/02/2026");
  d.on(RequestNext{d.t()});
  CHECK(d.s.entry.problem_of(TextField::DecisionDate) == Problem::DateFormat);
  d.fill(TextField::DecisionDate, "x");  // letters do not go into a date box
  CHECK(d.s.request.draft.decision_date == "31/02/2026");
}

TEST_CASE("Tiếp tục on the personal step names each missing or wrong box") {
  Driver d;
  d.walk_to(Screen::RequestPersonal);
  d.on(RequestNext{d.t()});
  CHECK(d.s.screen == Screen::RequestPersonal);
  CHECK(d.s.entry.problem_of(TextField::FullName) == Problem::Required);
  CHECK(d.s.entry.problem_of(TextField::Address) == Problem::Required);
  CHECK(d.s.entry.problem_of(Subject::Contact) == Problem::ContactMissing);
  d.fill(TextField::Phone, "012");
  CHECK(d.s.entry.problem_of(Subject::Contact) == Problem::None);  // typing clears the complaint
  d.on(RequestNext{d.t()});
  CHECK(d.s.entry.problem_of(TextField::Phone) == Problem::PhoneFormat);
}

TEST_CASE("no consent, no signature: the path stops there and says why") {
  Driver d;
  d.walk_to(Screen::RequestConsent);
  d.on(RequestConsentAnswer{false, d.t()});
  CHECK(d.s.screen == Screen::RequestConsent);
  CHECK(d.s.entry.problem_of(Subject::Consent) == Problem::Required);

  d.on(RequestConsentAnswer{true, d.t()});
  REQUIRE(d.s.screen == Screen::RequestSignature);
  d.on(RequestNext{d.t()});
  CHECK(d.s.entry.problem_of(Subject::Signature) == Problem::Required);
}

TEST_CASE("Quay lại from every step goes to the step before, keeping what was typed") {
  for (std::size_t i = 1; i < std::size(kSteps); ++i) {
    CAPTURE(screen_name(kSteps[i]));
    Driver d;
    d.walk_to(kSteps[i]);
    REQUIRE(d.s.screen == kSteps[i]);
    const std::string question = d.s.request.draft.question;
    d.on(RequestBack{d.t()});
    CHECK(d.s.screen == kSteps[i - 1]);
    CHECK(d.s.request.draft.question == question);
  }
}

TEST_CASE("Huỷ and the idle timeout on every step wipe everything typed") {
  for (Screen step : kSteps) {
    CAPTURE(screen_name(step));
    for (bool timeout : {false, true}) {
      Driver d;
      d.walk_to(step);
      REQUIRE(d.s.screen == step);
      if (timeout) {
        d.on(EventTick{d.now + d.s.shell.idle.warn_after_ms});
        CHECK(d.s.shell.idle_warning);
        CHECK(d.s.screen == step);
        d.on(EventTick{d.now + d.s.shell.idle.reset_after_ms});
      } else {
        d.on(RequestCancel{d.t()});
      }
      CHECK(d.s.screen == Screen::Home);
      CHECK(d.effect<EffectWipeSession>() != nullptr);
      CHECK(d.s.request.draft.question.empty());
      CHECK(d.s.request.draft.personal.full_name.empty());
      CHECK(d.s.request.draft.agency_id.empty());
    }
  }
}

TEST_CASE("switching the language mid-way keeps what was typed") {
  Driver d;
  d.walk_to(Screen::RequestPersonal);
  d.fill(TextField::FullName, "Traanf");
  d.on(RequestLanguage{Lang::En, d.t()});
  CHECK(d.s.shell.lang == Lang::En);
  CHECK(d.s.screen == Screen::RequestPersonal);
  CHECK(d.s.request.draft.personal.full_name == "Trần");
  d.on(RequestLanguage{Lang::Vi, d.t()});
  CHECK(d.s.request.draft.question == "Vì sao giá bồi thường thấp hơn giá thị trường?");
}

TEST_CASE("Sửa on the review opens that step and Tiếp tục comes back to the review") {
  Driver d;
  d.walk_to(Screen::RequestReview);
  d.on(RequestEdit{Screen::RequestQuestion, d.t()});
  CHECK(d.s.screen == Screen::RequestQuestion);
  d.on(RequestFocus{TextField::Question, d.t()});
  d.type(" Xin cam own");
  d.on(RequestNext{d.t()});
  CHECK(d.s.screen == Screen::RequestReview);
  CHECK(d.s.request.draft.question.ends_with("Xin cam ơn"));

  d.on(RequestEdit{Screen::RequestAgency, d.t()});  // a new body needs its field again
  d.on(RequestChooseAgency{"so-xay-dung-quang-tri", d.t()});
  CHECK(d.s.screen == Screen::RequestField);
  CHECK(d.s.request.draft.field_id.empty());
  d.on(RequestChooseField{"xay-dung", d.t()});
  CHECK(d.s.screen == Screen::RequestReview);
  d.on(RequestBack{d.t()});
  CHECK(d.s.screen == Screen::RequestSignature);  // the path, not the detour
}

TEST_CASE("a failed commit keeps everything and says why, and a retry can succeed") {
  Driver d;
  d.walk_to(Screen::RequestReview);
  d.on(RequestSubmit{d.t()});
  d.on(EventSubmitFailed{"Bộ nhớ của máy đã đầy", "The terminal's storage is full"});
  CHECK(d.s.screen == Screen::RequestReview);
  CHECK(d.s.request.sending == Sending::Failed);
  CHECK(d.s.request.error_vi == "Bộ nhớ của máy đã đầy");
  CHECK(d.s.request.draft.personal.full_name == "Nguyễn Thị Ánh Tuyết");
  d.on(RequestSubmit{d.t()});
  CHECK(d.effect<EffectSubmitRequest>() != nullptr);
  CHECK(d.s.request.error_vi.empty());
}

TEST_CASE("the question box refuses the 4,001st character and says so") {
  Driver d;
  d.walk_to(Screen::RequestQuestion);
  d.s.request.draft.question = std::string(3999, 'a');
  d.on(RequestFocus{TextField::Question, d.t()});
  d.type(" ");
  CHECK(count_code_points(d.s.request.draft.question) == 4000);
  CHECK_FALSE(d.s.entry.limit_reached);
  d.type("b");
  CHECK(count_code_points(d.s.request.draft.question) == 4000);
  CHECK(d.s.entry.limit_reached);
  d.on(EventBackspace{d.t()});
  CHECK_FALSE(d.s.entry.limit_reached);
  CHECK(count_code_points(d.s.request.draft.question) == 3999);
}

TEST_CASE("a doubtful CCCD warns once, then goes on") {
  Driver d;
  d.walk_to(Screen::RequestPersonal);
  d.fill(TextField::FullName, "Lee Vawn An");
  d.fill(TextField::Address, "Khoms 3, Vinhx Linh");
  d.fill(TextField::MailingAddress, "Hoojp thw 12, Hoof Xa");
  d.fill(TextField::Cccd, "099190001234");
  d.on(RequestNext{d.t()});
  CHECK(d.s.screen == Screen::RequestPersonal);
  REQUIRE(d.s.entry.warnings.size() == 1);
  CHECK(d.s.entry.warnings[0].warning == Warning::CccdProvince);
  d.on(RequestNext{d.t()});
  CHECK(d.s.screen == Screen::RequestConsent);
  d.on(RequestBack{d.t()});
  d.fill(TextField::Cccd, "5");  // 13 digits: a hard stop
  d.on(RequestNext{d.t()});
  CHECK(d.s.entry.problem_of(TextField::Cccd) == Problem::CccdDigits);
}

TEST_CASE("representing several people asks how many, authorised asks for whom") {
  Driver d;
  d.walk_to(Screen::RequestStanding);
  d.on(RequestChooseStanding{Standing::Representing, d.t()});
  CHECK(d.s.entry.focus == TextField::PeopleCount);
  d.on(RequestNext{d.t()});
  CHECK(d.s.entry.problem_of(TextField::PeopleCount) == Problem::Required);
  d.type("12");
  d.on(RequestNext{d.t()});
  CHECK(d.s.screen == Screen::RequestPersonal);
  d.on(RequestBack{d.t()});
  d.on(RequestChooseStanding{Standing::Authorised, d.t()});
  CHECK(d.s.entry.focus == TextField::PrincipalName);
  d.on(RequestShift{d.t()});
  d.type("lee");
  CHECK(d.s.request.draft.personal.principal_name == "Lê");
}

TEST_CASE("input methods: VNI, plain, and the keypad of each box") {
  Driver d;
  d.walk_to(Screen::RequestQuestion);
  d.on(RequestInputMethod{InputMethod::Vni, d.t()});
  d.fill(TextField::Question, " Vie65t");
  CHECK(d.s.request.draft.question.ends_with("Việt"));
  d.walk_to(Screen::RequestPersonal);
  d.fill(TextField::Email, "as.nguyen@gmail.com");  // e-mail is never Vietnamised
  CHECK(d.s.request.draft.personal.email == "as.nguyen@gmail.com");
  d.fill(TextField::Phone, "abc");
  CHECK(d.s.request.draft.personal.phone == "0912345678");
}

TEST_CASE("rating: a level is needed, then it is queued, then thanks") {
  Driver d;
  d.on(RequestOpen{Screen::Rating, d.t()});
  d.on(RequestSubmitRating{d.t()});
  CHECK(d.s.entry.problem_of(Subject::Score) == Problem::Required);
  CHECK(d.effect<EffectSubmitRating>() == nullptr);
  d.on(RequestRate{3, d.t()});
  d.fill(TextField::RatingComment, "Nhanh, gonj");
  d.on(RequestSubmitRating{d.t()});
  const auto* fx = d.effect<EffectSubmitRating>();
  REQUIRE(fx != nullptr);
  CHECK(fx->rating.score == 3);
  CHECK(fx->rating.comment == "Nhanh, gọn");
  d.on(EventRatingSaved{});
  CHECK(d.s.screen == Screen::RatingThanks);
  CHECK(d.s.rating.draft.score == 0);
}

TEST_CASE("agency information: list, then one body") {
  Driver d;
  d.on(RequestOpen{Screen::AgencyInfo, d.t()});
  d.on(RequestShowAgency{"so-noi-vu-quang-tri", d.t()});
  CHECK(d.s.screen == Screen::AgencyDetail);
  CHECK(d.s.agencies.agency_id == "so-noi-vu-quang-tri");
  d.on(RequestBack{d.t()});
  CHECK(d.s.screen == Screen::AgencyInfo);
}

TEST_CASE("every screen has a name for --screen and the tests") {
  for (Screen s : kSteps) {
    Screen back{};
    CHECK(parse_screen(screen_name(s), back));
    CHECK(back == s);
  }
}

TEST_CASE("a list's page is kept while on the screen and starts over on the next one") {
  Driver d;
  d.walk_to(Screen::RequestAgency);
  d.on(RequestPage{2, d.t()});
  CHECK(d.s.entry.list_page == 2);
  d.on(RequestPage{-1, d.t()});
  CHECK(d.s.entry.list_page == 0);
  d.on(RequestPage{1, d.t()});
  d.on(RequestChooseAgency{"so-xay-dung-quang-tri", d.t()});
  CHECK(d.s.entry.list_page == 0);
}
