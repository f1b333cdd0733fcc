// The request path: body, field, decision, question, standing, personal details, consent,
// signature, review, submit and the receipt. Its state is the draft and how sending it went.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "request.hpp"
#include "step.hpp"
#include "text_entry.hpp"

namespace kiosk {

enum class Sending { Idle, Waiting, Failed };  // a commit to the outbox, asked for and answered

struct RequestPath {
  RequestDraft draft;
  bool editing_from_review = false;  // "Tiếp tục" returns to the review
  Sending sending = Sending::Idle;
  std::string error_vi, error_en;  // Failed: why, in words; everything typed stays
  bool not_set_up = false;         // Failed because the terminal cannot take requests yet
  std::optional<Receipt> receipt;  // after the commit; the draft's personal data is gone
  PaperState receipt_paper = PaperState::None;
  PrinterState paper_problem = PrinterState::Unknown;  // why the receipt did not print
};

// --- Events ----------------------------------------------------------------------------------
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
  bool not_set_up = false;  // no portal key, catalog or store: the terminal cannot take requests
};
using RequestEvent =
    std::variant<RequestEdit, RequestChooseAgency, RequestChooseField, RequestToggleAspect,
                 RequestChooseStanding, RequestConsentAnswer, EventSignatureStroke,
                 RequestClearSignature, RequestSubmit, EventSubmitted, EventSubmitFailed>;

// The request path in order, as the review's "Sửa" buttons and the progress line count it.
[[nodiscard]] std::vector<Screen> request_steps();
[[nodiscard]] bool is_request_step(Screen s);
// The text of one of the request's boxes (null for a box that is not the request's).
[[nodiscard]] std::string* request_text(RequestPath& r, TextField f);

// "Tiếp tục" on a step: checks it, then the next step (or back to the review).
void request_next(RequestPath& r, Entry& entry, Step& step);
void reduce_request(RequestPath& r, Entry& entry, const RequestEvent& event, Step& step);
// A receipt printed or failed.
void request_printed(RequestPath& r, const std::string& case_code, bool printed,
                     PrinterState state);

}  // namespace kiosk
