// What goes on paper: the receipt (Thông tư 01/2023/TT-VPCP layout, DOMAIN.md), the status slip,
// the staff's daily summary and the technician's test page, as blocks of text and one QR code.
// Pure: `device/` turns a Printout into a 1-bit raster for 80 mm or 58 mm paper.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "case_view.hpp"
#include "request.hpp"

namespace kiosk {

enum class BlockStyle {
  Heading,  // bold, centred: the document's title
  Code,     // very large, bold: the case code
  Label,    // bold: "Cơ quan giải trình:"
  Body,     // regular, wrapped
  Small,    // smaller, wrapped: footers
  Rule,     // a line across the paper
  Gap,      // some blank paper
};

struct PrintBlock {
  BlockStyle style = BlockStyle::Body;
  std::string text;
  bool centred = false;
};

struct Printout {
  std::string qr;                  // the QR's content (status URL); empty: no QR
  std::vector<PrintBlock> beside;  // next to the QR in the top-left corner (title, code)
  std::vector<PrintBlock> blocks;  // then across the paper
};

// The centre and terminal as printed on every slip.
struct PrintHeader {
  std::string center_name;
  std::string center_address;
  std::string hotline;
  std::string terminal_id;
  std::string issuing_system = "Giải Trình Kiosk";
};

// Everything a receipt says, kept as data in the print queue so a reprint is the same paper.
// The requester's name and phone arrive masked; they are dropped once the portal has the case.
struct ReceiptFacts {
  Receipt receipt;
  std::string agency_name, field_name;
  std::string status_url;
  std::string requester_masked;  // "Nguyễn *** An"; empty once forgotten
  std::string phone_masked;      // "0912 *** 678"
};

// "Nguyễn Văn Bình An" -> "Nguyễn *** An"; "Lê Na" -> "Lê N***"; one word -> its first letter.
[[nodiscard]] std::string mask_name(std::string_view full_name);
// "0912345678" -> "0912 *** 678"; anything shorter than 7 digits -> "***".
[[nodiscard]] std::string mask_phone(std::string_view phone);

// The receipt ("PHIẾU TIẾP NHẬN YÊU CẦU GIẢI TRÌNH"); `printed_at` is the issue time (RFC 3339).
[[nodiscard]] Printout receipt_printout(const ReceiptFacts& facts, const PrintHeader& header,
                                        std::string_view printed_at);
// Where a case stands, from the status screen; `status_url` (with the lookup token) becomes its QR.
[[nodiscard]] Printout status_slip_printout(const CaseView& view, std::string_view status_url,
                                            const PrintHeader& header, std::string_view printed_at,
                                            Date today, const WorkingDayCalendar& calendar);

// One line of the staff's day: no personal data.
struct DayCase {
  std::string code;
  std::string created_at;  // RFC 3339
  std::string sync_state;  // queued | synced | needs_attention
};
[[nodiscard]] Printout daily_summary_printout(Date day, const std::vector<DayCase>& cases,
                                              int print_failures, const PrintHeader& header,
                                              std::string_view printed_at);
// For the technician: both fonts, every Vietnamese tone mark, a QR, a ruler of the paper's width.
[[nodiscard]] Printout test_page_printout(const PrintHeader& header, std::string_view printer,
                                          std::string_view printed_at);

// The print queue keeps receipt facts as JSON.
[[nodiscard]] std::string receipt_facts_json(const ReceiptFacts& facts);
[[nodiscard]] std::expected<ReceiptFacts, std::string> parse_receipt_facts(std::string_view json);

// Status slips, summaries and test pages are queued as the printout itself.
[[nodiscard]] std::string printout_json(const Printout& p);
[[nodiscard]] std::expected<Printout, std::string> parse_printout(std::string_view json);

// "14:05 25/11/2026" from RFC 3339 (the time as written, Vietnam time); the input when unreadable.
[[nodiscard]] std::string format_vi_datetime(std::string_view rfc3339);

}  // namespace kiosk

namespace kiosk {

// What the printer said, or what went wrong reaching it; in words for residents and staff.
enum class PrinterState { Ready, PaperOut, CoverOpen, Offline, Error, Disabled, Unknown };
[[nodiscard]] std::string_view printer_state_id(PrinterState s);  // "ready", "paper_out", …
// The state an id (or a stored "paper_out: detail") names; Unknown for anything else.
[[nodiscard]] PrinterState parse_printer_state(std::string_view id_or_error);
[[nodiscard]] std::string_view printer_state_vi(PrinterState s);
[[nodiscard]] std::string_view printer_state_en(PrinterState s);

}  // namespace kiosk
