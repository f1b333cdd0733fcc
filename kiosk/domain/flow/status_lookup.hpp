// "Tra cứu hồ sơ": a scanned receipt or a typed code and lookup code, the lookup, the case as
// the status screen shows it, and its status slip.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "case_view.hpp"
#include "qr_payload.hpp"
#include "step.hpp"
#include "text_entry.hpp"

namespace kiosk {

enum class Lookup { Idle, Waiting, Failed };  // Failed: `outcome` says how

struct StatusLookup {
  std::string code, token;                       // typed or scanned
  PayloadError scan_error = PayloadError::None;  // the last scan or typed code was refused
  Lookup lookup = Lookup::Idle;
  LookupOutcome outcome = LookupOutcome::Found;        // of the last lookup that found nothing
  CaseView view;                                       // what StatusResult shows
  PaperState slip_paper = PaperState::None;            // the status slip on the StatusResult screen
  PrinterState paper_problem = PrinterState::Unknown;  // why the slip did not print
};

struct RequestLookup {
  std::int64_t now_ms;
};  // "Tra cứu" with a typed code and lookup code
struct EventLookupDone {
  LookupOutcome outcome;
  CaseView view;  // when found
};
struct RequestPrintStatusSlip {
  std::int64_t now_ms;
};
using LookupEvent = std::variant<RequestLookup, EventLookupDone, RequestPrintStatusSlip>;

[[nodiscard]] std::string* lookup_text(StatusLookup& l, TextField f);
// A receipt's QR (or a bare case code) held to the scanner on a screen where it counts.
void lookup_scanned(StatusLookup& l, Entry& entry, const std::string& payload, Step& step);
void reduce_lookup(StatusLookup& l, Entry& entry, const LookupEvent& event, Step& step);
void slip_printed(StatusLookup& l, const std::string& case_code, bool printed, PrinterState state);

}  // namespace kiosk
