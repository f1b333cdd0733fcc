// The screen flow as data: reduce(State, Event) -> State + Effects. Pure: no clock, no I/O.
// Time arrives inside events (milliseconds on a monotonic clock the app owns).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "case_view.hpp"
#include "printout.hpp"
#include "provisioning.hpp"
#include "qr_payload.hpp"
#include "request.hpp"
#include "validation.hpp"
#include "vietnamese_input.hpp"

namespace kiosk {

enum class Screen {
  Home,
  RequestIntro,      // "Yêu cầu giải trình": who may ask, what is out of scope
  RequestAgency,     // which body
  RequestField,      // which field
  RequestDecision,   // which decision or act, how it affects the requester, which aspects
  RequestQuestion,   // the question in the resident's own words
  RequestStanding,   // for myself / authorised / representing N people
  RequestPersonal,   // name, address, phone or mailing address, CCCD, email
  RequestConsent,    // personal-data consent (Nghị định 13/2023)
  RequestSignature,  // signature on the touchscreen
  RequestReview,     // everything on one screen, "Sửa" back to any step, submit
  RequestReceipt,    // case code, QR, deadlines, what next
  StatusLookup,   // "Tra cứu hồ sơ": scan the receipt's QR, or type the code and lookup code
  StatusResult,   // where the case stands: state, timeline, deadlines, answer, what next
  PublicAnswers,  // "Giải trình đã công khai": answers the agencies published
  Rating,         // "Đánh giá mức độ hài lòng"
  RatingThanks,
  AgencyInfo,    // "Thông tin cơ quan, thủ tục": the bodies
  AgencyDetail,  // one body's functions, competence, contact, procedure and time limits
  StaffPin,      // reached by the hidden gesture: the staff PIN
  Staff,         // today's cases, the print queue and reprints, rows needing attention, printer
  Provisioning,  // first boot (no portal known) or a technician's "Cấu hình lại": enroll the
                 // terminal
  Technician,    // information, network check, printer, scanner test, touch test
};

// The text boxes a resident types into; each has a keypad kind.
enum class TextField {
  None,
  DecisionNumber,
  DecisionDate,
  Impact,
  Question,
  PeopleCount,
  PrincipalName,
  FullName,
  Address,
  Phone,
  MailingAddress,
  Cccd,
  Email,
  RatingComment,
  StatusCode,    // the case code, typed
  StatusToken,   // the lookup code printed beside it
  StaffPin,      // shown as dots
  StaffCode,     // a case code to reprint
  ProvPortal,    // provisioning, typed: the portal's URL
  ProvCode,      //   the one-time enrollment code
  ProvCa,        //   the CA certificate's SHA-256
  ProvCenter,    //   the centre's id (optional)
  TechPinNew,    // first boot: the technician PIN, chosen
  TechPinAgain,  //   and typed again
};

enum class Keypad { Letters, Digits, DateDigits, Email };
[[nodiscard]] Keypad keypad_for(TextField f);
[[nodiscard]] bool is_pin_field(TextField f);      // digits only, shown as dots
[[nodiscard]] std::size_t max_chars(TextField f);  // the keyboard stops there and says so

// What a check is about: a text box, or a choice on the screen.
enum class Subject {
  Agency,
  Field,
  Aspects,
  Consent,
  Signature,
  Contact,
  Score,
  Text,  // see the TextField
};

struct FieldProblem {
  TextField field = TextField::None;  // for Subject::Text
  Subject subject = Subject::Text;
  Problem problem = Problem::None;
};
struct FieldWarning {
  TextField field;
  Warning warning;
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
  bool needs_reprovisioning = false;  // the portal refused the token (401): for a technician
};

// Everything the request path holds while the resident is on it; wiped with the session.
enum class LookupOutcome { Found, NotFound, Unreachable, TooManyTries };

// How a piece of paper the resident is waiting for is doing.
enum class PaperState { None, Printing, Printed, Failed };

// What staff see (no personal data): loaded by the app from the store when they sign in.
struct StaffJob {
  std::int64_t id = 0;
  std::string kind;  // receipt | status_slip | summary | test
  std::string case_code;
  std::string state;  // queued | printing | printed | failed
  std::string error;  // "paper_out: …"
  std::string created_at;
};
struct StaffAttention {
  std::string case_code, kind, created_at, reason;
};
struct StaffOverview {
  std::vector<DayCase> today;
  std::vector<StaffJob> jobs;  // newest first
  std::vector<StaffAttention> attention;
};

enum class PinVerdict { Ok, Wrong, Locked, NotSet, Unavailable };
enum class PinRole { Staff, Technician };

// A technician's screen: a line of facts (label, value, good/bad).
struct TechLine {
  std::string label, value;
  bool ok = true;
};
enum class StaffPrint { TestPage, DailySummary };

struct RequestSession {
  RequestDraft draft;
  TextField focus = TextField::None;
  bool shift = false;                  // next letter upper case (one shot)
  std::vector<FieldProblem> problems;  // why "Tiếp tục" did not go on
  std::vector<FieldWarning> warnings;  // shown once; a second "Tiếp tục" goes on
  bool warnings_seen = false;
  bool limit_reached = false;                    // the last key was refused: the box is full
  bool editing_from_review = false;              // "Tiếp tục" returns to the review
  bool submitting = false;                       // waiting for the commit
  std::string submit_error_vi, submit_error_en;  // the commit failed: say why, keep everything
  bool has_receipt = false;
  Receipt receipt;
  RatingDraft rating;
  bool rating_submitting = false;
  std::string info_agency_id;  // "Thông tin cơ quan": the body being read
  // "Tra cứu hồ sơ"
  std::string status_code, status_token;
  PayloadError scan_error = PayloadError::None;  // the last scan or typed code was refused
  bool looking_up = false;
  LookupOutcome lookup_outcome = LookupOutcome::Found;  // of the last lookup that found nothing
  bool lookup_failed = false;
  CaseView case_view;                           // what StatusResult shows
  int list_page = 0;                            // the page of a long list of bodies or fields
  PaperState receipt_paper = PaperState::None;  // the receipt on the RequestReceipt screen
  PaperState slip_paper = PaperState::None;     // the status slip on the StatusResult screen
  PrinterState paper_problem = PrinterState::Unknown;  // why the last paper failed
  // Staff mode (wiped with the session like everything else here)
  std::string staff_pin;
  bool pin_checking = false;
  PinVerdict pin_verdict = PinVerdict::Ok;  // of the last check that failed
  int pin_tries_left = 0;
  std::int64_t pin_wait_s = 0;
  bool staff_signed_in = false;
  std::string staff_code;  // "In lại theo mã hồ sơ"
  int staff_tab = 0;       // Today, Print queue, Attention, Printer
  StaffOverview staff;
  std::string staff_note_vi, staff_note_en;  // what the last action did
  // Technician mode and provisioning
  bool tech_signed_in = false;
  int tech_tab = 0;  // Information, Network, Printer, Scanner, Touch
  std::vector<TechLine> tech_info, tech_network;
  bool network_checking = false;
  std::string scan_test;          // what the scanner read last, shown as it came
  std::vector<bool> touch_cells;  // the touch test grid: cells touched so far
  std::string prov_portal, prov_code, prov_ca, prov_center, tech_pin_new, tech_pin_again;
  ProvisioningError prov_error = ProvisioningError::None;  // of the fields or the scanned QR
  bool prov_busy = false;
  bool prov_pin_mismatch = false;                // the two technician PINs differ (or are too weak)
  std::string prov_message_vi, prov_message_en;  // the portal's answer, in words
  bool prov_failed = false;
  bool prov_queue_waiting = false;  // refused for unsent submissions: offer the export
};

struct PrinterInfo {
  PrinterState state = PrinterState::Unknown;
  std::string name;  // "tcp 10.0.0.5:9100", "off"
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
  InputMethod input_method = InputMethod::Telex;  // the terminal's default, kept across sessions
  ToneStyle tone_style = ToneStyle::Modern;
  VietnameseInput ime;      // the word being composed
  int current_year = 2026;  // for the CCCD birth-year check; the app keeps it current
  std::string portal_url;   // receipts' QR codes point here; scans of other URLs are refused
  PrinterInfo printer;
  int hidden_taps = 0;  // the staff gesture: taps on the home screen's top-right corner
  std::int64_t first_hidden_tap_ms = 0;
  std::int64_t staff_idle_ms = 120'000;  // staff mode leaves by itself after 2 minutes
  bool needs_provisioning = false;       // no portal known: the provisioning screen instead of home
  bool technician_pin_set = false;
  RequestSession request;
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
struct RequestNext {
  std::int64_t now_ms;
};  // "Tiếp tục": check this screen, then the next one
struct RequestEdit {
  Screen screen;
  std::int64_t now_ms;
};  // "Sửa" on the review: that step, then back to the review
struct RequestChooseAgency {
  std::string agency_id;
  std::int64_t now_ms;
};
struct RequestChooseField {
  std::string field_id;
  std::int64_t now_ms;
};
struct RequestToggleAspect {
  unsigned aspect;
  std::int64_t now_ms;
};
struct RequestChooseStanding {
  Standing standing;
  std::int64_t now_ms;
};
struct RequestConsentAnswer {
  bool agree;
  std::int64_t now_ms;
};
struct RequestFocus {
  TextField field;
  std::int64_t now_ms;
};
struct EventKey {
  char32_t key;
  std::int64_t now_ms;
};  // a key of the on-screen keyboard
struct EventBackspace {
  std::int64_t now_ms;
};
struct RequestShift {
  std::int64_t now_ms;
};
struct RequestInputMethod {
  InputMethod method;
  std::int64_t now_ms;
};
struct EventSignatureStroke {
  SignatureStroke stroke;
  std::int64_t now_ms;
};
struct RequestClearSignature {
  std::int64_t now_ms;
};
struct RequestSubmit {
  std::int64_t now_ms;
};
struct EventSubmitted {
  Receipt receipt;
};  // the outbox commit returned
struct EventSubmitFailed {
  std::string message_vi, message_en;
};
struct RequestRate {
  int score;
  std::int64_t now_ms;
};
struct RequestSubmitRating {
  std::int64_t now_ms;
};
struct EventRatingSaved {};
struct RequestShowAgency {
  std::string agency_id;
  std::int64_t now_ms;
};
struct RequestPage {
  int page;  // the list page to show (the screen knows how many fit)
  std::int64_t now_ms;
};

struct EventScanned {
  std::string payload;  // what a scanner read (wedge or serial), as it came
  std::int64_t now_ms;
};
struct RequestLookup {
  std::int64_t now_ms;
};  // "Tra cứu" with a typed code and lookup code
struct EventLookupDone {
  LookupOutcome outcome;
  CaseView view;  // when found
};

// Paper and staff mode
struct EventPrinted {
  std::string kind;  // receipt | status_slip | summary | test
  std::string case_code;
  bool printed;
  PrinterState state;
};
struct EventPrinterState {
  PrinterInfo printer;
};
struct RequestPrintStatusSlip {
  std::int64_t now_ms;
};
struct RequestHiddenTap {
  std::int64_t now_ms;
};  // the home screen's top-right corner: 5 taps within 4 s open the staff PIN
struct EventPinChecked {
  PinVerdict verdict;
  PinRole role = PinRole::Staff;  // whose PIN it was, when Ok
  int tries_left = 0;             // before a lockout
  std::int64_t wait_s = 0;        // locked: seconds left
};
struct EventStaffData {
  StaffOverview overview;
  std::string note_vi, note_en;
};
struct RequestReprint {
  std::int64_t job_id;  // 0: the receipt of the typed code
  std::int64_t now_ms;
};
struct RequestStaffPrint {
  StaffPrint what;
  std::int64_t now_ms;
};
struct RequestStaffTab {
  int tab;
  std::int64_t now_ms;
};

struct RequestTechTab {
  int tab;
  std::int64_t now_ms;
};
struct RequestNetworkCheck {
  std::int64_t now_ms;
};
struct EventNetworkChecked {
  std::vector<TechLine> lines;
};
struct EventTechInfo {
  std::vector<TechLine> lines;
};
struct RequestTouchCell {
  int cell;
  int cells;  // how many the grid has
  std::int64_t now_ms;
};
struct RequestProvision {
  bool export_queue;  // move unsent submissions (sealed) to a file first
  std::int64_t now_ms;
};
struct EventProvisioned {
  bool ok;
  bool queue_waiting = false;
  std::string message_vi, message_en;
};

using Event = std::variant<
    EventTouch, EventTick, RequestOpen, RequestBack, RequestCancel, RequestLanguage,
    EventConnectivity, RequestNext, RequestEdit, RequestChooseAgency, RequestChooseField,
    RequestToggleAspect, RequestChooseStanding, RequestConsentAnswer, RequestFocus, EventKey,
    EventBackspace, RequestShift, RequestInputMethod, EventSignatureStroke, RequestClearSignature,
    RequestSubmit, EventSubmitted, EventSubmitFailed, RequestRate, RequestSubmitRating,
    EventRatingSaved, RequestShowAgency, RequestPage, EventScanned, RequestLookup, EventLookupDone,
    EventPrinted, EventPrinterState, RequestPrintStatusSlip, RequestHiddenTap, EventPinChecked,
    EventStaffData, RequestReprint, RequestStaffPrint, RequestStaffTab, RequestTechTab,
    RequestNetworkCheck, EventNetworkChecked, EventTechInfo, RequestTouchCell, RequestProvision,
    EventProvisioned>;

// --- Effects: what the app must do after a reduction ----------------------------------------
struct EffectWipeSession {};  // forget everything the resident entered
struct EffectWakeAt {
  std::int64_t at_ms;
};  // the next moment a Tick is needed
struct EffectRedraw {};
struct EffectSubmitRequest {
  RequestDraft draft;
};  // commit to the outbox, then answer EventSubmitted or EventSubmitFailed
struct EffectSubmitRating {
  RatingDraft rating;
};  // commit to the outbox, then answer EventRatingSaved (or EventSubmitFailed)

struct EffectLookupStatus {
  std::string code, token;
  std::string phone4;  // instead of the token: the last 4 digits of the phone (online only)
};  // outbox, then the portal (short timeout), then the cache; answer EventLookupDone

struct EffectPrintStatusSlip {
  CaseView view;
  std::string code, token;  // the QR's status URL when the token is known
};
struct EffectCheckPin {
  std::string pin;
};                          // answer EventPinChecked
struct EffectLoadStaff {};  // answer EventStaffData
struct EffectReprint {
  std::int64_t job_id;
  std::string case_code;  // when job_id is 0
};                        // queue it again, then EventStaffData with a note
struct EffectStaffPrint {
  StaffPrint what;
};

struct EffectLoadTechInfo {};  // answer EventTechInfo
struct EffectCheckNetwork {};  // answer EventNetworkChecked
struct EffectProvision {
  Provisioning target;
  std::string technician_pin;  // first boot: set it before enrolling
  bool export_queue = false;
};  // answer EventProvisioned

using Effect = std::variant<EffectWipeSession, EffectWakeAt, EffectRedraw, EffectSubmitRequest,
                            EffectSubmitRating, EffectLookupStatus, EffectPrintStatusSlip,
                            EffectCheckPin, EffectLoadStaff, EffectReprint, EffectStaffPrint,
                            EffectLoadTechInfo, EffectCheckNetwork, EffectProvision>;

struct Reduction {
  State state;
  std::vector<Effect> effects;
};

[[nodiscard]] Reduction reduce(State state, const Event& event);

// The text a box holds in the current request.
[[nodiscard]] const std::string& field_text(const State& s, TextField f);
// The first problem of a text box (Problem::None when it passed or was not checked).
[[nodiscard]] Problem problem_of(const State& s, TextField f);
[[nodiscard]] Problem problem_of(const State& s, Subject subject);

// The request path in order, as the review's "Sửa" buttons and the progress line count it.
[[nodiscard]] std::vector<Screen> request_steps();

// When the next Tick must arrive for the idle policy to work, or -1 when no timer is needed.
[[nodiscard]] std::int64_t next_idle_deadline(const State& state);

}  // namespace kiosk
